package io.vrrpd.daemon.logging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most one log line per period for one cause (a failing send on one instance, a peer that
 * disagrees on the interval): the first occurrence is logged at once, repeats within the period
 * are only counted, and the next line that is written says how many were held back. One object
 * per cause, built once, so asking costs no allocation on the advert path. Any thread.
 *
 * <pre>{@code
 * if (sendFailed.permit(System.nanoTime())) {
 *     LOG.warn("advert not sent: {} ({} more since the last line)", why, sendFailed.heldBack());
 * }
 * }</pre>
 */
public final class LogLimit {
    /** The period the daemon uses for warnings that could repeat per advert. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(60);

    private final long periodNanos;
    /** When the last line was permitted; Long.MIN_VALUE before the first. */
    private final AtomicLong lastNanos = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();
    private long heldBack;

    public LogLimit(Duration period) {
        this.periodNanos = period.toNanos();
    }

    /** A limit of {@link #DEFAULT_PERIOD}. */
    public LogLimit() {
        this(DEFAULT_PERIOD);
    }

    /**
     * Whether a line for this cause may be written now ({@code nowNanos} from System.nanoTime);
     * when not, the occurrence is counted for the next line.
     */
    public boolean permit(long nowNanos) {
        long last = lastNanos.get();
        if (last != Long.MIN_VALUE && nowNanos - last < periodNanos) {
            suppressed.incrementAndGet();
            return false;
        }
        if (!lastNanos.compareAndSet(last, nowNanos)) {
            suppressed.incrementAndGet();   // another thread writes this period's line
            return false;
        }
        heldBack = suppressed.getAndSet(0);
        return true;
    }

    /** After a {@link #permit} that returned true: how many occurrences were held back before it. */
    public long heldBack() {
        return heldBack;
    }
}
