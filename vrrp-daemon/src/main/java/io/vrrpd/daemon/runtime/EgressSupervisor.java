package io.vrrpd.daemon.runtime;

import io.vrrpd.daemon.instance.Instance;
import io.vrrpd.daemon.instance.TransitionListener;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.loop.OwnedTask;
import io.vrrpd.daemon.metrics.HookMetrics;
import io.vrrpd.hooks.FailurePolicy;
import io.vrrpd.hooks.HookResult;
import io.vrrpd.hooks.HookRunner;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.ReportedState;
import io.vrrpd.hooks.TransitionEvent;
import io.vrrpd.hooks.kernel.KernelEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs the hooks bound to each instance and turns their verdicts into reported state: an
 * instance that became protocol master is ACTIVATING until every hook verified egress, then
 * MASTER; a failed verification is EGRESS_FAILED, and the failure policy applies (demote: a
 * lower advertised priority so a healthy peer takes over, restored after the hold-down).
 *
 * <p>Hooks run on the {@link HookRunner}'s threads, never on the event loop; results are posted
 * back and dropped when the instance changed state since (an epoch counter). Re-verification
 * runs periodically, and at once when the kernel reports a change a hook cares about (a
 * deleted route or address): hooks restore what was deleted first, then verify. A change that
 * arrives while a verification runs makes that run's verdict stale: it is dropped and the hooks
 * run again. A deleted route a hook relies on ends a MASTER report at once (EGRESS_FAILED): the
 * instance is MASTER again only when the hooks have put it back and verified egress.
 */
final class EgressSupervisor implements TransitionListener {
    private static final Logger LOG = LoggerFactory.getLogger(EgressSupervisor.class);

    private final EventLoop loop;
    private final HookRunner runner;
    private final HookMetrics metrics;
    private final Map<Instance, Watch> watches = new HashMap<>();
    private Runnable priorityChanged = () -> { };
    private boolean stopping;

    EgressSupervisor(EventLoop loop, HookRunner runner, HookMetrics metrics) {
        this.loop = loop;
        this.runner = runner;
        this.metrics = metrics;
    }

    /** Runs {@code call} for every hook, recording each hook's duration and result as it completes (any thread). */
    private List<CompletableFuture<HookResult>> runAll(Watch w,
            Function<BoundHook, CompletableFuture<HookResult>> call) {
        List<CompletableFuture<HookResult>> results = new ArrayList<>();
        for (BoundHook b : w.hooks) {
            long started = System.nanoTime();
            results.add(call.apply(b).whenComplete((r, t) -> metrics.hookRun(b.type(), resultWord(r),
                    Duration.ofNanos(System.nanoTime() - started))));
        }
        return results;
    }

    private static String resultWord(HookResult r) {
        if (r == null) {
            return "error";
        }
        if (r.ok()) {
            return "ok";
        }
        return ((HookResult.Failed) r).reason() == HookResult.FailureReason.TIMEOUT ? "timeout" : "failed";
    }

    /** Called after a demotion starts or ends, so the runtime recomputes advertised priorities. */
    void onPriorityPolicyChange(Runnable r) {
        this.priorityChanged = r;
    }

    /** What this supervisor knows of one instance. Loop thread only. */
    private static final class Watch {
        final Instance instance;
        final InstanceRef ref;
        final List<BoundHook> hooks;
        final FailurePolicy policy;
        long epoch;
        /** The epoch of the taking-over hook run still in progress, or -1: no re-verification meanwhile. */
        long takingOverEpoch = -1;
        boolean inFlight;
        /** A kernel change came while a run was in flight: its verdict predates it, run again. */
        boolean stale;
        boolean demoted;
        long okSinceNanos = -1;
        boolean lastReadinessOk = true;
        long restoredAtNanos = -1;
        int flaps;
        ScheduledFuture<?> periodic;

        /** The hold-down, doubled for every demotion that follows a restore closely (at most 64 times). */
        long holdDownNanos() {
            return policy.holdDown().toNanos() << Math.min(flaps, 6);
        }

        Watch(Instance instance, InstanceRef ref, List<BoundHook> hooks) {
            this.instance = instance;
            this.ref = ref;
            this.hooks = List.copyOf(hooks);
            this.policy = combined(hooks);
        }
    }

    /** The strictest policy of the hooks: demote if any demotes, by the largest amount, with the longest hold-down. */
    static FailurePolicy combined(List<BoundHook> hooks) {
        FailurePolicy.Action action = FailurePolicy.Action.HOLD;
        int by = 0;
        Duration holdDown = Duration.ZERO;
        for (BoundHook b : hooks) {
            FailurePolicy p = b.hook().failurePolicy();
            if (p.onFailure() == FailurePolicy.Action.DEMOTE) {
                action = FailurePolicy.Action.DEMOTE;
                by = Math.max(by, p.demoteBy());
            }
            if (p.holdDown().compareTo(holdDown) > 0) {
                holdDown = p.holdDown();
            }
        }
        return new FailurePolicy(action, Math.max(by, 1), holdDown);
    }

    /** Loop thread: watches {@code instance} with {@code hooks} (none: it reports MASTER unverified). */
    void bind(Instance instance, InstanceRef ref, List<BoundHook> hooks) {
        Watch previous = watches.get(instance);
        unbind(instance);
        instance.hooksBound(!hooks.isEmpty());
        if (hooks.isEmpty()) {
            return;
        }
        Watch w = new Watch(instance, ref, hooks);
        if (previous != null && w.policy.onFailure() == FailurePolicy.Action.DEMOTE) {
            // A reload rebinds every running instance: a demotion and its hold-down outlive it, or
            // any unrelated reload would hand a failing egress its priority back at once.
            w.demoted = previous.demoted;
            w.okSinceNanos = previous.okSinceNanos;
            w.restoredAtNanos = previous.restoredAtNanos;
            w.flaps = previous.flaps;
        }
        watches.put(instance, w);
        Duration period = hooks.stream().map(b -> b.hook().reverifyInterval().orElse(Duration.ofSeconds(10)))
                .min(Duration::compareTo).orElse(Duration.ofSeconds(10));
        w.periodic = loop.every(period.toNanos(), new OwnedTask(instance, () -> periodic(w)));
    }

    /** Loop thread: stops watching (instance removed by a reload). */
    void unbind(Instance instance) {
        Watch w = watches.remove(instance);
        if (w != null && w.periodic != null) {
            w.periodic.cancel(false);
        }
    }

    /** Whether {@code instance} advertises a lowered priority because its egress failed. */
    boolean demoted(Instance instance) {
        Watch w = watches.get(instance);
        return w != null && w.demoted;
    }

    /** The priority {@code instance} advertises while demoted. */
    int demotedPriority(Instance instance) {
        Watch w = watches.get(instance);
        return Math.max(1, instance.spec().priority() - (w == null ? 0 : w.policy.demoteBy()));
    }

    /** The daemon is stopping: {@link #stopAll} runs the stop actions, transitions run none. */
    void stopping() {
        stopping = true;
    }

    @Override
    public void transitioned(Instance instance, ReportedState from, ReportedState to, String reason) {
        Watch w = watches.get(instance);
        if (w == null || stopping) {
            return;
        }
        boolean wasMaster = masterish(from);
        if (to == ReportedState.ACTIVATING && !wasMaster) {
            w.epoch++;
            w.takingOverEpoch = w.epoch;
            w.stale = false;   // what an earlier mastership's runs missed, this one's run sees
            runTransition(w, from, to, reason, true);
        } else if (wasMaster && !masterish(to)) {
            w.epoch++;
            w.takingOverEpoch = -1;
            runTransition(w, from, to, reason, false);
        }
    }

    private static boolean masterish(ReportedState s) {
        return s == ReportedState.ACTIVATING || s == ReportedState.MASTER || s == ReportedState.EGRESS_FAILED;
    }

    private void runTransition(Watch w, ReportedState from, ReportedState to, String reason, boolean takingOver) {
        TransitionEvent event = new TransitionEvent(w.ref, from, to, w.instance.spec().virtualAddresses(), reason, Instant.now());
        long epoch = w.epoch;
        long started = System.nanoTime();
        List<CompletableFuture<HookResult>> results = runAll(w, b -> runner.onTransition(b.hook(), event));
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).whenComplete((v, t) -> loop.post(w.instance, () -> {
            Verdict verdict = Verdict.of(w.hooks, results);
            if (!takingOver) {
                if (!verdict.ok()) {
                    LOG.warn("{}: hooks on leaving master: {}", w.instance.name(), verdict.detail());
                }
                return;
            }
            if (epoch != w.epoch) {
                return; // the instance changed state while the hooks ran
            }
            w.takingOverEpoch = -1;
            if (w.stale && verdict.ok()) {
                // the kernel changed under the run (its route deleted meanwhile): verify again first
                w.stale = false;
                reverify(w);
                return;
            }
            long took = System.nanoTime() - started;
            metrics.egressVerification(w.instance.name(), verdict.ok(), Duration.ofNanos(took));
            LOG.info("{}: egress {} in {} ms: {}", w.instance.name(), verdict.ok() ? "verified" : "NOT verified",
                    took / 1_000_000, verdict.detail());
            apply(w, verdict);
        }));
    }

    private void periodic(Watch w) {
        ReportedState s = w.instance.reportedState();
        // a backup checks readiness too: a broken uplink shows before the router is needed
        if (w.inFlight || !(masterish(s) || s == ReportedState.BACKUP)) {
            return;
        }
        reverify(w);
    }

    private void reverify(Watch w) {
        if (w.takingOverEpoch == w.epoch || w.inFlight) {
            // The hooks' taking-over run decides ACTIVATING -> MASTER; a re-verification overlapping it
            // would report MASTER before every hook finished (an exec hook that has not run yet "verifies").
            // Either run's verdict may predate the change that asked for this one: it runs again after.
            w.stale = true;
            return;
        }
        w.stale = false;
        w.inFlight = true;
        long epoch = w.epoch;
        long started = System.nanoTime();
        List<CompletableFuture<HookResult>> results = runAll(w, b -> runner.reverify(b.hook(), w.ref));
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).whenComplete((v, t) -> loop.post(w.instance, () -> {
            w.inFlight = false;
            if (epoch != w.epoch) {
                return;
            }
            Verdict verdict = Verdict.of(w.hooks, results);
            if (w.stale) {
                // a kernel change came meanwhile: this verdict may predate it. A failure stands until
                // the next run says otherwise; a success is not believed.
                if (!verdict.ok()) {
                    apply(w, verdict);
                }
                reverify(w);
                return;
            }
            if (masterish(w.instance.reportedState())) {
                metrics.egressVerification(w.instance.name(), verdict.ok(), Duration.ofNanos(System.nanoTime() - started));
            }
            if (w.instance.reportedState() == ReportedState.ACTIVATING) {
                // this run, not the taking-over one (made stale by a kernel change), decides MASTER: say so
                LOG.info("{}: egress {} in {} ms (run again: the kernel changed during the first run): {}",
                        w.instance.name(), verdict.ok() ? "verified" : "NOT verified",
                        (System.nanoTime() - started) / 1_000_000, verdict.detail());
            }
            for (String restored : verdict.restored()) {
                w.instance.counters().routeRestored();   // the metrics read this counter
                LOG.warn("{}: {} had been deleted; restored it", w.instance.name(), restored);
            }
            apply(w, verdict);
        }));
    }

    /** Loop thread: a kernel change; hooks that care re-verify now (restoring first). */
    void onKernelEvent(KernelEvent event) {
        for (Watch w : List.copyOf(watches.values())) {
            if (!masterish(w.instance.reportedState())) {
                continue;
            }
            // a hook's affectedBy is plugin code running on the loop: a throw is its instance's failure
            loop.runFor(w.instance, () -> reverifyIfAffected(w, event));
        }
    }

    private void reverifyIfAffected(Watch w, KernelEvent event) {
        for (BoundHook b : w.hooks) {
            if (b.hook().affectedBy(event)) {
                if (event instanceof KernelEvent.RouteDeleted deleted && w.instance.reportedState() == ReportedState.MASTER) {
                    // egress is gone now, not at the end of the restore: no MASTER without the route
                    w.instance.egressVerdict(false, b.label() + ": " + deleted.route() + " deleted from the kernel;"
                            + " restoring it and verifying egress again");
                }
                reverify(w);
                return;
            }
        }
    }

    private void apply(Watch w, Verdict verdict) {
        Instance i = w.instance;
        boolean master = masterish(i.reportedState());
        if (master) {
            i.egressVerdict(verdict.ok(), verdict.detail());
        } else {
            i.readinessVerdict(verdict.ok(), verdict.detail());
            if (verdict.ok() != w.lastReadinessOk) {
                w.lastReadinessOk = verdict.ok();
                if (verdict.ok()) {
                    LOG.info("{}: backup is ready to take over: {}", i.name(), verdict.detail());
                } else {
                    LOG.warn("{}: backup is NOT ready to take over: {}", i.name(), verdict.detail());
                }
            }
        }
        if (!verdict.ok() && !master) {
            w.okSinceNanos = -1;   // shown, and it resets a running hold-down; it does not demote a backup
            return;
        }
        if (!verdict.ok()) {
            w.okSinceNanos = -1;
            if (w.policy.onFailure() == FailurePolicy.Action.DEMOTE && !w.demoted) {
                w.demoted = true;
                long now = loop.nanoTime();
                boolean flapped = w.restoredAtNanos >= 0 && now - w.restoredAtNanos < 10 * w.holdDownNanos();
                w.flaps = flapped ? w.flaps + 1 : 0;
                LOG.warn("{}: egress failed; advertising priority {} so a peer with healthy egress takes over: {}",
                        i.name(), demotedPriority(i), verdict.detail());
                priorityChanged.run();
            }
            return;
        }
        if (!w.demoted) {
            return;
        }
        long now = loop.nanoTime();
        if (w.okSinceNanos < 0) {
            w.okSinceNanos = now;
            long holdDown = w.holdDownNanos();
            LOG.info("{}: egress healthy again; priority comes back after {} ms of hold-down", i.name(), holdDown / 1_000_000);
            loop.at(now + holdDown, new OwnedTask(i, () -> {
                if (w.demoted && w.okSinceNanos >= 0 && !w.inFlight) {
                    reverify(w);
                }
            }));
        } else if (now - w.okSinceNanos >= w.holdDownNanos()) {
            w.demoted = false;
            w.okSinceNanos = -1;
            w.restoredAtNanos = now;
            LOG.info("{}: egress held healthy through the hold-down; priority {} restored", i.name(), i.spec().priority());
            priorityChanged.run();
        }
    }

    /**
     * Runs every hook's stop action (on-backup: withdraw, keep or via) and waits for them,
     * bounded: used on SIGTERM after the instances released mastership.
     */
    void stopAll(Duration bound) {
        List<CompletableFuture<HookResult>> all = new ArrayList<>();
        for (Watch w : watches.values()) {
            TransitionEvent event = new TransitionEvent(w.ref, w.instance.reportedState(), ReportedState.INIT,
                    w.instance.spec().virtualAddresses(), "daemon stopping", Instant.now());
            for (BoundHook b : w.hooks) {
                all.add(runner.onStop(b.hook(), event));
            }
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("hooks did not all finish their stop action within {} ms", bound.toMillis());
        }
    }

    /** The combined verdict of several hooks. */
    record Verdict(boolean ok, String detail, List<String> restored) {
        static Verdict of(List<BoundHook> hooks, List<CompletableFuture<HookResult>> results) {
            List<String> failed = new ArrayList<>();
            List<String> verified = new ArrayList<>();
            List<String> restored = new ArrayList<>();
            for (int n = 0; n < results.size(); n++) {
                HookResult r = results.get(n).getNow(null);
                if (r == null) {
                    failed.add(hooks.get(n).label() + ": no result");
                    continue;
                }
                restored.addAll(r.restored());
                if (r.ok()) {
                    verified.add(r.detail());
                } else {
                    failed.add(r.toString());
                }
            }
            return failed.isEmpty() ? new Verdict(true, String.join("; ", verified), restored)
                    : new Verdict(false, String.join("; ", failed), restored);
        }
    }
}
