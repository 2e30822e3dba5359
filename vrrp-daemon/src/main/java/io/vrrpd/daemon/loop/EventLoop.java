package io.vrrpd.daemon.loop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one thread that owns every instance's state. Receive threads, the netlink monitor, hook
 * executors and the control server only {@link #post} work here; timers fire here.
 *
 * <p>A task that throws is logged and counted; the loop keeps running, because a dead loop
 * would stop every advert. A task posted on behalf of an instance carries it (an
 * {@link OwnedTask}, or {@link #post(TaskOwner, Runnable)}): its failure is that instance's, which
 * goes to FAULT with the reason ({@link TaskOwner#taskFailed}), and the other instances carry on.
 */
public final class EventLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

    private final ScheduledThreadPoolExecutor executor;
    private final AtomicLong taskFailures = new AtomicLong();
    /** Tasks posted and not started yet (timers excluded): what the loop is behind by. */
    private final AtomicInteger queued = new AtomicInteger();
    private volatile Thread thread;
    private volatile long lastTurnNanos = System.nanoTime();

    public EventLoop(String name) {
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

    /** The monotonic clock every instance's state machine is fed with. */
    public long nanoTime() {
        return System.nanoTime();
    }

    /** Whether the caller runs on the loop thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop, after what is already queued; an {@link OwnedTask} fails for its owner. */
    public void post(Runnable task) {
        if (!executor.isShutdown()) {
            queued.incrementAndGet();
            executor.execute(() -> {
                queued.decrementAndGet();
                runGuarded(task);
            });
        }
    }

    /** Runs {@code task} on the loop for {@code owner}: a failure is the owner's. */
    public void post(TaskOwner owner, Runnable task) {
        post(new OwnedTask(owner, task));
    }

    /**
     * Loop thread: runs {@code work} now, for {@code owner}, inside a task that serves several
     * owners (a reconcile, a kernel event): a failure is the owner's, and the caller goes on with
     * the next one.
     */
    public void runFor(TaskOwner owner, Runnable work) {
        runGuarded(new OwnedTask(owner, work));
    }

    /** Runs {@code task} on the loop when {@link #nanoTime()} reaches {@code deadlineNanos}. */
    public ScheduledFuture<?> at(long deadlineNanos, Runnable task) {
        long delay = deadlineNanos - nanoTime();
        return executor.schedule(() -> runGuarded(task), Math.max(0, delay), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task} on the loop every {@code periodNanos}, starting one period from now. */
    public ScheduledFuture<?> every(long periodNanos, Runnable task) {
        return executor.scheduleAtFixedRate(() -> runGuarded(task), periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    /** Nanos timestamp of the last task the loop finished: a watchdog reads it. */
    public long lastTurnNanos() {
        return lastTurnNanos;
    }

    /**
     * Tasks posted to the loop that have not started yet (scheduled timers are not counted). Adverts
     * are coalesced per instance, so this stays near the number of instances however fast packets
     * arrive; a number that keeps growing means the loop cannot keep up.
     */
    public int queued() {
        return queued.get();
    }

    /** Tasks that threw since start. */
    public long taskFailures() {
        return taskFailures.get();
    }

    private void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            taskFailures.incrementAndGet();
            if (task instanceof OwnedTask owned) {
                LOG.error("{}: event-loop task failed; the instance goes to FAULT, the loop serves the others",
                        owned.owner().name(), e);
                blame(owned.owner(), e);
            } else {
                LOG.error("event-loop task failed; the loop keeps running", e);
            }
        } finally {
            lastTurnNanos = System.nanoTime();
        }
    }

    private static void blame(TaskOwner owner, Throwable failure) {
        try {
            owner.taskFailed(failure);
        } catch (RuntimeException | Error e) {
            LOG.error("{}: handling its task failure failed too", owner.name(), e);
        }
    }

    /** Runs {@code task} on the loop and waits for it (for shutdown and tests; never from the loop). */
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
