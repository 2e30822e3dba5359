package io.vrrpd.daemon.metrics;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.daemon.instance.Instance;
import io.vrrpd.daemon.instance.InstanceCounters;
import io.vrrpd.daemon.instance.InstancePorts;
import io.vrrpd.daemon.instance.InstanceSpec;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.status.Health;
import io.vrrpd.daemon.status.StatusBoard;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics that say the daemon itself is unwell or under attack: an instance's failed loop
 * tasks, coalesced adverts, owner conflicts. Rendered from a board and real counters, as a
 * scrape would.
 */
class HealthMetricsTest {
    private static final String GW4 = "instance=\"gw4\"";

    @Test
    void anInstanceWhoseTaskFailedIsFaultWithItsOwnReasonLabelAndCounter() throws Exception {
        StatusBoard board = new StatusBoard();
        VrrpdMetrics metrics = new VrrpdMetrics(board, null);
        try (EventLoop loop = EventLoop.start("metrics-test")) {
            InstanceSpec spec = new InstanceSpec("gw4", AddressFamily.IPV4, 51, "lan0", 255, 100, true, 0, true,
                    List.of(InetAddress.getByName("192.0.2.1")), List.of(24));
            Instance instance = new Instance(spec, loop, InstancePorts.NONE, List.of(metrics), new InstanceCounters());
            instance.onStatusChanged(() -> board.publish(instance.status()));
            loop.runAndWait(() -> instance.interfaceReady(new byte[] {(byte) 192, 0, 2, 2}, "lan0"), 5, TimeUnit.SECONDS);
            loop.post(instance, () -> {
                throw new IllegalStateException("boom");
            });
            loop.runAndWait(() -> { }, 5, TimeUnit.SECONDS);
            InstanceCounters c = instance.counters();
            c.advertCoalesced();
            c.ownerConflict();
            c.ownerConflict();
            c.otherOwnerSeen();

            String body = metrics.scrape();
            assertEquals(1, MetricsServerTest.value(body, "vrrpd_instance_state", GW4, "state=\"FAULT\""));
            assertEquals(1, MetricsServerTest.value(body, "vrrpd_transitions_total", GW4, "to=\"FAULT\"", "reason=\"internal-error\""));
            assertEquals(1, MetricsServerTest.value(body, "vrrpd_instance_task_failures_total", GW4));
            assertEquals(1, MetricsServerTest.value(body, "vrrpd_adverts_coalesced_total", GW4));
            assertEquals(2, MetricsServerTest.value(body, "vrrpd_owner_conflicts_total", GW4));
            assertEquals(1, MetricsServerTest.value(body, "vrrpd_multiple_owners_total", GW4));
        }
    }

    @Test
    void receiveAndKernelHealthAreExported() {
        StatusBoard board = new StatusBoard();
        VrrpdMetrics metrics = new VrrpdMetrics(board, null);
        board.publishReceiveHealth(List.of(new Health.Receive("eth0", false, 2,
                new Health.Failure("2026-12-07T10:00:00Z", "receive on eth0 failed: The interface disappeared"))));
        board.kernelHealth(() -> new Health.Kernel(true, 3, 1, null, "2026-12-07T10:00:05Z", 4));

        String body = metrics.scrape();
        assertEquals(0, MetricsServerTest.value(body, "vrrpd_interface_receiving", "interface=\"eth0\""));
        assertEquals(2, MetricsServerTest.value(body, "vrrpd_interface_receive_failures_total", "interface=\"eth0\""));
        assertEquals(1, MetricsServerTest.value(body, "vrrpd_kernel_monitor_running"));
        assertEquals(3, MetricsServerTest.value(body, "vrrpd_kernel_monitor_overruns_total"));
        assertEquals(1, MetricsServerTest.value(body, "vrrpd_kernel_monitor_failures_total"));
        assertEquals(4, MetricsServerTest.value(body, "vrrpd_kernel_audit_repairs_total"));
        MetricsServerTest.value(body, "vrrpd_log_lines_dropped_total", "level=\"warn\"");

        board.publishReceiveHealth(List.of());
        assertTrue(metrics.scrape().lines().noneMatch(l -> l.startsWith("vrrpd_interface_receiving{")),
                "an interface no instance runs on any more disappears");
    }

}
