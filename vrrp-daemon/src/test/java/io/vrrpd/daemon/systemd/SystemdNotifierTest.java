package io.vrrpd.daemon.systemd;

import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.status.DaemonStatus;
import io.vrrpd.daemon.status.InstanceStatus;
import io.vrrpd.daemon.status.StatusBoard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sd_notify over a real AF_UNIX datagram socket that the test binds, playing systemd. */
class SystemdNotifierTest {
    @TempDir
    Path dir;
    private UnixDatagram systemd;
    private final List<String> received = new ArrayList<>();

    @BeforeEach
    void bind() {
        systemd = UnixDatagram.bind(dir.resolve("notify").toString());
    }

    @AfterEach
    void close() {
        systemd.close();
    }

    /** Everything received so far (drains the socket without blocking). */
    private synchronized List<String> received() {
        for (String d = systemd.poll(); d != null; d = systemd.poll()) {
            received.add(d);
        }
        return new ArrayList<>(received);
    }

    private synchronized void forget() {
        received();
        received.clear();
    }

    private static InstanceStatus status(String name, String state) {
        return new InstanceStatus(name, "ipv4", 51, "lan0", state, state.equals("MASTER") ? "MASTER" : "BACKUP", 150, 150,
                null, new InstanceStatus.Transition("2026-11-21T23:40:01Z", "INIT", state, "x"),
                new InstanceStatus.Egress(false, null, "d"), new InstanceStatus.Counters(0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0));
    }

    @Test
    void sendsToAPathAndToAnAbstractSocket() {
        try (SdNotify sd = SdNotify.to(dir.resolve("notify").toString())) {
            assertTrue(sd.send("READY=1"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> received().contains("READY=1"));

        String abstractName = "@vrrpd-test-" + UUID.randomUUID();
        try (UnixDatagram abstractSocket = UnixDatagram.bind(abstractName); SdNotify sd = SdNotify.to(abstractName)) {
            assertTrue(sd.send("STOPPING=1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> "STOPPING=1".equals(abstractSocket.poll()));
        }
    }

    @Test
    void withoutNotifySocketNothingIsSentAndNothingFails() {
        try (SdNotify sd = SdNotify.to(null)) {
            assertFalse(sd.enabled());
            assertFalse(sd.send("READY=1"));
        }
        try (SdNotify sd = SdNotify.to(dir.resolve("nobody-listens").toString())) {
            assertFalse(sd.send("READY=1"), "a missing socket is reported, not thrown");
        }
    }

    @Test
    void readyCarriesTheStatusAndTransitionsUpdateItRateLimited() throws Exception {
        StatusBoard board = new StatusBoard();
        board.publish(status("gw4", "BACKUP"));
        board.publish(status("gw6", "BACKUP"));
        try (EventLoop loop = EventLoop.start("test-loop");
             SystemdNotifier notifier = new SystemdNotifier(SdNotify.to(dir.resolve("notify").toString()), loop, board,
                     null, Duration.ofMillis(300))) {
            notifier.ready();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> received().contains("READY=1\nSTATUS=2 instances: gw4 BACKUP, gw6 BACKUP"));
            forget();
            loop.post(() -> { // five transitions in one burst, as a sync group's failover makes them
                for (int i = 0; i < 5; i++) {
                    String state = i % 2 == 0 ? "MASTER" : "ACTIVATING";
                    board.publish(status("gw4", state));
                    board.publish(status("gw6", state));
                    notifier.statusChanged();
                }
            });
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> received().contains("STATUS=2 instances: gw4 MASTER, gw6 MASTER"));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> received().size() == 1);
            notifier.stopping();
            await().atMost(Duration.ofSeconds(5)).until(() -> received().stream().anyMatch(d -> d.startsWith("STOPPING=1\n")));
        }
    }

    @Test
    void theWatchdogIsFedByTheLoopAndStopsWhileTheLoopIsStuck() throws Exception {
        Duration period = Duration.ofMillis(100);
        try (EventLoop loop = EventLoop.start("test-loop");
             SystemdNotifier notifier = new SystemdNotifier(SdNotify.to(dir.resolve("notify").toString()), loop,
                     new StatusBoard(), period, Duration.ofSeconds(1))) {
            notifier.ready();
            await().atMost(Duration.ofSeconds(5)).until(() -> received().contains("WATCHDOG=1"));

            CountDownLatch stuck = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            loop.post(() -> {
                stuck.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                assertTrue(stuck.await(5, TimeUnit.SECONDS));
                forget(); // pings sent before the loop got stuck
                await().during(period.multipliedBy(2)).atMost(period.multipliedBy(6))
                        .until(() -> !received().contains("WATCHDOG=1"));
            } finally {
                release.countDown();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> received().contains("WATCHDOG=1"));
        }
    }

    @Test
    void theWatchdogPeriodIsHalfOfWatchdogUsecForThisProcessOnly() {
        assertEquals(Duration.ofMillis(2500), SystemdNotifier.watchdogPeriod(Map.of("WATCHDOG_USEC", "5000000"), 42));
        assertEquals(Duration.ofMillis(2500),
                SystemdNotifier.watchdogPeriod(Map.of("WATCHDOG_USEC", "5000000", "WATCHDOG_PID", "42"), 42));
        assertNull(SystemdNotifier.watchdogPeriod(Map.of("WATCHDOG_USEC", "5000000", "WATCHDOG_PID", "7"), 42));
        assertNull(SystemdNotifier.watchdogPeriod(Map.of(), 42));
        assertNull(SystemdNotifier.watchdogPeriod(Map.of("WATCHDOG_USEC", "junk"), 42));
    }

    @Test
    void theSummaryNamesFewInstancesAndCountsMany() {
        assertEquals("2 instances: gw4 MASTER, gw6 BACKUP", SystemdNotifier.summary(
                new DaemonStatus(1, List.of(status("gw4", "MASTER"), status("gw6", "BACKUP")), List.of())));
        List<InstanceStatus> many = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            many.add(status("v" + i, i < 3 ? "MASTER" : "BACKUP"));
        }
        assertEquals("10 instances: 7 BACKUP, 3 MASTER", SystemdNotifier.summary(new DaemonStatus(1, many, List.of())));
        assertEquals("0 instances", SystemdNotifier.summary(new DaemonStatus(1, List.of(), List.of())));
    }
}
