package io.vrrpd.hooks;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.hooks.HookResult.Failed;
import io.vrrpd.hooks.HookResult.FailureReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HookRunnerTest {
    private static final InstanceRef GW4 = new InstanceRef("gw4", AddressFamily.IPV4, 51, "lan0");
    private static final TransitionEvent TAKEOVER = new TransitionEvent(GW4, ReportedState.BACKUP, ReportedState.ACTIVATING,
            List.of(), "test", Instant.EPOCH);

    private static Hook hook(Duration timeout, BiFunction<TransitionEvent, Deadline, HookResult> body) {
        return new Hook() {
            @Override
            public HookResult onTransition(TransitionEvent event, Deadline deadline) {
                return body.apply(event, deadline);
            }

            @Override
            public HookResult reverify(InstanceRef instance, Deadline deadline) {
                return body.apply(null, deadline);
            }

            @Override
            public Duration timeout() {
                return timeout;
            }

            @Override
            public String describe() {
                return "test hook";
            }
        };
    }

    @Test
    void runsOnItsOwnThreadWithTheHooksDeadlineAndDeliversTheResult() throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        AtomicReference<Duration> budget = new AtomicReference<>();
        try (HookRunner runner = new HookRunner("rt")) {
            HookResult r = runner.onTransition(hook(Duration.ofMillis(1500), (e, d) -> {
                thread.set(Thread.currentThread().getName());
                budget.set(d.budget());
                return new HookResult.Verified("ok " + e.to().jsonName());
            }), TAKEOVER).get();
            assertEquals(new HookResult.Verified("ok activating"), r);
        }
        assertTrue(thread.get().startsWith("rt-"), thread::get);
        assertNotEquals(Thread.currentThread().getName(), thread.get());
        assertEquals(Duration.ofMillis(1500), budget.get());
    }

    @Test
    void aHookThatThrowsIsHookError() throws Exception {
        try (HookRunner runner = new HookRunner("rt")) {
            Failed f = assertInstanceOf(Failed.class, runner.reverify(hook(Duration.ofSeconds(1), (e, d) -> {
                throw new IllegalStateException("boom");
            }), GW4).get());
            assertEquals(FailureReason.HOOK_ERROR, f.reason());
            assertEquals("test hook threw java.lang.IllegalStateException: boom", f.detail());
            Failed none = assertInstanceOf(Failed.class, runner.onTransition(hook(Duration.ofSeconds(1), (e, d) -> null),
                    TAKEOVER).get());
            assertEquals(FailureReason.HOOK_ERROR, none.reason());
        }
    }

    @Test
    void aHookPastItsDeadlineIsTimeoutAndTheRunnerDoesNotWaitForIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Duration timeout = Duration.ofMillis(300);
        try (HookRunner runner = new HookRunner("rt")) {
            long start = System.nanoTime();
            CompletableFuture<HookResult> f = runner.onTransition(hook(timeout, (e, d) -> {
                // a hook that ignores its deadline, and even interruption
                while (true) {
                    try {
                        release.await();
                        return new HookResult.Verified("late");
                    } catch (InterruptedException ie) {
                        interrupted.set(true);
                    }
                }
            }), TAKEOVER);
            await().atMost(timeout.plusMillis(300)).until(f::isDone);
            long took = (System.nanoTime() - start) / 1_000_000;
            assertTrue(took >= timeout.toMillis() - 5, "completed after " + took + " ms, before the deadline");
            Failed failed = assertInstanceOf(Failed.class, f.get());
            assertEquals(FailureReason.TIMEOUT, failed.reason());
            assertEquals("test hook did not finish within 300 ms", failed.detail());
            await().atMost(Duration.ofSeconds(1)).untilTrue(interrupted);
            release.countDown();
            assertEquals(FailureReason.TIMEOUT, ((Failed) f.get()).reason(), "a late result must not replace the timeout");
        }
    }

    @Test
    void aClosedRunnerAnswersAtOnceInsteadOfThrowing() throws Exception {
        HookRunner runner = new HookRunner("rt");
        runner.close();
        Failed f = assertInstanceOf(Failed.class, runner.onTransition(hook(Duration.ofSeconds(1),
                (e, d) -> new HookResult.Verified("ran")), TAKEOVER).getNow(null));
        assertEquals(FailureReason.HOOK_ERROR, f.reason());
        assertEquals("test hook not run: the hook runner is closed", f.detail());
    }

    @Test
    void callsOfOneHookForOneInstanceFinishInTheOrderTheyWereMade() throws Exception {
        // the "to backup" run takes a while; the "to activating" run that follows it must not overtake it
        List<String> finished = new java.util.concurrent.CopyOnWriteArrayList<>();
        TransitionEvent leave = new TransitionEvent(GW4, ReportedState.MASTER, ReportedState.BACKUP, List.of(), "test", Instant.EPOCH);
        Hook hook = hook(Duration.ofSeconds(5), (event, deadline) -> {
            if (event != null && event.to() == ReportedState.BACKUP) {
                try {
                    Thread.sleep(300); // the slow half of a race, not synchronisation
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            finished.add(event == null ? "reverify" : event.to().name());
            return new HookResult.Verified("ok");
        });
        try (HookRunner runner = new HookRunner("order-test")) {
            CompletableFuture<HookResult> first = runner.onTransition(hook, leave);
            CompletableFuture<HookResult> second = runner.onTransition(hook, TAKEOVER);
            CompletableFuture<HookResult> third = runner.reverify(hook, GW4);
            CompletableFuture.allOf(first, second, third).get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertEquals(List.of("BACKUP", "ACTIVATING", "reverify"), finished);
    }

    @Test
    void anotherInstanceDoesNotWaitForIt() throws Exception {
        InstanceRef gw6 = new InstanceRef("gw6", AddressFamily.IPV6, 51, "lan0");
        CountDownLatch release = new CountDownLatch(1);
        Hook hook = hook(Duration.ofSeconds(10), (event, deadline) -> {
            if (event != null && event.instance().equals(GW4)) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new HookResult.Verified("ok");
        });
        try (HookRunner runner = new HookRunner("order-test")) {
            CompletableFuture<HookResult> stuck = runner.onTransition(hook, TAKEOVER);
            CompletableFuture<HookResult> other = runner.onTransition(hook, new TransitionEvent(gw6, ReportedState.BACKUP,
                    ReportedState.ACTIVATING, List.of(), "test", Instant.EPOCH));
            await().atMost(Duration.ofSeconds(5)).until(other::isDone);
            assertTrue(!stuck.isDone());
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(stuck::isDone);
        }
    }
}
