package io.vrrpd.daemon.runtime;

import io.vrrpd.core.IpText;
import io.vrrpd.core.VrrpVersion;
import io.vrrpd.core.fsm.Timing;
import io.vrrpd.core.packet.Advertisement;
import io.vrrpd.core.packet.RejectReason;
import io.vrrpd.daemon.instance.InstanceSpec;
import io.vrrpd.daemon.net.ReceivedAdvert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The warnings of one instance about a peer whose adverts it drops because the two are configured
 * apart: another VRRP version, another authentication (type or password), another VRRPv2 interval.
 * Each of these leaves both routers master while it lasts, so it is a warning, not a debug line.
 * It is logged once per change of (peer, reason), and once more, at info, when that peer's adverts
 * are accepted again; every advert is counted all the same ({@code rejected}, by MIB name). The
 * adverts of another version from a router whose adverts are accepted are no disagreement: a router
 * in mixed mode (RFC 9568 section 8.4) sends both versions, and is heard in the one this instance
 * speaks; they are counted, not warned about.
 *
 * <p>Never shows a password: an authentication failure says only that the passwords differ.
 * Runs on the receive thread; the accepted path compares the source address in place and
 * allocates nothing.
 */
final class PeerRejectionLog {
    private static final Logger LOG = LoggerFactory.getLogger(PeerRejectionLog.class);
    /** The reasons that mean "configured apart", logged; the others (malformed, TTL) stay counted only. */
    static final Set<RejectReason> WARNED = EnumSet.of(RejectReason.VERSION_ERROR, RejectReason.VERSION_MISMATCH,
            RejectReason.AUTH_TYPE_AH, RejectReason.AUTH_TYPE_MISMATCH, RejectReason.AUTH_FAILURE,
            RejectReason.INTERVAL_MISMATCH);

    private final InstanceSpec spec;
    /** The last disagreement logged; null when none is outstanding. */
    private final AtomicReference<Logged> last = new AtomicReference<>();
    /** The source of the last advert accepted (the array the receive path made for it; not copied). */
    private volatile byte[] lastAccepted;

    private record Logged(RejectReason reason, byte[] source) {
    }

    PeerRejectionLog(InstanceSpec spec) {
        this.spec = spec;
    }

    /**
     * A dropped advert of this instance's VRID. {@code advert} is the decoded advert for a tier-2
     * rejection, null for a tier-1 one (then only the version nibble of {@code frame} is read).
     */
    void rejected(RejectReason reason, ReceivedAdvert frame, Advertisement advert) {
        if (!WARNED.contains(reason) || (advert == null && reason == RejectReason.VERSION_ERROR
                && !isVrrpVersion(versionNibble(frame)))) {
            return;   // a version nibble of neither 2 nor 3 is garbage, not a peer configured apart
        }
        if ((reason == RejectReason.VERSION_ERROR || reason == RejectReason.VERSION_MISMATCH)
                && frame.sourceAddressEquals(lastAccepted)) {
            return;   // a router in mixed mode: we hear it in the version we speak, its others are no disagreement
        }
        Logged before = last.get();
        if (before != null && before.reason() == reason && frame.sourceAddressEquals(before.source())) {
            return;   // said already: the same peer, the same cause
        }
        if (!last.compareAndSet(before, new Logged(reason, frame.sourceAddress()))) {
            return;   // another receive thread logged a change just now
        }
        String peer = IpText.format(frame.sourceInetAddress());
        LOG.warn("{}: dropping adverts from {}: {}; counted as {}, logged again when this changes", spec.name(), peer,
                why(reason, frame, advert), reason.hasMibCounter() ? reason.mibCounter() : reason.metricName());
    }

    /**
     * An accepted advert from {@code source} (its address, as the receive path copied it): the end of
     * the disagreement logged for it, if any.
     */
    void accepted(ReceivedAdvert frame, byte[] source) {
        lastAccepted = source;
        Logged before = last.get();
        if (before != null && frame.sourceAddressEquals(before.source()) && last.compareAndSet(before, null)) {
            LOG.info("{}: adverts from {} are accepted again (they were dropped: {})", spec.name(),
                    IpText.format(frame.sourceInetAddress()), before.reason().metricName());
        }
    }

    private String why(RejectReason reason, ReceivedAdvert frame, Advertisement advert) {
        String ours = ours();
        return switch (reason) {
            case VERSION_ERROR, VERSION_MISMATCH -> {
                int theirs = advert != null ? advert.version().number() : versionNibble(frame);
                yield "it speaks VRRPv" + theirs + " but this instance " + ours
                        + "; the two do not hear each other and both may be master" + versionAdvice(theirs);
            }
            case AUTH_TYPE_AH -> "it authenticates with IP Authentication Header (auth type 2), which vrrpd does not"
                    + " implement; give both routers authentication type pass, or none";
            case AUTH_TYPE_MISMATCH -> spec.authentication().isNone()
                    ? "it sends a VRRPv2 password but this instance has no authentication configured (add"
                    + " authentication: {type: pass, ...} with the same password)"
                    : "it sends no VRRPv2 authentication but this instance expects a password (remove authentication,"
                    + " or configure the same password on the peer)";
            case AUTH_FAILURE -> "its VRRPv2 password is not ours (passwords are not logged)";
            case INTERVAL_MISMATCH -> "it advertises an interval of " + (advert == null ? "?" : advert.wireInterval())
                    + " s but this VRRPv2 instance's is " + spec.advertIntervalCs() / Timing.CENTISECONDS_PER_SECOND
                    + " s; a VRRPv2 router drops adverts of another interval (RFC 3768 section 7.1), so configure the"
                    + " same advert-interval on both";
            default -> reason.metricName();
        };
    }

    private static int versionNibble(ReceivedAdvert frame) {
        return frame.payloadLength() < 1 ? 0 : (frame.frame()[frame.payloadOffset()] & 0xf0) >>> 4;
    }

    private static boolean isVrrpVersion(int nibble) {
        return nibble == VrrpVersion.V2.number() || nibble == VrrpVersion.V3.number();
    }

    private String ours() {
        if (spec.version() == VrrpVersion.V2) {
            return "speaks VRRPv2 (version: 2)";
        }
        return spec.acceptV2() ? "speaks VRRPv3 and VRRPv2 (accept-v2)" : "speaks VRRPv3 only";
    }

    private String versionAdvice(int theirs) {
        if (theirs == 2 && spec.version() == VrrpVersion.V3) {
            return " (keepalived speaks VRRPv2 for IPv4 unless vrrp_version 3 is set: give this instance version: 2,"
                    + " or accept-v2: true to move the pair to VRRPv3 one router at a time)";
        }
        if (theirs == 3 && spec.version() == VrrpVersion.V2) {
            return " (give the peer accept-v2: true while this router speaks VRRPv2, or this instance version: 3"
                    + " with accept-v2: true)";
        }
        return "";
    }
}
