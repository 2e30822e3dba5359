package io.vrrpd.core.fsm;

import io.vrrpd.core.VrrpVersion;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * The timer formulas of RFC 9568 section 6.1 and RFC 3768 section 6.1, exact in nanoseconds.
 *
 * <p>Intervals are carried in centiseconds as on the VRRPv3 wire (1 cs = 10,000,000 ns); a
 * VRRPv2 interval is whole seconds, 100 cs each. VRRPv3's Skew_Time is
 * {@code ((256 - Priority) * Master_Adver_Interval) / 256}; it is computed in nanoseconds before
 * dividing, so it is never truncated to zero: interval 1 cs at priority 255 gives 39,062 ns (the
 * exact value is 39,062.5 ns; the half nanosecond is rounded down). VRRPv2's Skew_Time is
 * {@code (256 - Priority) / 256} seconds whatever the interval, exact in nanoseconds
 * (3,906,250 ns per step).
 */
public final class Timing {
    /** Nanoseconds in one centisecond, the unit of every VRRPv3 interval. */
    public static final long NANOS_PER_CENTISECOND = 10_000_000L;
    /** Centiseconds in one second, the unit of a VRRPv2 interval. */
    public static final int CENTISECONDS_PER_SECOND = 100;
    /** Smallest Max Adver Int (12-bit field, RFC 9568 section 5.2.7); 0 is not a usable interval. */
    public static final int MIN_ADVERT_INTERVAL_CS = 1;
    /** Largest Max Adver Int the 12-bit field can carry: 40.95 s. */
    public static final int MAX_ADVERT_INTERVAL_CS = 4095;
    /** The advert interval a router uses unless configured otherwise: 1 s (RFC 9568 section 5.2.7). */
    public static final int DEFAULT_ADVERT_INTERVAL_CS = 100;
    /**
     * Largest VRRPv2 Adver Int, 255 s, in centiseconds: also the longest Master_Adver_Interval a
     * mixed-mode VRRPv3 Backup can adopt from a VRRPv2 Master (RFC 9568 section 8.4.2).
     */
    public static final int MAX_V2_ADVERT_INTERVAL_CS = 255 * CENTISECONDS_PER_SECOND;
    /** The priority of the address owner (RFC 9568 section 5.2.4). */
    public static final int OWNER_PRIORITY = 255;
    /** The longest wait between two immediate replies of a Master (see {@link #replyHoldoffNanos}). */
    public static final long MAX_REPLY_HOLDOFF_NANOS = 1_000_000_000L;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Timing() {}

    /** {@code cs} centiseconds as a duration. */
    public static Duration centisToDuration(int cs) {
        return Duration.ofNanos(centisToNanos(cs));
    }

    /**
     * {@code interval} in centiseconds when it is a whole number of them that an advert can
     * carry ({@value #MIN_ADVERT_INTERVAL_CS}..{@value #MAX_ADVERT_INTERVAL_CS}), else empty.
     */
    public static OptionalInt advertIntervalCentis(Duration interval) {
        long nanos = interval.toNanos();
        if (nanos % NANOS_PER_CENTISECOND != 0) {
            return OptionalInt.empty();
        }
        long cs = nanos / NANOS_PER_CENTISECOND;
        return cs < MIN_ADVERT_INTERVAL_CS || cs > MAX_ADVERT_INTERVAL_CS ? OptionalInt.empty() : OptionalInt.of((int) cs);
    }

    /** {@code cs} centiseconds in nanoseconds. */
    public static long centisToNanos(int cs) {
        return cs * NANOS_PER_CENTISECOND;
    }

    /**
     * VRRPv3 Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256, in nanoseconds.
     *
     * @param priority the local priority, 1..255
     * @param masterAdverIntervalCs Master_Adver_Interval in centiseconds, 1..25500 (above 4095 only
     *     when adopted from a VRRPv2 Master in mixed mode)
     */
    public static long skewTimeNanos(int priority, int masterAdverIntervalCs) {
        checkPriority(priority);
        checkInterval(masterAdverIntervalCs);
        return (256L - priority) * masterAdverIntervalCs * NANOS_PER_CENTISECOND / 256L;
    }

    /**
     * VRRPv3 Master_Down_Interval = 3 * Master_Adver_Interval + Skew_Time, in nanoseconds.
     *
     * @param priority the local priority, 1..255
     * @param masterAdverIntervalCs Master_Adver_Interval in centiseconds, 1..25500
     */
    public static long masterDownIntervalNanos(int priority, int masterAdverIntervalCs) {
        return 3L * masterAdverIntervalCs * NANOS_PER_CENTISECOND
                + skewTimeNanos(priority, masterAdverIntervalCs);
    }

    /**
     * VRRPv2 Skew_Time = (256 - Priority) / 256 seconds (RFC 3768 section 6.1), in nanoseconds.
     *
     * @param priority the local priority, 1..255
     */
    public static long v2SkewTimeNanos(int priority) {
        checkPriority(priority);
        return (256L - priority) * NANOS_PER_SECOND / 256L;
    }

    /**
     * VRRPv2 Master_Down_Interval = 3 * Advertisement_Interval + Skew_Time (RFC 3768 section 6.1),
     * in nanoseconds: the router's own interval, never the Master's.
     *
     * @param priority the local priority, 1..255
     * @param advertIntervalCs Advertisement_Interval in centiseconds, whole seconds, 100..25500
     */
    public static long v2MasterDownIntervalNanos(int priority, int advertIntervalCs) {
        checkAdvertInterval(VrrpVersion.V2, advertIntervalCs);
        return 3L * advertIntervalCs * NANOS_PER_CENTISECOND + v2SkewTimeNanos(priority);
    }

    /** {@code cs} rounded up to whole seconds, at least 1 s: the Adver Int a VRRPv2 advert can carry. */
    public static int roundUpToWholeSecondsCs(int cs) {
        if (cs < 1) {
            throw new IllegalArgumentException("interval " + cs + " cs (expected: 1 or more)");
        }
        return (cs + CENTISECONDS_PER_SECOND - 1) / CENTISECONDS_PER_SECOND * CENTISECONDS_PER_SECOND;
    }

    /**
     * How long a Master waits after answering an advert at once (a lower priority, or priority 0)
     * before it answers another so: one Advertisement_Interval, at most 1 s. The first answer is
     * what RFC 9568 section 6.4.3 is after (the other router hears the Master now); later ones
     * within the holdoff only reflect a flood of forged adverts, 1:1. So an answer never more than
     * doubles the Master's advert rate, and adds at most one advert per second.
     */
    public static long replyHoldoffNanos(int advertIntervalCs) {
        return Math.min(centisToNanos(advertIntervalCs), MAX_REPLY_HOLDOFF_NANOS);
    }

    static void checkPriority(int priority) {
        if (priority < 1 || priority > 255) {
            throw new IllegalArgumentException(
                    "priority " + priority + " (expected: 1..255; 0 is only sent when releasing)");
        }
    }

    /** An interval a router may run on, adopted or its own: 1..25500 cs. */
    static void checkInterval(int intervalCs) {
        if (intervalCs < MIN_ADVERT_INTERVAL_CS || intervalCs > MAX_V2_ADVERT_INTERVAL_CS) {
            throw new IllegalArgumentException("advert interval " + intervalCs
                    + " cs (expected: " + MIN_ADVERT_INTERVAL_CS + ".." + MAX_V2_ADVERT_INTERVAL_CS + " cs)");
        }
    }

    /** A configured Advertisement_Interval: VRRPv3 1..4095 cs; VRRPv2 whole seconds, 100..25500 cs. */
    static void checkAdvertInterval(VrrpVersion version, int intervalCs) {
        if (version == VrrpVersion.V3) {
            if (intervalCs < MIN_ADVERT_INTERVAL_CS || intervalCs > MAX_ADVERT_INTERVAL_CS) {
                throw new IllegalArgumentException("advert interval " + intervalCs
                        + " cs (expected: " + MIN_ADVERT_INTERVAL_CS + ".." + MAX_ADVERT_INTERVAL_CS + " cs)");
            }
        } else if (intervalCs < CENTISECONDS_PER_SECOND || intervalCs > MAX_V2_ADVERT_INTERVAL_CS
                || intervalCs % CENTISECONDS_PER_SECOND != 0) {
            throw new IllegalArgumentException("VRRPv2 advert interval " + intervalCs
                    + " cs (expected: whole seconds, 1..255 s)");
        }
    }
}
