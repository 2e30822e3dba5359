package io.vrrpd.daemon.runtime;

import io.vrrpd.core.IpText;
import io.vrrpd.core.VrrpVersion;
import io.vrrpd.core.fsm.Timing;
import io.vrrpd.core.packet.Advertisement;
import io.vrrpd.core.packet.DecodedAdvert;
import io.vrrpd.core.packet.ReceiveExpectations;
import io.vrrpd.core.packet.ReceiveVerdict;
import io.vrrpd.core.packet.RejectReason;
import io.vrrpd.daemon.instance.Instance;
import io.vrrpd.daemon.instance.InstanceCounters;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.logging.LogLimit;
import io.vrrpd.daemon.loop.OwnedTask;
import io.vrrpd.daemon.net.ReceivedAdvert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.net.UnknownHostException;
import java.util.Objects;
import io.vrrpd.core.packet.UnicastPeers;

/**
 * The receive-thread side of one instance: counts rejections, logs peers that disagree with our
 * configuration (RFC 6527 names), the address owner hearing its own VRID (RFC 9568 erratum 8298)
 * and several routers claiming the addresses at priority 255 (section 8.3.2), and hands accepted
 * adverts to the loop. Every advert is counted; each cause (a disagreement, its end, a conflict)
 * is logged when it changes, at most once per {@link LogLimit#DEFAULT_PERIOD}, with the number
 * held back since the last line, so a peer (or a forger) that alternates cannot turn the log
 * into one line per advert.
 *
 * <p>Adverts are coalesced: the newest accepted advert replaces one the loop has not processed
 * yet, and only the first of a burst posts a task. So the loop's queue holds at most one advert
 * task per instance however fast adverts arrive (a forged flood, a busy loop), and the state
 * machine always acts on the newest view of the LAN. VRRPv3 and VRRPv2 adverts are coalesced
 * apart, so a router in mixed mode (RFC 9568 section 8.4), which sends both, never has one
 * version's advert hide the other's.
 *
 * <p>Peers configured apart (another version, authentication or VRRPv2 interval), whose adverts
 * are dropped, are logged through {@link PeerRejectionLog}.
 */
final class InstanceReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceReceiver.class);
    private static final long CS = 10_000_000L;

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
    /** The address list the log last reported a peer advertising instead of ours; null while it agreed. */
    private volatile List<InetAddress> loggedAddresses;
    /** The interval the log last reported a peer advertising instead of ours; 0 while it agreed. */
    private volatile int loggedIntervalCs;
    private final LogLimit addressesLog = new LogLimit();
    private final LogLimit addressesAgainLog = new LogLimit();
    private final LogLimit intervalLog = new LogLimit();
    private final LogLimit intervalAgainLog = new LogLimit();
    private final LogLimit ownerConflictLog = new LogLimit();
    private final LogLimit multipleOwnersLog = new LogLimit();
    /** The last router heard at priority 255, and when (System.nanoTime). */
    private volatile byte[] ownerSource;
    private volatile long ownerSeenNanos;
    /** The newest accepted VRRPv3 advert the loop has not taken yet, or null; and VRRPv2's. */
    private final AtomicReference<Pending> pendingV3 = new AtomicReference<>();
    private final AtomicReference<Pending> pendingV2 = new AtomicReference<>();
    /** The tasks that hand a pending advert to the instance, built once. */
    private final OwnedTask deliverV3;
    private final OwnedTask deliverV2;

    /** An accepted advert waiting for the loop. */
    private record Pending(byte[] source, int priority, int intervalCs) {
    }

    InstanceReceiver(Instance instance, EventLoop loop, ReceiveExpectations expectations) {
        this.instance = instance;
        this.loop = loop;
        this.expectations = expectations;
        this.counters = instance.counters();
        this.advertIntervalCs = instance.spec().advertIntervalCs();
        this.v2AdvertIntervalCs = instance.spec().v2AdvertIntervalCs();
        this.rejections = new PeerRejectionLog(instance.spec());
        this.deliverV3 = new OwnedTask(instance, () -> deliver(pendingV3, VrrpVersion.V3));
        this.deliverV2 = new OwnedTask(instance, () -> deliver(pendingV2, VrrpVersion.V2));
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
        int priority = advert.priority();
        boolean addressMismatch = verdict.kind() == ReceiveVerdict.Kind.ACCEPT_ADDRESS_LIST_MISMATCH;
        // a VRRPv2 advert says whole seconds: in mixed mode compare it with what ours say, not our finer interval
        int ours = version == VrrpVersion.V2 ? v2AdvertIntervalCs : advertIntervalCs;
        boolean intervalMismatch = advert.maxAdvertInterval() != ours && priority != 0;
        if (addressMismatch) {
            counters.addressListMismatch();
        }
        if (intervalMismatch) {
            counters.intervalMismatch();
        }
        // nothing allocated while peers agree and the log says so
        if (addressMismatch || loggedAddresses != null) {
            noteAddresses(frame, addressMismatch ? advert.addresses() : null);
        }
        if (intervalMismatch || loggedIntervalCs != 0) {
            noteInterval(frame, intervalMismatch ? advert.maxAdvertInterval() : 0, version, ours);
        }
        if (verdict.kind() == ReceiveVerdict.Kind.ACCEPT_OWNER_CONFLICT) {
            ownerConflict(frame, priority);
        }
        if (priority == Timing.OWNER_PRIORITY) {
            ownerClaim(frame, source, advert.maxAdvertInterval());
        }
        counters.advertReceived(priority);
        boolean v2 = version == VrrpVersion.V2;
        if ((v2 ? pendingV2 : pendingV3).getAndSet(new Pending(source, priority, advert.maxAdvertInterval())) == null) {
            loop.post(v2 ? deliverV2 : deliverV3);
        } else {
            counters.advertCoalesced();   // the loop had not taken the previous one: it sees this one instead
        }
    }

    /** Loop thread: the newest advert of {@code version} to the instance. */
    private void deliver(AtomicReference<Pending> pending, VrrpVersion version) {
        Pending p = pending.getAndSet(null);
        if (p != null) {
            instance.advertReceived(p.source(), p.priority(), p.intervalCs(), version);
        }
    }

    /** {@code theirs}: the peer's address list where it differs from ours, null when it agrees. */
    private void noteAddresses(ReceivedAdvert frame, List<InetAddress> theirs) {
        LogLimit limit = theirs != null ? addressesLog : addressesAgainLog;
        if (Objects.equals(theirs, loggedAddresses) || !limit.permit(System.nanoTime())) {
            return;
        }
        loggedAddresses = theirs;
        String peer = IpText.format(frame.sourceInetAddress());
        if (theirs != null) {
            LOG.warn("{}: peer {} advertises addresses {} but we have {} (vrrpv3StatisticsAddressListErrors){}",
                    instance.name(), peer, render(theirs), render(expectations.virtualAddresses()), heldBack(limit));
        } else {
            LOG.info("{}: peer {} now agrees with our addresses{}", instance.name(), peer, heldBack(limit));
        }
    }

    /** {@code theirs}: the peer's interval where it differs from ours, 0 when it agrees. */
    private void noteInterval(ReceivedAdvert frame, int theirs, VrrpVersion version, int oursCs) {
        LogLimit limit = theirs != 0 ? intervalLog : intervalAgainLog;
        if (theirs == loggedIntervalCs || !limit.permit(System.nanoTime())) {
            return;
        }
        loggedIntervalCs = theirs;
        String peer = IpText.format(frame.sourceInetAddress());
        if (theirs != 0) {
            LOG.warn("{}: peer {} advertises an interval of {} cs{} but ours is {} cs; a backup adopts the master's{}",
                    instance.name(), peer, theirs, version == VrrpVersion.V2 ? " (VRRPv2, " + theirs / 100 + " s)" : "",
                    oursCs, heldBack(limit));
        } else {
            LOG.info("{}: peer {} now agrees with our interval{}", instance.name(), peer, heldBack(limit));
        }
    }

    /** We own the addresses and another router advertises our VRID: counted, logged, and processed. */
    private void ownerConflict(ReceivedAdvert frame, int priority) {
        counters.ownerConflict();
        if (ownerConflictLog.permit(System.nanoTime())) {
            LOG.warn("{}: we own the addresses of vrid {} (priority 255) but {} advertises it at priority {}: a"
                            + " misconfiguration; processed as RFC 9568 erratum 8298 asks, so one router stays master{}",
                    instance.name(), expectations.vrid(), IpText.format(frame.sourceInetAddress()), priority,
                    heldBack(ownerConflictLog));
        }
    }

    /**
     * A router advertises priority 255, which only the address owner may (RFC 9568 section 8.3.2:
     * one owner per virtual router). A second one is counted: another router while we are the
     * owner, or a router other than the one heard at 255 within the last three of its intervals.
     */
    private void ownerClaim(ReceivedAdvert frame, byte[] source, int intervalCs) {
        long now = System.nanoTime();
        byte[] previous = ownerSource;
        boolean second = expectations.addressOwner()
                || (previous != null && !Arrays.equals(previous, source) && now - ownerSeenNanos < 3L * intervalCs * CS);
        if (previous == null || !Arrays.equals(previous, source)) {
            ownerSource = source;
        }
        ownerSeenNanos = now;
        if (!second) {
            return;
        }
        counters.otherOwnerSeen();
        if (multipleOwnersLog.permit(now)) {
            LOG.warn("{}: {} advertises vrid {} at priority 255 while {} also owns its addresses: only one router may"
                            + " (RFC 9568 section 8.3.2){}", instance.name(), IpText.format(frame.sourceInetAddress()),
                    expectations.vrid(), expectations.addressOwner() ? "this router"
                            : previous == null ? "another router" : IpText.format(address(previous)),
                    heldBack(multipleOwnersLog));
        }
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String heldBack(LogLimit limit) {
        long n = limit.heldBack();
        return n == 0 ? "" : " (" + n + " similar adverts since the last line)";
    }

    private static String render(List<InetAddress> addresses) {
        return addresses.stream().map(IpText::format).toList().toString();
    }
}
