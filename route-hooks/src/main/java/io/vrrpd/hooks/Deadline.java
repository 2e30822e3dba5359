package io.vrrpd.hooks;

import java.time.Duration;
import java.util.Objects;

/**
 * A point in time by which a hook call must be finished, on the monotonic clock
 * ({@link System#nanoTime()}, compared overflow-safely). Hooks size their own waits
 * (neighbour resolution, probes, a child process) by {@link #remaining()}.
 */
public final class Deadline {
    private final long deadlineNanos;
    private final Duration budget;

    private Deadline(long deadlineNanos, Duration budget) {
        this.deadlineNanos = deadlineNanos;
        this.budget = budget;
    }

    /** A deadline {@code budget} from now. */
    public static Deadline after(Duration budget) {
        Objects.requireNonNull(budget, "budget");
        if (budget.isNegative()) {
            throw new IllegalArgumentException("budget " + budget + " (expected: zero or more)");
        }
        return new Deadline(System.nanoTime() + saturatedNanos(budget), budget);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    /** The budget this deadline was made with. */
    public Duration budget() {
        return budget;
    }

    /** Time left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(remainingNanos());
    }

    /** Nanoseconds left, never negative. */
    public long remainingNanos() {
        return Math.max(0, deadlineNanos - System.nanoTime());
    }

    public boolean expired() {
        return deadlineNanos - System.nanoTime() <= 0;
    }

    /** The smaller of {@code limit} and the time left. */
    public Duration cap(Duration limit) {
        Duration left = remaining();
        return limit.compareTo(left) < 0 ? limit : left;
    }

    @Override
    public String toString() {
        return "deadline in " + remaining().toMillis() + " ms (budget " + budget.toMillis() + " ms)";
    }
}
