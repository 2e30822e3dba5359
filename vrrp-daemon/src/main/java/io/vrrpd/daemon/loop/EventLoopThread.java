package io.vrrpd.daemon.loop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The daemon's {@link EventLoop}: one thread, on the monotonic clock. A task that throws is
 * logged and counted; the loop keeps running, because a dead loop would stop every advert.
 */
final class EventLoopThread implements EventLoop {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoopThread.class);

    private final ScheduledThreadPoolExecutor executor;
    private final AtomicLong taskFailures = new AtomicLong();
    private volatile Thread thread;
    private volatile long lastTurnNanos = System.nanoTime();

    EventLoopThread(String name) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(false);
            t.setPriority(Thread.MAX_PRIORITY);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.prestartAllCoreThreads();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void post(Runnable task) {
        if (!executor.isShutdown()) {
            executor.execute(() -> runGuarded(task));
        }
    }

    @Override
    public ScheduledFuture<?> at(long deadlineNanos, Runnable task) {
        long delay = deadlineNanos - nanoTime();
        return executor.schedule(() -> runGuarded(task), Math.max(0, delay), TimeUnit.NANOSECONDS);
    }

    @Override
    public ScheduledFuture<?> every(long periodNanos, Runnable task) {
        return executor.scheduleAtFixedRate(() -> runGuarded(task), periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public long lastTurnNanos() {
        return lastTurnNanos;
    }

    @Override
    public long taskFailures() {
        return taskFailures.get();
    }

    private void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            taskFailures.incrementAndGet();
            LOG.error("event-loop task failed; the loop keeps running", e);
        } finally {
            lastTurnNanos = System.nanoTime();
        }
    }

    @Override
    public void runAndWait(Runnable task, long timeout, TimeUnit unit) throws InterruptedException {
        if (inLoop()) {
            task.run();
            return;
        }
        var done = new java.util.concurrent.CountDownLatch(1);
        post(() -> {
            try {
                task.run();
            } finally {
                done.countDown();
            }
        });
        if (!done.await(timeout, unit)) {
            LOG.warn("event-loop task did not finish within {} {}", timeout, unit);
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
