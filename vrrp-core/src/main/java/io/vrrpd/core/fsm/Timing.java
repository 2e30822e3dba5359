package io.vrrpd.core.fsm;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * The timer formulas of RFC 9568 section 6.1, exact in nanoseconds.
 *
 * <p>Intervals are carried in centiseconds as on the wire (1 cs = 10,000,000 ns). Skew_Time is
 * {@code ((256 - Priority) * Master_Adver_Interval) / 256} centiseconds; it is computed in
 * nanoseconds before dividing, so it is never truncated to zero: interval 1 cs at priority 255
 * gives 39,062 ns (the exact value is 39,062.5 ns; the half nanosecond is rounded down).
 */
public final class Timing {
    /** Nanoseconds in one centisecond, the unit of every VRRPv3 interval. */
    public static final long NANOS_PER_CENTISECOND = 10_000_000L;
    /** Smallest Max Adver Int (12-bit field, RFC 9568 section 5.2.7); 0 is not a usable interval. */
    public static final int MIN_ADVERT_INTERVAL_CS = 1;
    /** Largest Max Adver Int the 12-bit field can carry: 40.95 s. */
    public static final int MAX_ADVERT_INTERVAL_CS = 4095;
    /** The advert interval a router uses unless configured otherwise: 1 s (RFC 9568 section 5.2.7). */
    public static final int DEFAULT_ADVERT_INTERVAL_CS = 100;
    /** The priority of the address owner (RFC 9568 section 5.2.4). */
    public static final int OWNER_PRIORITY = 255;

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
     * Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256, in nanoseconds.
     *
     * @param priority the local priority, 1..255
     * @param masterAdverIntervalCs Master_Adver_Interval in centiseconds, 1..4095
     */
    public static long skewTimeNanos(int priority, int masterAdverIntervalCs) {
        checkPriority(priority);
        checkInterval(masterAdverIntervalCs);
        return (256L - priority) * masterAdverIntervalCs * NANOS_PER_CENTISECOND / 256L;
    }

    /**
     * Master_Down_Interval = 3 * Master_Adver_Interval + Skew_Time, in nanoseconds.
     *
     * @param priority the local priority, 1..255
     * @param masterAdverIntervalCs Master_Adver_Interval in centiseconds, 1..4095
     */
    public static long masterDownIntervalNanos(int priority, int masterAdverIntervalCs) {
        return 3L * masterAdverIntervalCs * NANOS_PER_CENTISECOND
                + skewTimeNanos(priority, masterAdverIntervalCs);
    }

    static void checkPriority(int priority) {
        if (priority < 1 || priority > 255) {
            throw new IllegalArgumentException(
                    "priority " + priority + " (expected: 1..255; 0 is only sent when releasing)");
        }
    }

    static void checkInterval(int intervalCs) {
        if (intervalCs < MIN_ADVERT_INTERVAL_CS || intervalCs > MAX_ADVERT_INTERVAL_CS) {
            throw new IllegalArgumentException("advert interval " + intervalCs
                    + " cs (expected: " + MIN_ADVERT_INTERVAL_CS + ".." + MAX_ADVERT_INTERVAL_CS + " cs)");
        }
    }
}
