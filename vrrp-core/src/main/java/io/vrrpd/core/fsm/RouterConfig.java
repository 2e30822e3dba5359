package io.vrrpd.core.fsm;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.VrrpVersion;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The configuration of one virtual router, validated in the constructor. The eight-argument
 * constructor makes a VRRPv3 router (RFC 9568) as before VRRPv2 existed here; {@link #withVersion},
 * {@link #withAcceptV2} and {@link #withMaxAdoptedIntervalCs} derive the others.
 *
 * @param family IPv4 or IPv6; every address handed to the state machine is of this family
 * @param vrid the virtual router id, 1..255
 * @param priority the configured priority, 1..255; 255 means this router owns the addresses
 * @param advertIntervalCs Advertisement_Interval in centiseconds: 1..4095 for VRRPv3; whole
 *     seconds, 100..25500, for VRRPv2
 * @param preempt Preempt_Mode: a higher-priority Backup takes over from a lower-priority Master
 * @param preemptDelayNanos after a startup (or the interface coming up), how long a Backup
 *     accepts a lower-priority Master instead of preempting it; 0 for none (keepalived's
 *     {@code preempt_delay})
 * @param acceptMode Accept_Mode: the Master accepts packets addressed to the virtual addresses
 * @param primaryAddress this router's own primary address on the interface (4 or 16 bytes; for
 *     IPv6 the link-local address); breaks priority ties and is reported as the master address.
 *     Copied on the way in and out.
 * @param version the protocol: {@link VrrpVersion#V3} (RFC 9568), or {@link VrrpVersion#V2}
 *     (RFC 3768, IPv4 only)
 * @param acceptV2 mixed mode (RFC 9568 section 8.4, a VRRPv3 IPv4 router only): send VRRPv2
 *     adverts beside the VRRPv3 ones and hear both, so that VRRPv2 routers hear this one
 * @param maxAdoptedIntervalCs the longest Master_Adver_Interval a VRRPv3 Backup adopts from an
 *     advert, in centiseconds (1..25500), or 0 for no bound (RFC 9568 as written): a longer
 *     advertised interval is taken as this one, so one forged advert at 40.95 s cannot hold the
 *     Backup off for two minutes. Must be 0 for VRRPv2, which never adopts.
 */
public record RouterConfig(
        AddressFamily family,
        int vrid,
        int priority,
        int advertIntervalCs,
        boolean preempt,
        long preemptDelayNanos,
        boolean acceptMode,
        byte[] primaryAddress,
        VrrpVersion version,
        boolean acceptV2,
        int maxAdoptedIntervalCs) {

    public RouterConfig {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(primaryAddress, "primaryAddress");
        Objects.requireNonNull(version, "version");
        if (vrid < 1 || vrid > 255) {
            throw new IllegalArgumentException("vrid " + vrid + " (expected: 1..255)");
        }
        Timing.checkPriority(priority);
        if (!version.supports(family)) {
            throw new IllegalArgumentException("VRRPv2 on " + family.configName() + " (expected: ipv4; VRRPv2 is IPv4 only)");
        }
        Timing.checkAdvertInterval(version, advertIntervalCs);
        if (preemptDelayNanos < 0) {
            throw new IllegalArgumentException(
                    "preempt delay " + preemptDelayNanos + " ns (expected: 0 or more)");
        }
        if (primaryAddress.length != family.addressLength()) {
            throw new IllegalArgumentException("primary address of " + primaryAddress.length
                    + " bytes (expected: " + family.addressLength() + " bytes for " + family.configName() + ")");
        }
        if (acceptV2 && (version != VrrpVersion.V3 || family != AddressFamily.IPV4)) {
            throw new IllegalArgumentException("accept-v2 on a " + version + " " + family.configName()
                    + " router (expected: a VRRPv3 ipv4 router; mixed mode is RFC 9568 section 8.4)");
        }
        if (maxAdoptedIntervalCs != 0) {
            if (version == VrrpVersion.V2) {
                throw new IllegalArgumentException("max adopted interval " + maxAdoptedIntervalCs
                        + " cs on a VRRPv2 router (expected: 0; a VRRPv2 Backup never adopts the master's interval)");
            }
            Timing.checkInterval(maxAdoptedIntervalCs);
        }
        primaryAddress = primaryAddress.clone();
    }

    /** A VRRPv3 router (RFC 9568), no mixed mode, no bound on the adopted interval. */
    public RouterConfig(AddressFamily family, int vrid, int priority, int advertIntervalCs, boolean preempt,
            long preemptDelayNanos, boolean acceptMode, byte[] primaryAddress) {
        this(family, vrid, priority, advertIntervalCs, preempt, preemptDelayNanos, acceptMode, primaryAddress,
                VrrpVersion.V3, false, 0);
    }

    /** The same router speaking {@code v}. */
    public RouterConfig withVersion(VrrpVersion v) {
        return new RouterConfig(family, vrid, priority, advertIntervalCs, preempt, preemptDelayNanos, acceptMode,
                primaryAddress, v, acceptV2, maxAdoptedIntervalCs);
    }

    /** The same router, in mixed mode or not (RFC 9568 section 8.4). */
    public RouterConfig withAcceptV2(boolean accept) {
        return new RouterConfig(family, vrid, priority, advertIntervalCs, preempt, preemptDelayNanos, acceptMode,
                primaryAddress, version, accept, maxAdoptedIntervalCs);
    }

    /** The same router with this bound on the adopted Master_Adver_Interval (0: none). */
    public RouterConfig withMaxAdoptedIntervalCs(int cs) {
        return new RouterConfig(family, vrid, priority, advertIntervalCs, preempt, preemptDelayNanos, acceptMode,
                primaryAddress, version, acceptV2, cs);
    }

    /** A copy of the primary address. */
    @Override
    public byte[] primaryAddress() {
        return primaryAddress.clone();
    }

    /** True if this router owns the virtual addresses (configured priority 255). */
    public boolean isOwner() {
        return priority == Timing.OWNER_PRIORITY;
    }

    /** Whether this router sends VRRPv3 adverts (a VRRPv3 router, mixed or not). */
    public boolean sendsV3() {
        return version == VrrpVersion.V3;
    }

    /** Whether this router sends VRRPv2 adverts (a VRRPv2 router, or one in mixed mode). */
    public boolean sendsV2() {
        return version == VrrpVersion.V2 || acceptV2;
    }

    /** Whether adverts of {@code v} are for this router: its own version, and VRRPv2 in mixed mode. */
    public boolean hears(VrrpVersion v) {
        return v == version || (acceptV2 && v == VrrpVersion.V2);
    }

    /**
     * The Adver Int of the VRRPv2 adverts this router sends, in centiseconds: a VRRPv2 router's own
     * interval; in mixed mode the interval rounded up to whole seconds (a VRRPv2 advert cannot say
     * less than 1 s; it is still sent at the configured rate). VRRPv2 routers discard adverts whose
     * interval is not theirs, so it must equal theirs. 0 when no VRRPv2 advert is sent.
     */
    public int v2AdvertIntervalCs() {
        return sendsV2() ? Timing.roundUpToWholeSecondsCs(advertIntervalCs) : 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RouterConfig c
                && family == c.family && vrid == c.vrid && priority == c.priority
                && advertIntervalCs == c.advertIntervalCs && preempt == c.preempt
                && preemptDelayNanos == c.preemptDelayNanos && acceptMode == c.acceptMode
                && Arrays.equals(primaryAddress, c.primaryAddress)
                && version == c.version && acceptV2 == c.acceptV2 && maxAdoptedIntervalCs == c.maxAdoptedIntervalCs;
    }

    @Override
    public int hashCode() {
        return Objects.hash(family, vrid, priority, advertIntervalCs, preempt, preemptDelayNanos,
                acceptMode, Arrays.hashCode(primaryAddress), version, acceptV2, maxAdoptedIntervalCs);
    }

    @Override
    public String toString() {
        return "RouterConfig[" + family.configName() + " " + version + (acceptV2 ? "+accept-v2" : "")
                + " vrid=" + vrid + " priority=" + priority
                + " interval=" + advertIntervalCs + "cs preempt=" + preempt
                + " preemptDelay=" + preemptDelayNanos + "ns accept=" + acceptMode
                + (maxAdoptedIntervalCs == 0 ? "" : " maxAdopted=" + maxAdoptedIntervalCs + "cs")
                + " primary=" + HexFormat.of().formatHex(primaryAddress) + "]";
    }
}
