package io.vrrpd.rehearse.run;

import io.vrrpd.lab.LabClock;

/** The run's time line: nanoseconds since the rehearsal began, from the kit's one clock. */
final class RunClock {
    private final long start = LabClock.epochNanos();

    /** Now, in nanoseconds since the start. */
    long now() {
        return LabClock.epochNanos() - start;
    }

    /** An epoch-nanosecond time (a ping timestamp, a probe's) on this time line. */
    long of(long epochNanos) {
        return epochNanos - start;
    }

    /** When the run began, epoch nanoseconds. */
    long startEpochNanos() {
        return start;
    }
}
