package io.vrrpd.daemon.runtime;

import io.vrrpd.core.IpText;
import io.vrrpd.core.VrrpVersion;
import io.vrrpd.core.packet.Advertisement;
import io.vrrpd.core.packet.DecodedAdvert;
import io.vrrpd.core.packet.ReceiveExpectations;
import io.vrrpd.core.packet.ReceiveVerdict;
import io.vrrpd.core.packet.RejectReason;
import io.vrrpd.daemon.instance.Instance;
import io.vrrpd.daemon.instance.InstanceCounters;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.net.ReceivedAdvert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import io.vrrpd.core.packet.UnicastPeers;

/**
 * The receive-thread side of one instance: counts rejections, logs peers that disagree with our
 * configuration once per change (RFC 6527 names; the peers configured apart, whose adverts are
 * dropped, through {@link PeerRejectionLog}), and posts accepted adverts to the loop with their
 * version.
 */
final class InstanceReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceReceiver.class);

    private final Instance instance;
    private final EventLoop loop;
    /** Replaced by the loop when a unicast instance's own address is known or changes. */
    private volatile ReceiveExpectations expectations;
    private final InstanceCounters counters;
    /** The interval of our VRRPv3 adverts, in centiseconds (unused by a VRRPv2 instance). */
    private final int advertIntervalCs;
    /**
     * The interval of our VRRPv2 adverts: our own for a VRRPv2 instance, rounded up to whole seconds in
     * mixed mode (what VRRPv2 routers beside us must advertise); 0 when we send none.
     */
    private final int v2AdvertIntervalCs;
    private final PeerRejectionLog rejections;
    /** What peers last disagreed on; {@link #AGREES} when nothing. Compared per advert, logged per change. */
    private final AtomicReference<Disagreement> lastDisagreement = new AtomicReference<>(Disagreement.AGREES);

    /** A peer's addresses (null: same as ours) and interval (0: same as ours). */
    private record Disagreement(List<InetAddress> addresses, int intervalCs) {
        static final Disagreement AGREES = new Disagreement(null, 0);
    }

    InstanceReceiver(Instance instance, EventLoop loop, ReceiveExpectations expectations) {
        this.instance = instance;
        this.loop = loop;
        this.expectations = expectations;
        this.counters = instance.counters();
        this.advertIntervalCs = instance.spec().advertIntervalCs();
        this.v2AdvertIntervalCs = instance.spec().v2AdvertIntervalCs();
        this.rejections = new PeerRejectionLog(instance.spec());
    }

    ReceiveExpectations expectations() {
        return expectations;
    }

    /** Loop thread: the peers and local address a unicast instance hears from now on. */
    void unicast(UnicastPeers peers) {
        if (!peers.equals(expectations.unicast())) {
            expectations = expectations.withUnicast(peers);
        }
    }

    /**
     * An advert of this instance's VRID dropped for {@code reason}; {@code advert} is the decoded
     * advert when tier 2 judged it, null when tier 1 refused it ({@code detail} then says why).
     */
    void rejected(RejectReason reason, String detail, ReceivedAdvert frame, Advertisement advert) {
        counters.rejected(reason.hasMibCounter() ? reason.mibCounter() : reason.metricName());
        rejections.rejected(reason, frame, advert);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: dropped advert from {} ({}{})", instance.name(), IpText.format(frame.sourceInetAddress()),
                    reason.metricName(), detail == null ? "" : ": " + detail);
        }
    }

    void accepted(ReceivedAdvert frame, byte[] source, DecodedAdvert decoded, ReceiveVerdict verdict) {
        Advertisement advert = decoded.advert();
        VrrpVersion version = advert.version();
        rejections.accepted(frame, source);
        boolean addressMismatch = verdict.kind() == ReceiveVerdict.Kind.ACCEPT_ADDRESS_LIST_MISMATCH;
        // a VRRPv2 advert says whole seconds: in mixed mode compare it with what ours say, not our finer interval
        int ours = version == VrrpVersion.V2 ? v2AdvertIntervalCs : advertIntervalCs;
        boolean intervalMismatch = advert.maxAdvertInterval() != ours && advert.priority() != 0;
        if (addressMismatch) {
            counters.addressListMismatch();
        }
        if (intervalMismatch) {
            counters.intervalMismatch();
        }
        if (addressMismatch || intervalMismatch || lastDisagreement.get() != Disagreement.AGREES) {
            noteDisagreement(frame, advert, addressMismatch, intervalMismatch, ours);   // nothing allocated while peers agree
        }
        int priority = advert.priority();
        int interval = advert.maxAdvertInterval();
        loop.post(() -> instance.advertReceived(source, priority, interval, version));
    }

    /** One log line per change of what a peer disagrees on, not one per advert. */
    private void noteDisagreement(ReceivedAdvert frame, Advertisement advert, boolean addresses, boolean interval,
                                  int oursCs) {
        Disagreement now = addresses || interval
                ? new Disagreement(addresses ? advert.addresses() : null, interval ? advert.maxAdvertInterval() : 0)
                : Disagreement.AGREES;
        Disagreement previous = lastDisagreement.getAndSet(now);
        if (now.equals(previous)) {
            return;
        }
        String peer = IpText.format(frame.sourceInetAddress());
        if (addresses) {
            LOG.warn("{}: peer {} advertises addresses {} but we have {} (vrrpv3StatisticsAddressListErrors)",
                    instance.name(), peer, render(advert.addresses()), render(expectations.virtualAddresses()));
        }
        if (interval) {
            LOG.warn("{}: peer {} advertises an interval of {} cs{} but ours is {} cs; a backup adopts the master's",
                    instance.name(), peer, advert.maxAdvertInterval(),
                    advert.version() == VrrpVersion.V2 ? " (VRRPv2, " + advert.wireInterval() + " s)" : "", oursCs);
        }
        if (now == Disagreement.AGREES) {
            LOG.info("{}: peer {} now agrees with our addresses and interval", instance.name(), peer);
        }
    }

    private static String render(List<InetAddress> addresses) {
        return addresses.stream().map(IpText::format).toList().toString();
    }
}
