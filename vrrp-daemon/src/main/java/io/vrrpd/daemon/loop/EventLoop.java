package io.vrrpd.daemon.loop;

import org.slf4j.LoggerFactory;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that owns every instance's state. Receive threads, the netlink monitor, hook
 * executors and the control server only {@link #post} work here; timers fire here, on the clock
 * of {@link #nanoTime()}. The daemon's is {@link #start}ed; tests of the logic on top drive a
 * manual one, whose clock they move.
 *
 * <p>A task that throws is logged and counted; the loop keeps running, because a dead loop would
 * stop every advert. A task posted on behalf of an instance carries it (an {@link OwnedTask}, or
 * {@link #post(TaskOwner, Runnable)}): its failure is that instance's, which goes to FAULT with the
 * reason ({@link TaskOwner#taskFailed}), and the other instances carry on.
 */
public interface EventLoop extends AutoCloseable {

    /** A loop on its own thread named {@code name}, on the monotonic clock. */
    static EventLoop start(String name) {
        return new EventLoopThread(name);
    }

    /** The monotonic clock every instance's state machine is fed with. */
    long nanoTime();

    /** Whether the caller runs on the loop thread. */
    boolean inLoop();

    /** Runs {@code task} on the loop, after what is already queued; an {@link OwnedTask} fails for its owner. Any thread. */
    void post(Runnable task);

    /** Runs {@code task} on the loop for {@code owner}: a failure is the owner's. Any thread. */
    default void post(TaskOwner owner, Runnable task) {
        post(new OwnedTask(owner, task));
    }

    /**
     * Loop thread: runs {@code work} now, for {@code owner}, inside a task that serves several
     * owners (a reconcile, a kernel event): a failure is the owner's, and the caller goes on with
     * the next one.
     */
    void runFor(TaskOwner owner, Runnable work);

    /**
     * Tasks posted to the loop that have not started yet (scheduled timers are not counted).
     * Adverts are coalesced per instance, so this stays near the number of instances however
     * fast packets arrive; a number that keeps growing means the loop cannot keep up.
     */
    int queued();

    /** Runs {@code task} on the loop when {@link #nanoTime()} reaches {@code deadlineNanos}. */
    ScheduledFuture<?> at(long deadlineNanos, Runnable task);

    /** Runs {@code task} on the loop every {@code periodNanos}, starting one period from now. */
    ScheduledFuture<?> every(long periodNanos, Runnable task);

    /** Nanos timestamp of the last task the loop finished: a watchdog reads it. */
    long lastTurnNanos();

    /** Tasks that threw since start. */
    long taskFailures();

    /** Runs {@code task} on the loop and waits for it (for shutdown and tests; never from the loop). */
    void runAndWait(Runnable task, long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * What a loop does when {@code task} threw {@code failure}: an {@link OwnedTask}'s owner is
     * told (guarded: whatever it throws is logged) and true is returned; false for the daemon's
     * own tasks, whose failure is only logged and counted.
     */
    static boolean blameOwner(Runnable task, Throwable failure) {
        if (!(task instanceof OwnedTask owned)) {
            return false;
        }
        try {
            owned.owner().taskFailed(failure);
        } catch (RuntimeException | Error e) {
            LoggerFactory.getLogger(EventLoop.class).error("{}: handling its task failure failed too",
                    owned.owner().name(), e);
        }
        return true;
    }

    /** Stops the loop, letting the task running finish. */
    @Override
    void close();
}
