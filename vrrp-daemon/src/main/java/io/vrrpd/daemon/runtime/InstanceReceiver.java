package io.vrrpd.daemon.runtime;

import io.vrrpd.core.IpText;
import io.vrrpd.core.packet.Advertisement;
import io.vrrpd.core.packet.DecodedAdvert;
import io.vrrpd.core.packet.ReceiveExpectations;
import io.vrrpd.core.packet.ReceiveVerdict;
import io.vrrpd.core.packet.RejectReason;
import io.vrrpd.daemon.instance.Instance;
import io.vrrpd.daemon.instance.InstanceCounters;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.loop.OwnedTask;
import io.vrrpd.daemon.net.ReceivedAdvert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import io.vrrpd.core.packet.UnicastPeers;

/**
 * The receive-thread side of one instance: counts rejections, logs peers that disagree with our
 * configuration once per change (RFC 6527 names), and hands accepted adverts to the loop.
 *
 * <p>Adverts are coalesced: the newest accepted advert replaces one the loop has not processed
 * yet, and only the first of a burst posts a task. So the loop's queue holds at most one advert
 * task per instance however fast adverts arrive (a forged flood, a busy loop), and the state
 * machine always acts on the newest view of the LAN. Every advert is still counted here.
 */
final class InstanceReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceReceiver.class);

    private final Instance instance;
    private final EventLoop loop;
    /** Replaced by the loop when a unicast instance's own address is known or changes. */
    private volatile ReceiveExpectations expectations;
    private final InstanceCounters counters;
    private final int advertIntervalCs;
    /** What peers last disagreed on; {@link #AGREES} when nothing. Compared per advert, logged per change. */
    private final AtomicReference<Disagreement> lastDisagreement = new AtomicReference<>(Disagreement.AGREES);
    /** The newest accepted advert the loop has not taken yet, or null. */
    private final AtomicReference<Pending> pending = new AtomicReference<>();
    /** The one task that hands {@link #pending} to the instance, built once. */
    private final OwnedTask deliver;

    /** An accepted advert waiting for the loop. */
    private record Pending(byte[] source, int priority, int intervalCs) {
    }

    /** A peer's addresses (null: same as ours) and interval (0: same as ours). */
    private record Disagreement(List<InetAddress> addresses, int intervalCs) {
        static final Disagreement AGREES = new Disagreement(null, 0);
    }

    InstanceReceiver(Instance instance, EventLoop loop, ReceiveExpectations expectations, int advertIntervalCs) {
        this.instance = instance;
        this.loop = loop;
        this.expectations = expectations;
        this.counters = instance.counters();
        this.advertIntervalCs = advertIntervalCs;
        this.deliver = new OwnedTask(instance, this::deliverPending);
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

    void rejected(RejectReason reason, String detail, ReceivedAdvert frame) {
        counters.rejected(reason.hasMibCounter() ? reason.mibCounter() : reason.metricName());
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: dropped advert from {} ({}{})", instance.name(), IpText.format(frame.sourceInetAddress()),
                    reason.metricName(), detail == null ? "" : ": " + detail);
        }
    }

    void accepted(ReceivedAdvert frame, byte[] source, DecodedAdvert decoded, ReceiveVerdict verdict) {
        Advertisement advert = decoded.advert();
        boolean addressMismatch = verdict.kind() == ReceiveVerdict.Kind.ACCEPT_ADDRESS_LIST_MISMATCH;
        boolean intervalMismatch = advert.maxAdvertInterval() != advertIntervalCs && advert.priority() != 0;
        if (addressMismatch) {
            counters.addressListMismatch();
        }
        if (intervalMismatch) {
            counters.intervalMismatch();
        }
        if (addressMismatch || intervalMismatch || lastDisagreement.get() != Disagreement.AGREES) {
            noteDisagreement(frame, advert, addressMismatch, intervalMismatch);   // nothing allocated while peers agree
        }
        int priority = advert.priority();
        counters.advertReceived(priority);
        if (pending.getAndSet(new Pending(source, priority, advert.maxAdvertInterval())) == null) {
            loop.post(deliver);
        } else {
            counters.advertCoalesced();   // the loop had not taken the previous one: it sees this one instead
        }
    }

    /** Loop thread: the newest advert to the instance. */
    private void deliverPending() {
        Pending p = pending.getAndSet(null);
        if (p != null) {
            instance.advertReceived(p.source(), p.priority(), p.intervalCs());
        }
    }

    /** One log line per change of what a peer disagrees on, not one per advert. */
    private void noteDisagreement(ReceivedAdvert frame, Advertisement advert, boolean addresses, boolean interval) {
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
            LOG.warn("{}: peer {} advertises an interval of {} cs but ours is {} cs; a backup adopts the master's",
                    instance.name(), peer, advert.maxAdvertInterval(), advertIntervalCs);
        }
        if (now == Disagreement.AGREES) {
            LOG.info("{}: peer {} now agrees with our addresses and interval", instance.name(), peer);
        }
    }

    private static String render(List<InetAddress> addresses) {
        return addresses.stream().map(IpText::format).toList().toString();
    }
}
