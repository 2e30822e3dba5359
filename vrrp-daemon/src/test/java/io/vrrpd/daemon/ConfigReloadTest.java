package io.vrrpd.daemon;

import io.vrrpd.daemon.config.ConfigLoader;
import io.vrrpd.daemon.config.InterfaceDirectory;
import io.vrrpd.daemon.config.InvalidConfigException;
import io.vrrpd.daemon.config.VrrpdConfig;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.hooks.kernel.Link;
import io.vrrpd.hooks.kernel.MacAddress;
import io.vrrpd.hooks.kernel.OperState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGHUP reads the file off the event loop: while it is being read the loop keeps running tasks
 * (adverts), and only a valid result is applied, on the loop.
 */
class ConfigReloadTest {
    private static final Path FILE = Path.of("vrrpd.yaml");
    private static final String YAML = """
            instances:
              gw4: {family: ipv4, interface: lan0, vrid: 51, priority: 150, virtual-addresses: [192.0.2.1/24]}
            """;
    private final EventLoop loop = EventLoop.start("reload-test");

    @AfterEach
    void close() {
        loop.close();
    }

    private static VrrpdConfig parse(String yaml) throws InvalidConfigException {
        InterfaceDirectory lan = InterfaceDirectory.of(List.of(new Link(2, "lan0", MacAddress.parse("52:54:00:12:34:56"),
                true, true, true, OperState.UP, 1500)));
        return ConfigLoader.withBuiltInHooks().parse(FILE, yaml, lan);
    }

    @Test
    void theFileIsReadOffTheLoopWhichKeepsRunningAndTheResultIsAppliedOnTheLoop() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch slowDisk = new CountDownLatch(1);
        List<String> appliedOn = new CopyOnWriteArrayList<>();
        AtomicInteger finished = new AtomicInteger();
        try (ConfigReload reload = new ConfigReload(FILE, () -> {
            reading.countDown();
            try {
                slowDisk.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return parse(YAML);
        }, loop, c -> appliedOn.add(loop.inLoop() + " " + c.instances().keySet()), () -> { }, finished::incrementAndGet)) {
            loop.post(reload::request);   // however it is asked for, the read does not hold the loop
            assertTrue(reading.await(5, TimeUnit.SECONDS));
            CountDownLatch ran = new CountDownLatch(1);
            loop.post(ran::countDown);   // an advert timer, say
            assertTrue(ran.await(5, TimeUnit.SECONDS), "the loop ran a task while the file was being read");
            assertEquals(List.of(), appliedOn);
            slowDisk.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> finished.get() == 1);
            assertEquals(List.of("true [gw4]"), appliedOn, "applied once, on the loop");
        }
    }

    @Test
    void aBadFileIsRefusedAndNothingIsApplied() throws Exception {
        List<VrrpdConfig> applied = new CopyOnWriteArrayList<>();
        AtomicInteger finished = new AtomicInteger();
        try (ConfigReload reload = new ConfigReload(FILE, () -> parse(YAML.replace("vrid: 51", "vrid: 300")), loop,
                applied::add, () -> { }, finished::incrementAndGet)) {
            reload.request();
            await().atMost(Duration.ofSeconds(5)).until(() -> finished.get() == 1);
            loop.runAndWait(() -> { }, 5, TimeUnit.SECONDS);
            assertEquals(List.of(), applied);
        }
    }
}
