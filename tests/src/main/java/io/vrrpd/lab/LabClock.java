package io.vrrpd.lab;

import java.time.Instant;

/**
 * One clock for everything the kit observes: epoch nanoseconds, from the monotonic clock
 * anchored once to the wall clock, so samples taken in this JVM and timestamps tools print
 * (ping's {@code -D}) can be put on one time line, and a wall-clock step during a run does not
 * bend it.
 */
public final class LabClock {
    private static final long BASE_EPOCH_NANOS;
    private static final long BASE_NANO_TIME;

    static {
        Instant now = Instant.now();
        BASE_NANO_TIME = System.nanoTime();
        BASE_EPOCH_NANOS = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private LabClock() {
    }

    /** Now, in epoch nanoseconds. */
    public static long epochNanos() {
        return BASE_EPOCH_NANOS + (System.nanoTime() - BASE_NANO_TIME);
    }
}
