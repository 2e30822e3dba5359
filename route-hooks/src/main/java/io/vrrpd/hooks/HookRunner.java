package io.vrrpd.hooks;

import io.vrrpd.hooks.HookResult.Failed;
import io.vrrpd.hooks.HookResult.FailureReason;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Calls of one hook for one instance ({@link #onTransition}, {@link #reverify},
 * {@link #onStop}) run one after another, in the order they were made: a "to backup" run that
 * takes long cannot finish after the "to activating" run that followed it. A call waits for the
 * previous one to end (or, if that one ignores interruption, for its deadline and a second more)
 * and its own deadline starts when it starts. Calls for other instances, and of other hooks, do
 * not wait. Threads are made on demand (a hook stuck past its deadline that ignores
 * interruption holds one thread, not the others' calls); hooks are thread-safe.
 */
public final class HookRunner implements AutoCloseable {
    /** How long past its deadline a call that ignores interruption holds up the next call of its hook and instance. */
    private static final Duration RELEASE_GRACE = Duration.ofSeconds(1);

    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    /** The call of each hook and instance that the next one waits for. */
    private final ConcurrentHashMap<Order, CompletableFuture<Void>> lastCall = new ConcurrentHashMap<>();

    private record Order(Hook hook, String instance) {
    }

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
        return inOrder(hook, event.instance().name(), d -> hook.onTransition(event, d));
    }

    /** {@link Hook#reverify} under a deadline of {@link Hook#timeout()}. */
    public CompletableFuture<HookResult> reverify(Hook hook, InstanceRef instance) {
        Objects.requireNonNull(instance, "instance");
        return inOrder(hook, instance.name(), d -> hook.reverify(instance, d));
    }

    /** {@link Hook#onStop} under a deadline of {@link Hook#timeout()}. */
    public CompletableFuture<HookResult> onStop(Hook hook, TransitionEvent event) {
        Objects.requireNonNull(event, "event");
        return inOrder(hook, event.instance().name(), d -> hook.onStop(event, d));
    }

    /** {@code call} once the previous call of {@code hook} for {@code instance} has ended. */
    private CompletableFuture<HookResult> inOrder(Hook hook, String instance, Function<Deadline, HookResult> call) {
        Order order = new Order(hook, instance);
        CompletableFuture<Void> ended = new CompletableFuture<>();
        CompletableFuture<Void> previous = lastCall.put(order, ended);
        ended.whenComplete((v, t) -> lastCall.remove(order, ended));
        if (previous == null) {
            return run(hook, call, ended);
        }
        CompletableFuture<HookResult> result = new CompletableFuture<>();
        previous.whenComplete((v, t) -> run(hook, call, ended).whenComplete((r, e) -> result.complete(r)));
        return result;
    }

    /** Any call of {@code hook}, given a deadline of {@link Hook#timeout()} from now; not ordered with others. */
    public CompletableFuture<HookResult> run(Hook hook, Function<Deadline, HookResult> call) {
        return run(hook, call, new CompletableFuture<>());
    }

    /** {@code ended} completes when the call has returned, or a grace period after its deadline. */
    private CompletableFuture<HookResult> run(Hook hook, Function<Deadline, HookResult> call, CompletableFuture<Void> ended) {
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
                } finally {
                    ended.complete(null);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            ended.complete(null);
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
        try {
            timers.schedule(() -> ended.complete(null), deadline.remainingNanos() + RELEASE_GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            ended.complete(null);
        }
        return result;
    }

    /** Stops the threads, interrupting calls still running. */
    @Override
    public void close() {
        workers.shutdownNow();
        timers.shutdownNow();
    }
}
