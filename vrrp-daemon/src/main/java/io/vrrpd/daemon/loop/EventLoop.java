package io.vrrpd.daemon.loop;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that owns every instance's state. Receive threads, the netlink monitor, hook
 * executors and the control server only {@link #post} work here; timers fire here, on the clock
 * of {@link #nanoTime()}. The daemon's is {@link #start}ed; tests of the logic on top drive a
 * manual one, whose clock they move.
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

    /** Runs {@code task} on the loop, after what is already queued. Any thread. */
    void post(Runnable task);

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

    /** Stops the loop, letting the task running finish. */
    @Override
    void close();
}
