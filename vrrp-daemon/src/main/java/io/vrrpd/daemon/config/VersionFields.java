package io.vrrpd.daemon.config;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.VrrpVersion;
import io.vrrpd.core.fsm.Timing;
import io.vrrpd.hooks.Durations;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * Reads the fields of an instance that depend on the VRRP version it speaks: {@code version}
 * (VRRPv3, or VRRPv2 for IPv4), {@code advert-interval} (whole seconds for VRRPv2),
 * {@code accept-v2} (RFC 9568 section 8.4 mixed mode, VRRPv3 IPv4 only) and
 * {@code max-adopted-interval} (a bound on the interval a VRRPv3 backup adopts). Each problem is
 * reported at its field, saying what would be valid; each reader returns null when its field is
 * invalid.
 */
final class VersionFields {
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    private VersionFields() {
    }

    /** {@code version}: 3 unless configured; 2 only for IPv4. */
    static VrrpVersion version(Node n, AddressFamily family) {
        Integer v = n.intIn(2, 3, 3);
        if (v == null) {
            return null;
        }
        VrrpVersion version = v == 2 ? VrrpVersion.V2 : VrrpVersion.V3;
        if (family != null && !version.supports(family)) {
            n.problem("version 2 on an " + family.configName() + " instance: VRRPv2 (RFC 3768) is IPv4 only",
                    "version: 3 (the default) for ipv6; keepalived speaks VRRPv3 for IPv6 too");
            return null;
        }
        return version;
    }

    /**
     * {@code advert-interval} in centiseconds: 10ms to 40.95s in steps of 10ms for VRRPv3, whole
     * seconds from 1s to 255s for VRRPv2 ({@code version} null: read as VRRPv3, to report what else is wrong).
     */
    static Integer advertInterval(Node n, VrrpVersion version) {
        if (version == VrrpVersion.V2) {
            return v2AdvertInterval(n);
        }
        Duration d = n.duration(InstanceConfig.DEFAULT_ADVERT_INTERVAL, InstanceConfig.MIN_ADVERT_INTERVAL,
                InstanceConfig.MAX_ADVERT_INTERVAL);
        if (d == null) {
            return null;
        }
        OptionalInt cs = Timing.advertIntervalCentis(d);
        if (cs.isEmpty()) {
            n.problem(Durations.format(d) + " is not a multiple of " + Durations.format(InstanceConfig.ADVERT_INTERVAL_STEP)
                    + " (adverts carry centiseconds)", InstanceConfig.ADVERT_INTERVAL_RANGE);
            return null;
        }
        return cs.getAsInt();
    }

    private static Integer v2AdvertInterval(Node n) {
        if (n.isMissing()) {
            return Timing.DEFAULT_ADVERT_INTERVAL_CS;
        }
        Duration d = n.duration();
        if (d == null) {
            return null;
        }
        if (d.compareTo(ONE_SECOND) < 0 || d.toNanos() % ONE_SECOND.toNanos() != 0) {
            n.problem(Durations.format(d) + " is not a whole number of seconds: VRRPv2 adverts carry whole seconds"
                    + " (RFC 3768)", InstanceConfig.V2_ADVERT_INTERVAL_RANGE + "; for sub-second adverts beside"
                    + " VRRPv2 routers, version: 3 with accept-v2: true");
            return null;
        }
        if (d.compareTo(InstanceConfig.MAX_V2_ADVERT_INTERVAL) > 0) {
            n.problem(Durations.format(d) + " is out of range", InstanceConfig.V2_ADVERT_INTERVAL_RANGE);
            return null;
        }
        return (int) (d.toSeconds() * Timing.CENTISECONDS_PER_SECOND);
    }

    /** {@code accept-v2}: false unless configured; true only on a VRRPv3 IPv4 instance. */
    static Boolean acceptV2(Node n, AddressFamily family, VrrpVersion version) {
        Boolean accept = n.bool(false);
        if (!Boolean.TRUE.equals(accept)) {
            return accept;
        }
        if (family == AddressFamily.IPV6) {
            n.problem("accept-v2 on an ipv6 instance: VRRPv2 (RFC 3768) is IPv4 only", "accept-v2 on ipv4 instances only");
            return null;
        }
        if (version == VrrpVersion.V2) {
            n.problem("accept-v2 on a version 2 instance, which speaks VRRPv2 already",
                    "accept-v2: true with version: 3 (RFC 9568 section 8.4, to leave VRRPv2), or version: 2 alone");
            return null;
        }
        return accept;
    }

    /**
     * {@code max-adopted-interval} in centiseconds, 0 when absent (no bound). Refused on a VRRPv2
     * instance, which never adopts, and when shorter than the slowest interval a legitimate master
     * of this virtual router advertises: this instance's own, and with {@code accept-v2} that
     * rounded up to whole seconds (what VRRPv2 routers beside it must use).
     */
    static Integer maxAdoptedInterval(Node n, VrrpVersion version, Integer intervalCs, Boolean acceptV2) {
        if (n.isMissing()) {
            return 0;
        }
        Duration d = n.duration(null, InstanceConfig.MIN_ADVERT_INTERVAL, InstanceConfig.MAX_V2_ADVERT_INTERVAL);
        if (d == null) {
            return null;
        }
        if (version == VrrpVersion.V2) {
            n.problem("max-adopted-interval on a version 2 instance: a VRRPv2 backup never adopts the master's interval"
                    + " (RFC 3768)", "no max-adopted-interval with version: 2");
            return null;
        }
        if (d.toNanos() % Timing.NANOS_PER_CENTISECOND != 0) {
            n.problem(Durations.format(d) + " is not a multiple of " + Durations.format(InstanceConfig.ADVERT_INTERVAL_STEP)
                    + " (adverts carry centiseconds)", Durations.format(InstanceConfig.MIN_ADVERT_INTERVAL) + " to "
                    + Durations.format(InstanceConfig.MAX_V2_ADVERT_INTERVAL) + " in steps of "
                    + Durations.format(InstanceConfig.ADVERT_INTERVAL_STEP));
            return null;
        }
        int cs = (int) (d.toNanos() / Timing.NANOS_PER_CENTISECOND);
        if (intervalCs != null) {
            int slowest = Boolean.TRUE.equals(acceptV2) ? Timing.roundUpToWholeSecondsCs(intervalCs) : intervalCs;
            if (cs < slowest) {
                String what = Boolean.TRUE.equals(acceptV2) && slowest != intervalCs
                        ? "the interval VRRPv2 routers beside this one advertise (advert-interval rounded up to whole"
                        + " seconds, " + Durations.format(Timing.centisToDuration(slowest)) + ")"
                        : "this instance's advert-interval " + Durations.format(Timing.centisToDuration(intervalCs));
                n.problem(Durations.format(d) + " is shorter than " + what + ": a backup would take a master"
                        + " advertising it for a faster one and time out between its adverts",
                        "at least " + Durations.format(Timing.centisToDuration(slowest))
                                + ", the slowest interval a master of this virtual router advertises");
                return null;
            }
        }
        return cs;
    }
}
