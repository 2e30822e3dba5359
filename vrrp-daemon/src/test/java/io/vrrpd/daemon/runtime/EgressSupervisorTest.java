package io.vrrpd.daemon.runtime;

import io.vrrpd.hooks.Deadline;
import io.vrrpd.hooks.Evidence;
import io.vrrpd.hooks.FailurePolicy;
import io.vrrpd.hooks.Hook;
import io.vrrpd.hooks.HookConfig;
import io.vrrpd.hooks.HookConfigProblem;
import io.vrrpd.hooks.HookContext;
import io.vrrpd.hooks.HookProvider;
import io.vrrpd.hooks.HookResult;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.TransitionEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.vrrpd.daemon.runtime.RuntimeOnFakes.BOUND;
import static io.vrrpd.daemon.runtime.RuntimeOnFakes.MASTER_DOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Egress verification turned into reported state and priority, with a hook whose verdict the test
 * sets: failed egress demotes, and the priority comes back only after the hold-down (10 s by default).
 */
class EgressSupervisorTest {
    private static final Duration REVERIFY = Duration.ofSeconds(1);
    private static final Duration HOLD_DOWN = FailurePolicy.DEFAULT.holdDown();

    /** type: verdict — egress is what {@link #egressOk} says; re-verified every second. */
    static final class VerdictProvider implements HookProvider<VerdictProvider.Config> {
        record Config(List<String> instances, List<String> syncGroups, String onFailure) implements HookConfig {
        }

        final AtomicBoolean egressOk = new AtomicBoolean();
        /** Re-verifications started; while {@link #held} is set each waits for it (a run in flight). */
        final java.util.concurrent.atomic.AtomicInteger reverifies = new java.util.concurrent.atomic.AtomicInteger();
        volatile java.util.concurrent.CountDownLatch held;

        @Override
        public String type() {
            return "verdict";
        }

        @Override
        public Class<Config> configType() {
            return Config.class;
        }

        @Override
        public List<HookConfigProblem> validate(Config config, List<InstanceRef> instances) {
            return List.of();
        }

        @Override
        public Hook create(Config config, HookContext context) {
            FailurePolicy policy = "hold".equals(config.onFailure())
                    ? new FailurePolicy(FailurePolicy.Action.HOLD, FailurePolicy.DEFAULT_DEMOTE_BY, HOLD_DOWN)
                    : FailurePolicy.DEFAULT;
            return new Hook() {
                private HookResult verdict() {
                    return egressOk.get() ? new HookResult.Verified("egress fine")
                            : new HookResult.Failed(HookResult.FailureReason.PROBE_FAILED, "no answer", Evidence.NONE);
                }

                @Override
                public HookResult onTransition(TransitionEvent event, Deadline deadline) {
                    return event.takingOver() ? verdict() : new HookResult.Verified("nothing to undo");
                }

                @Override
                public HookResult reverify(InstanceRef instance, Deadline deadline) {
                    reverifies.incrementAndGet();
                    java.util.concurrent.CountDownLatch h = held;
                    if (h != null) {
                        try {
                            h.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return verdict();
                }

                @Override
                public boolean affectedBy(io.vrrpd.hooks.kernel.KernelEvent event) {
                    return event instanceof io.vrrpd.hooks.kernel.KernelEvent.RouteDeleted
                            || event instanceof io.vrrpd.hooks.kernel.KernelEvent.EventsLost;
                }

                @Override
                public Duration timeout() {
                    return Duration.ofSeconds(1);
                }

                @Override
                public Optional<Duration> reverifyInterval() {
                    return Optional.of(REVERIFY);
                }

                @Override
                public FailurePolicy failurePolicy() {
                    return policy;
                }

                @Override
                public String describe() {
                    return "verdict";
                }
            };
        }
    }

    private final VerdictProvider verdict = new VerdictProvider();
    private RuntimeOnFakes fakes;

    @AfterEach
    void close() {
        if (fakes != null) {
            fakes.close();
        }
    }

    private static String config(String onFailure) {
        return """
                instances:
                  gw4: {family: ipv4, interface: lan0, vrid: 51, priority: 150, virtual-addresses: [192.0.2.1/24]}
                hooks:
                  - {type: verdict, instances: [gw4], on-failure: %s}
                """.formatted(onFailure);
    }

    /** Takes gw4 over with egress failing: it is EGRESS_FAILED once the hook answered. */
    private void takeOverWithFailingEgress(String onFailure) throws Exception {
        fakes = new RuntimeOnFakes(verdict);
        fakes.apply(config(onFailure));
        fakes.loop.advance(MASTER_DOWN);
        fakes.loop.runUntil(() -> fakes.state("gw4").equals("EGRESS_FAILED"), BOUND);
    }

    /** One re-verification period later, its result back on the loop. */
    private void nextReverification() {
        int before = fakes.verifications.get();
        fakes.loop.advance(REVERIFY);
        fakes.loop.runUntil(() -> fakes.verifications.get() > before, BOUND);
    }

    @Test
    void aDemotedInstanceGetsItsPriorityBackOnlyAfterTheHoldDown() throws Exception {
        takeOverWithFailingEgress("demote");
        assertEquals(1, fakes.advertised("gw4"), "150 - 254, never below 1: any healthy backup wins");

        verdict.egressOk.set(true);
        nextReverification();
        assertEquals("MASTER", fakes.state("gw4"), "egress verified again: reported at once");
        long healthySince = fakes.loop.nanoTime();
        while (fakes.advertised("gw4") == 1) {
            assertTrue(fakes.loop.nanoTime() - healthySince < HOLD_DOWN.plus(REVERIFY.multipliedBy(2)).toNanos(),
                    "the priority never came back");
            nextReverification();
        }
        assertEquals(150, fakes.advertised("gw4"));
        assertTrue(fakes.loop.nanoTime() - healthySince >= HOLD_DOWN.toNanos(),
                "priority back after " + Duration.ofNanos(fakes.loop.nanoTime() - healthySince) + ", before the hold-down");
    }

    @Test
    void aFailureDuringTheHoldDownStartsItAgain() throws Exception {
        takeOverWithFailingEgress("demote");
        verdict.egressOk.set(true);
        nextReverification();
        for (int i = 0; i < 5; i++) {
            nextReverification();
        }
        verdict.egressOk.set(false);
        nextReverification();
        verdict.egressOk.set(true);
        nextReverification();
        long healthyAgain = fakes.loop.nanoTime();
        while (fakes.advertised("gw4") == 1) {
            assertTrue(fakes.loop.nanoTime() - healthyAgain < HOLD_DOWN.multipliedBy(3).toNanos(), "never came back");
            nextReverification();
        }
        assertTrue(fakes.loop.nanoTime() - healthyAgain >= HOLD_DOWN.toNanos(),
                "the healthy seconds before the relapse counted towards the hold-down");
    }

    @Test
    void aReloadKeepsTheDemotion() throws Exception {
        takeOverWithFailingEgress("demote");
        assertEquals(1, fakes.advertised("gw4"));
        fakes.apply(config("demote"));   // unchanged: the instance keeps running, its hooks are rebuilt
        assertEquals(1, fakes.advertised("gw4"), "an unrelated reload hands a failing egress no priority");
        assertEquals("EGRESS_FAILED", fakes.state("gw4"));
    }

    @Test
    void onFailureHoldStaysAtItsPriority() throws Exception {
        takeOverWithFailingEgress("hold");
        assertEquals(150, fakes.advertised("gw4"));
        nextReverification();
        assertEquals(150, fakes.advertised("gw4"));
        assertEquals("EGRESS_FAILED", fakes.state("gw4"));
    }

    @Test
    void aDeletedRouteEndsMasterAtOnceAndAVerdictThatPredatesItIsNotBelieved() throws Exception {
        fakes = new RuntimeOnFakes(verdict);
        verdict.egressOk.set(true);
        fakes.apply(config("demote"));
        fakes.becomeMaster("gw4");
        var deleted = new io.vrrpd.hooks.kernel.KernelEvent.RouteDeleted(
                io.vrrpd.hooks.kernel.RouteSpec.defaultRoute(RuntimeOnFakes.ip("198.51.100.1"), RuntimeOnFakes.UP0, 254, 0));
        // a re-verification in flight (asked for by another change) when the route goes
        fakes.loop.runPending();
        int before = verdict.reverifies.get();
        verdict.held = new java.util.concurrent.CountDownLatch(1);
        kernelEvent(new io.vrrpd.hooks.kernel.KernelEvent.EventsLost("test"));
        fakes.loop.runUntil(() -> verdict.reverifies.get() == before + 1, BOUND);
        kernelEvent(deleted);
        assertEquals("EGRESS_FAILED", fakes.state("gw4"), "no MASTER while the route is gone, not even until the restore");
        verdict.held.countDown();
        verdict.held = null;
        fakes.loop.runUntil(() -> verdict.reverifies.get() == before + 2 && fakes.state("gw4").equals("MASTER"), BOUND);
        assertEquals(150, fakes.advertised("gw4"), "a deletion the hooks repaired at once demotes nobody");
    }

    private void kernelEvent(io.vrrpd.hooks.kernel.KernelEvent e) throws InterruptedException {
        fakes.loop.runAndWait(() -> fakes.runtime.onKernelEvent(e), 1, java.util.concurrent.TimeUnit.SECONDS);
    }
}
