package io.vrrpd.hooks;

import io.vrrpd.hooks.HookResult.Failed;
import io.vrrpd.hooks.HookResult.FailureReason;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs hook calls on its own threads, never the caller's, with the hook's deadline enforced:
 * the returned future completes with the hook's result, with {@code Failed(HOOK_ERROR)} when
 * the hook throws or returns null, or with {@code Failed(TIMEOUT)} at the deadline (the call is
 * then interrupted; its late result is dropped). It never completes later than the deadline
 * plus scheduling jitter, so the daemon can post the result back to its event loop.
 *
 * <p>Threads are made on demand (a hook stuck past its deadline that ignores interruption
 * holds one thread, not the others' calls). Calls to one hook are not ordered by the runner;
 * hooks are thread-safe.
 */
public final class HookRunner implements AutoCloseable {
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;

    public HookRunner() {
        this("hook");
    }

    /** Threads are named {@code NAME-N} and {@code NAME-deadline}. */
    public HookRunner(String name) {
        this.workers = Executors.newCachedThreadPool(daemonThreads(name + "-"));
        this.timers = Executors.newSingleThreadScheduledExecutor(daemonThreads(name + "-deadline"));
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
            t.setDaemon(true);
            return t;
        };
    }

    /** {@link Hook#onTransition} under a deadline of {@link Hook#timeout()}. */
    public CompletableFuture<HookResult> onTransition(Hook hook, TransitionEvent event) {
        Objects.requireNonNull(event, "event");
        return run(hook, d -> hook.onTransition(event, d));
    }

    /** {@link Hook#reverify} under a deadline of {@link Hook#timeout()}. */
    public CompletableFuture<HookResult> reverify(Hook hook, InstanceRef instance) {
        Objects.requireNonNull(instance, "instance");
        return run(hook, d -> hook.reverify(instance, d));
    }

    /** {@link Hook#onStop} under a deadline of {@link Hook#timeout()}. */
    public CompletableFuture<HookResult> onStop(Hook hook, TransitionEvent event) {
        Objects.requireNonNull(event, "event");
        return run(hook, d -> hook.onStop(event, d));
    }

    /** Any call of {@code hook}, given a deadline of {@link Hook#timeout()} from now. */
    public CompletableFuture<HookResult> run(Hook hook, Function<Deadline, HookResult> call) {
        Duration budget = hook.timeout();
        Deadline deadline = Deadline.after(budget);
        CompletableFuture<HookResult> result = new CompletableFuture<>();
        Future<?> task;
        try {
            task = workers.submit(() -> {
                try {
                    HookResult r = call.apply(deadline);
                    result.complete(r != null ? r
                            : new Failed(FailureReason.HOOK_ERROR, hook.describe() + " returned no result", Evidence.NONE));
                } catch (Throwable t) {
                    result.complete(new Failed(FailureReason.HOOK_ERROR, hook.describe() + " threw " + t, Evidence.NONE));
                    if (t instanceof Error e && !(t instanceof AssertionError)) {
                        throw e;
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.completedFuture(new Failed(FailureReason.HOOK_ERROR, hook.describe()
                    + " not run: the hook runner is closed", Evidence.NONE));
        }
        ScheduledFuture<?> timer = timers.schedule(() -> {
            if (result.complete(new Failed(FailureReason.TIMEOUT, hook.describe() + " did not finish within "
                    + budget.toMillis() + " ms", Evidence.NONE))) {
                task.cancel(true);
            }
        }, deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        result.whenComplete((r, t) -> timer.cancel(false));
        return result;
    }

    /** Stops the threads, interrupting calls still running. */
    @Override
    public void close() {
        workers.shutdownNow();
        timers.shutdownNow();
    }
}
