package io.vrrpd.daemon.instance;

import io.vrrpd.daemon.loop.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopTimerTest {
    private final EventLoop loop = EventLoop.start("timer-test");
    private final List<Long> expiries = new CopyOnWriteArrayList<>();
    private final LoopTimer timer = new LoopTimer(loop, () -> expiries.add(loop.nanoTime()));

    @AfterEach
    void close() {
        loop.close();
    }

    private void onLoop(Runnable r) throws InterruptedException {
        loop.runAndWait(r, 5, TimeUnit.SECONDS);
    }

    @Test
    void aLaterReArmMovesTheExpiryAndItFiresOnce() throws Exception {
        long[] deadline = new long[1];
        onLoop(() -> {
            long now = loop.nanoTime();
            timer.arm(now + 30_000_000L);
            deadline[0] = now + 120_000_000L;
            timer.arm(deadline[0]);
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> expiries.size() == 1);
        assertTrue(expiries.get(0) - deadline[0] >= 0, "fired before its deadline");
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> expiries.size() == 1);
    }

    @Test
    void anEarlierReArmFiresEarly() throws Exception {
        long[] armedAt = new long[1];
        onLoop(() -> {
            armedAt[0] = loop.nanoTime();
            timer.arm(armedAt[0] + 10_000_000_000L);
            timer.arm(armedAt[0] + 20_000_000L);
        });
        await().atMost(Duration.ofSeconds(2)).until(() -> expiries.size() == 1);
        assertTrue(expiries.get(0) - armedAt[0] < 5_000_000_000L, "the earlier deadline was ignored");
    }

    @Test
    void aCancelledTimerNeverFires() throws Exception {
        onLoop(() -> {
            timer.arm(loop.nanoTime() + 20_000_000L);
            timer.cancel();
        });
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(expiries::isEmpty);
        assertEquals(List.of(), expiries);
    }
}
