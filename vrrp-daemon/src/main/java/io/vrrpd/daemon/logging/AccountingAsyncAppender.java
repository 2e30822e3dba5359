package io.vrrpd.daemon.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * logback's {@link AsyncAppender}, so that no thread (the event loop above all) ever waits for a
 * log write, but one that never drops a line silently. logback's drops INFO and DEBUG when its
 * queue is four-fifths full, and with {@code neverBlock} any line, WARN and ERROR included, when
 * it is full, and says nothing. This one counts what it drops ({@link #dropped}, exported as
 * {@code vrrpd_log_lines_dropped_total}), and the next line that fits is preceded by a WARN that
 * says how many lines of which levels were lost, and since when. Warnings that could repeat per
 * advert are rate-limited at their source ({@link LogLimit}), so the queue is far from full in
 * any ordinary run.
 */
public final class AccountingAsyncAppender extends AsyncAppender {
    private static final AtomicLong DROPPED_SEVERE = new AtomicLong();
    private static final AtomicLong DROPPED_OTHER = new AtomicLong();

    /** Drops not reported in the log yet (guarded by this). */
    private long unreportedSevere;
    private long unreportedOther;
    private Instant firstUnreported;

    /** Lines dropped since start: {@code severe} WARN and ERROR, otherwise INFO and below. */
    public static long dropped(boolean severe) {
        return severe ? DROPPED_SEVERE.get() : DROPPED_OTHER.get();
    }

    // synchronized: between the capacity check and the offer no other producer can fill the queue
    // (the worker only ever takes), so an event either goes in or is counted, never lost unseen.
    @Override
    protected synchronized void append(ILoggingEvent event) {
        if (!isStarted()) {
            return;
        }
        int free = getRemainingCapacity();
        if ((unreportedSevere > 0 || unreportedOther > 0) && free > 0) {
            super.append(report());   // a WARN: logback never discards it while there is room
            unreportedSevere = 0;
            unreportedOther = 0;
            firstUnreported = null;
            free--;
        }
        boolean severe = event.getLevel().isGreaterOrEqual(Level.WARN);
        if (free == 0 || (free < getDiscardingThreshold() && !severe)) {
            if (severe) {
                DROPPED_SEVERE.incrementAndGet();
                unreportedSevere++;
            } else {
                DROPPED_OTHER.incrementAndGet();
                unreportedOther++;
            }
            if (firstUnreported == null) {
                firstUnreported = Instant.now();
            }
            return;
        }
        super.append(event);
    }

    private ILoggingEvent report() {
        LoggerContext context = (LoggerContext) getContext();
        LoggingEvent e = new LoggingEvent(AccountingAsyncAppender.class.getName(),
                context.getLogger(AccountingAsyncAppender.class), Level.WARN,
                "{} log line(s) were dropped since {} because the log could not keep up: {} WARN/ERROR, {} INFO/DEBUG",
                null, new Object[] {unreportedSevere + unreportedOther, firstUnreported, unreportedSevere, unreportedOther});
        e.setThreadName(Thread.currentThread().getName());
        return e;
    }
}
