package io.vrrpd.daemon.metrics;

import io.vrrpd.daemon.instance.InstanceCounters;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.status.InstanceStatus;
import io.vrrpd.daemon.status.StatusBoard;
import io.vrrpd.daemon.status.SyncGroupStatus;
import io.vrrpd.hooks.ReportedState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The /metrics endpoint over real HTTP, from a StatusBoard with fake snapshots and real counters. */
class MetricsServerTest {
    private static final String GW4 = "instance=\"gw4\",interface=\"lan0\"";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private MetricsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static InstanceStatus status(String name, String family, String state, String protocol, int effective,
                                         String iface) {
        return new InstanceStatus(name, family, 51, iface, state, protocol, 150, effective, null,
                new InstanceStatus.Transition("2026-11-21T23:40:01Z", "BACKUP", state, "x"),
                new InstanceStatus.Egress(state.equals("MASTER"), null, "d"),
                new InstanceStatus.Counters(0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0));
    }

    private String scrape() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
                + "/metrics")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        return r.body();
    }

    /** The value of the one sample line that starts with {@code name{} and contains every label fragment. */
    private static double value(String body, String name, String... labels) {
        List<String> hits = body.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> { for (String f : labels) { if (!l.contains(f)) { return false; } } return true; })
                .toList();
        assertEquals(1, hits.size(), name + " " + List.of(labels) + " in:\n" + body);
        String line = hits.get(0);
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    @Test
    void servesEveryInstanceMetricWithItsLabels() throws Exception {
        StatusBoard board = new StatusBoard();
        board.publish(status("gw4", "ipv4", "MASTER", "MASTER", 150, "lan0"));
        board.publish(status("gw6", "ipv6", "EGRESS_FAILED", "MASTER", 50, "lan0"));
        board.publishSyncGroups(List.of(new SyncGroupStatus("gw", "EGRESS_FAILED", List.of("gw4", "gw6"))));
        VrrpdMetrics metrics = new VrrpdMetrics(board, null);
        InstanceCounters c4 = new InstanceCounters();
        c4.rejected("vrrpv3RouterChecksumErrors");
        c4.rejected("vrrpv3RouterChecksumErrors");
        c4.rejected("vrrpv3RouterVrIdErrors");
        c4.intervalMismatch();
        c4.addressListMismatch();
        c4.addressListMismatch();
        c4.vipRestored();
        c4.routeRestored();
        c4.unicastSendFailed("2001:db8:1::3", "Network is unreachable");
        metrics.track("gw4", c4);
        metrics.track("gw6", new InstanceCounters());
        metrics.countTransition("gw4", ReportedState.BACKUP, "started; waiting for the master's adverts");
        metrics.countTransition("gw4", ReportedState.ACTIVATING, "no advert from a master within the master-down interval");
        metrics.countTransition("gw4", ReportedState.MASTER, "default via 198.51.100.1 dev up0 verified");
        metrics.hookRun("default-gateway", "ok", Duration.ofMillis(12));
        metrics.egressVerification("gw4", true, Duration.ofMillis(3));
        server = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), metrics);

        String body = scrape();
        assertEquals(1, value(body, "vrrpd_instance_state", GW4, "family=\"ipv4\"", "state=\"MASTER\""));
        assertEquals(0, value(body, "vrrpd_instance_state", GW4, "state=\"BACKUP\""));
        assertEquals(1, value(body, "vrrpd_instance_state", "instance=\"gw6\"", "family=\"ipv6\"", "state=\"EGRESS_FAILED\""));
        assertEquals(1, value(body, "vrrpd_instance_protocol_state", "instance=\"gw6\"", "state=\"MASTER\""));
        assertEquals(0, value(body, "vrrpd_instance_protocol_state", "instance=\"gw6\"", "state=\"BACKUP\""));
        assertEquals(150, value(body, "vrrpd_instance_priority", GW4));
        assertEquals(50, value(body, "vrrpd_instance_effective_priority", "instance=\"gw6\""));
        assertEquals(1, value(body, "vrrpd_egress_verified", GW4));
        assertEquals(0, value(body, "vrrpd_egress_verified", "instance=\"gw6\""));
        assertEquals(2, value(body, "vrrpd_packets_rejected_total", GW4, "reason=\"vrrpv3RouterChecksumErrors\""));
        assertEquals(1, value(body, "vrrpd_packets_rejected_total", GW4, "reason=\"vrrpv3RouterVrIdErrors\""));
        assertEquals(1, value(body, "vrrpd_unicast_send_failures_total", GW4, "peer=\"2001:db8:1::3\"",
                "reason=\"Network is unreachable\""));
        assertEquals(1, value(body, "vrrpd_transitions_total", GW4, "to=\"ACTIVATING\"", "reason=\"master-down\""));
        assertEquals(1, value(body, "vrrpd_transitions_total", GW4, "to=\"BACKUP\"", "reason=\"startup\""));
        assertEquals(1, value(body, "vrrpd_transitions_total", GW4, "to=\"MASTER\"", "reason=\"egress-verified\""));
        assertEquals(1, value(body, "vrrpd_master_down_expiries_total", GW4));
        assertEquals(0, value(body, "vrrpd_master_down_expiries_total", "instance=\"gw6\""));
        assertEquals(1, value(body, "vrrpd_peer_mismatches_total", GW4, "kind=\"interval\""));
        assertEquals(2, value(body, "vrrpd_peer_mismatches_total", GW4, "kind=\"address-list\""));
        assertEquals(1, value(body, "vrrpd_vips_restored_total", GW4));
        assertEquals(1, value(body, "vrrpd_routes_restored_total", GW4));
        assertEquals(0, value(body, "vrrpd_adverts_sent_total", GW4));
        assertEquals(0, value(body, "vrrpd_adverts_received_total", GW4));
        assertEquals(1, value(body, "vrrpd_sync_group_state", "group=\"gw\"", "state=\"EGRESS_FAILED\""));
        assertEquals(0, value(body, "vrrpd_sync_group_state", "group=\"gw\"", "state=\"MASTER\""));
        assertEquals(2, value(body, "vrrpd_instances"));
        assertEquals(1, value(body, "vrrpd_hook_duration_seconds_count", "hook=\"default-gateway\"", "result=\"ok\""));
        assertEquals(1, value(body, "vrrpd_egress_verification_seconds_bucket", "instance=\"gw4\"",
                "result=\"verified\"", "le=\"0.005\""));
        assertEquals(0, value(body, "vrrpd_egress_verification_seconds_bucket", "instance=\"gw4\"",
                "result=\"verified\"", "le=\"0.001\""));

        // Counters are read live at each scrape; a new reject reason appears without re-registration.
        c4.rejected("vrrpv3RouterChecksumErrors");
        c4.rejected("vrrpv3RouterPacketLengthErrors");
        String again = scrape();
        assertEquals(3, value(again, "vrrpd_packets_rejected_total", GW4, "reason=\"vrrpv3RouterChecksumErrors\""));
        assertEquals(1, value(again, "vrrpd_packets_rejected_total", GW4, "reason=\"vrrpv3RouterPacketLengthErrors\""));
    }

    @Test
    void instancesRemovedOrRelabelledByAReloadComeAndGo() throws Exception {
        StatusBoard board = new StatusBoard();
        board.publish(status("gw4", "ipv4", "BACKUP", "BACKUP", 150, "lan0"));
        board.publish(status("gw6", "ipv6", "BACKUP", "BACKUP", 150, "lan0"));
        board.publishSyncGroups(List.of(new SyncGroupStatus("gw", "BACKUP", List.of("gw4", "gw6"))));
        VrrpdMetrics metrics = new VrrpdMetrics(board, null);
        server = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), metrics);
        assertTrue(scrape().contains("instance=\"gw6\""));

        board.remove("gw6");
        board.publish(status("gw4", "ipv4", "MASTER", "MASTER", 150, "lan1")); // interface renamed, bound by MAC
        board.publishSyncGroups(List.of());
        String body = scrape();
        assertFalse(body.contains("instance=\"gw6\""), body);
        assertFalse(body.contains("interface=\"lan0\""), body);
        assertFalse(body.contains("group=\"gw\""), body);
        assertEquals(1, value(body, "vrrpd_instance_state", "instance=\"gw4\"", "interface=\"lan1\"", "state=\"MASTER\""));
        assertEquals(1, value(body, "vrrpd_instances"));
    }

    @Test
    void aScrapeAnswersWhileTheEventLoopIsBlocked() throws Exception {
        StatusBoard board = new StatusBoard();
        board.publish(status("gw4", "ipv4", "MASTER", "MASTER", 150, "lan0"));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        try (EventLoop loop = EventLoop.start("test-loop")) {
            loop.post(() -> {
                blocked.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                assertTrue(blocked.await(5, TimeUnit.SECONDS));
                server = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        new VrrpdMetrics(board, loop));
                String body = scrape();
                assertEquals(1, value(body, "vrrpd_instance_state", GW4, "state=\"MASTER\""));
                assertEquals(0, value(body, "vrrpd_event_loop_task_failures_total"));
                assertEquals(1, release.getCount(), "the loop was blocked for the whole scrape");
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void jvmMetricsAreAvailable() throws Exception {
        server = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new VrrpdMetrics(new StatusBoard(), null).bindJvmMetrics());
        String body = scrape();
        for (String name : List.of("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_start_time_seconds",
                "process_uptime_seconds", "jvm_gc_memory_allocated_bytes")) {
            assertTrue(body.contains("\n" + name), name + " missing"); // jvm_gc_pause_seconds comes with the first GC
        }
    }

    @Test
    void onlyMetricsIsServed() throws Exception {
        server = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new VrrpdMetrics(new StatusBoard(), null));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.address().getPort() + "/other")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, r.statusCode());
    }

    @Test
    void theEndpointDefaultsToLoopback() {
        InetSocketAddress bare = MetricsEndpoint.parse("9405");
        assertEquals("127.0.0.1", bare.getAddress().getHostAddress());
        assertEquals(9405, bare.getPort());
        assertEquals("127.0.0.1", MetricsEndpoint.parse(":9405").getAddress().getHostAddress());
        assertEquals("0.0.0.0", MetricsEndpoint.parse("0.0.0.0:9405").getAddress().getHostAddress());
        assertEquals("192.0.2.10", MetricsEndpoint.parse("192.0.2.10:9100").getAddress().getHostAddress());
        assertTrue(MetricsEndpoint.parse("[::1]:9405").getAddress().isLoopbackAddress());
        for (String bad : List.of("", "abc", ":99999", "::1:9405", "[::1]")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricsEndpoint.parse(bad));
            assertTrue(e.getMessage().contains("--metrics"), e.getMessage());
        }
    }

    @Test
    void theServerBindsLoopbackForTheDefaultSpec() throws Exception {
        server = MetricsServer.start(MetricsEndpoint.parse(":0"), new VrrpdMetrics(new StatusBoard(), null));
        assertTrue(server.address().getAddress().isLoopbackAddress(), server.address().toString());
        assertTrue(scrape().contains("vrrpd_instances"));
    }
}
