package io.vrrpd.daemon.track;

/**
 * An exec tracker's verdict over its runs: the first run decides at once; after that it turns
 * failing after {@code fall} failures in a row and succeeding after {@code rise} successes in a
 * row (keepalived's rise and fall). Not thread-safe: one tracker's runs are sequential.
 */
final class RiseFall {
    private final int rise;
    private final int fall;
    private TrackerReading.Health health = TrackerReading.Health.UNKNOWN;
    private int streak;

    RiseFall(int rise, int fall) {
        this.rise = rise;
        this.fall = fall;
    }

    /** The health after a run that {@code succeeded}. */
    TrackerReading.Health next(boolean succeeded) {
        TrackerReading.Health seen = succeeded ? TrackerReading.Health.OK : TrackerReading.Health.FAILING;
        if (health == TrackerReading.Health.UNKNOWN) {
            health = seen;
            streak = 0;
        } else if (seen == health) {
            streak = 0;
        } else if (++streak >= (succeeded ? rise : fall)) {
            health = seen;
            streak = 0;
        }
        return health;
    }

    /** Runs in a row that disagree with the current health. */
    int streak() {
        return streak;
    }
}
