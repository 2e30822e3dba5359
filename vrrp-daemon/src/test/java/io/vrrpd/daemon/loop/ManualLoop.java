package io.vrrpd.daemon.loop;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.PriorityQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.awaitility.Awaitility.await;

/**
 * An {@link EventLoop} for tests, run by the test on its own thread and on a clock only the test
 * moves: {@link #runPending} runs what was posted (other threads may post, as hook runners and the
 * address worker do), {@link #advance} moves the clock and fires the timers that fall due, in
 * order. The clock starts far from zero, so code that treats 0 or small values specially shows.
 */
public final class ManualLoop implements EventLoop {
    private final Deque<Runnable> posted = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(
            Comparator.comparingLong((Timer t) -> t.due).thenComparingLong(t -> t.seq));
    private long now = 1_000_000_000_000L;
    private long seq;
    private long failures;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public boolean inLoop() {
        return true;
    }

    @Override
    public synchronized void post(Runnable task) {
        posted.add(task);
    }

    @Override
    public synchronized ScheduledFuture<?> at(long deadlineNanos, Runnable task) {
        Timer t = new Timer(deadlineNanos, 0, task, seq++);
        timers.add(t);
        return t;
    }

    @Override
    public synchronized ScheduledFuture<?> every(long periodNanos, Runnable task) {
        Timer t = new Timer(now + periodNanos, periodNanos, task, seq++);
        timers.add(t);
        return t;
    }

    @Override
    public long lastTurnNanos() {
        return nanoTime();
    }

    @Override
    public synchronized long taskFailures() {
        return failures;
    }

    @Override
    public void runAndWait(Runnable task, long timeout, TimeUnit unit) {
        run(task);
        runPending();
    }

    @Override
    public void close() {
    }

    /** Runs every posted task and every timer due now, including what they post, until none is left. */
    public void runPending() {
        for (Runnable next = next(now); next != null; next = next(now)) {
            run(next);
        }
    }

    /** Moves the clock by {@code d}, firing each timer at its own time on the way. */
    public void advance(Duration d) {
        long target;
        synchronized (this) {
            target = now + d.toNanos();
        }
        runPending();
        while (true) {
            Timer t;
            synchronized (this) {
                t = timers.peek();
                if (t == null || t.due - target > 0) {
                    now = target;
                    break;
                }
                now = Math.max(now, t.due);
            }
            runPending();
        }
        runPending();
    }

    /**
     * Runs posted tasks until {@code condition} holds, for work that other threads post back
     * (hook results, added addresses); fails after {@code bound} of real time.
     */
    public void runUntil(BooleanSupplier condition, Duration bound) {
        await().atMost(bound).pollInterval(Duration.ofMillis(5)).until(() -> {
            runPending();
            return condition.getAsBoolean();
        });
    }

    private synchronized Runnable next(long at) {
        Runnable task = posted.poll();
        if (task != null) {
            return task;
        }
        Timer t = timers.peek();
        if (t == null || t.due - at > 0) {
            return null;
        }
        timers.poll();
        if (t.period > 0) {
            timers.add(new Timer(t.due + t.period, t.period, t.raw, seq++, t));
        }
        return t.task;
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            synchronized (this) {
                failures++;
            }
            throw e;
        }
    }

    /** A scheduled task; a periodic one is re-queued as a new Timer sharing its cancellation. */
    private final class Timer implements ScheduledFuture<Object> {
        final long due;
        final long period;
        final Runnable task;
        final Runnable raw;
        final long seq;
        private final Timer first;
        private boolean cancelled;

        Timer(long due, long period, Runnable task, long seq) {
            this(due, period, task, seq, null);
        }

        Timer(long due, long period, Runnable task, long seq, Timer first) {
            this.due = due;
            this.period = period;
            this.seq = seq;
            this.first = first == null ? this : first.first;
            this.raw = task;
            this.task = () -> {
                if (!this.first.cancelled) {
                    task.run();
                }
            };
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            synchronized (ManualLoop.this) {
                first.cancelled = true;
                timers.removeIf(t -> t.first == first);
            }
            return true;
        }

        @Override
        public boolean isCancelled() {
            return first.cancelled;
        }

        @Override
        public boolean isDone() {
            return first.cancelled;
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException("a loop timer has no result");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("a loop timer has no result");
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
