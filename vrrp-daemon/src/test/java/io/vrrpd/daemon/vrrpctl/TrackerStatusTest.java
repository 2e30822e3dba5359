package io.vrrpd.daemon.vrrpctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vrrpd.daemon.metrics.VrrpdMetrics;
import io.vrrpd.daemon.status.DaemonStatus;
import io.vrrpd.daemon.status.InstanceStatus;
import io.vrrpd.daemon.status.StatusBoard;
import io.vrrpd.daemon.status.TrackerStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trackers and the startup delay as status --json, the status table and the metrics show them. */
class TrackerStatusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<TrackerStatus> ROWS = List.of(
            new TrackerStatus("interface", "eth1", -60, "failing", null, -60, false, "eth1 is down"),
            new TrackerStatus("file", "/run/vrrpd/gw4.prio", -10, "ok", 2L, -20, false, "reads 2"),
            new TrackerStatus("process", "haproxy", 0, "failing", null, 0, true, "no process haproxy"));

    private static StatusBoard board() {
        StatusBoard board = new StatusBoard();
        board.publish(new InstanceStatus("gw4", "ipv4", 51, "lan0", "FAULT", "INITIALIZE", 150, 70, null,
                new InstanceStatus.Transition("2026-12-07T10:00:00Z", "BACKUP", "FAULT", "tracked process haproxy is failing"),
                new InstanceStatus.Egress(false, null, "no hooks bound to this instance"),
                new InstanceStatus.Counters(0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0)));
        board.publishTrackers("gw4", ROWS);
        return board;
    }

    @Test
    void theJsonCarriesEachTrackerAndTheDelayLeft() {
        StatusBoard board = board();
        board.publishStartupDelay(Instant.now().plusSeconds(20));
        JsonNode status = JSON.valueToTree(board.snapshot());
        JsonNode t = status.path("instances").get(0).path("trackers");
        assertEquals(3, t.size());
        assertEquals("file", t.get(1).path("kind").asText());
        assertEquals(2, t.get(1).path("value").asLong());
        assertEquals(-20, t.get(1).path("contribution").asInt());
        assertFalse(t.get(0).has("value"), "only a file tracker has a value");
        assertTrue(t.get(2).path("fault").asBoolean());
        long left = status.path("startup-delay").path("remaining-ms").asLong();
        assertTrue(left > 15_000 && left <= 20_000, "remaining " + left);
        board.publishStartupDelay(null);
        assertFalse(JSON.valueToTree(board.snapshot()).has("startup-delay"), "absent once it has passed");
    }

    @Test
    void theTableShowsEachTrackerAndTheDelay() {
        StatusBoard board = board();
        board.publishStartupDelay(Instant.now().plusSeconds(20));
        String table = StatusTable.render(JSON.valueToTree(board.snapshot()), false);
        assertTrue(table.startsWith("startup delay: instances stay in INIT for 1"), table);
        assertTrue(table.contains("gw4       interface eth1"), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("gw4 +file /run/vrrpd/gw4.prio +-10 +ok +-20 +reads 2")), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("gw4 +process haproxy +fault +failing +FAULT +no process haproxy")),
                table);
        board.publishTrackers("gw4", List.of());
        board.publishStartupDelay(null);
        String plain = StatusTable.render(JSON.valueToTree(board.snapshot()), false);
        assertFalse(plain.contains("TRACKS") || plain.contains("startup delay"), plain);
    }

    @Test
    void metricsShowEachTrackersStateAndContribution() {
        VrrpdMetrics metrics = new VrrpdMetrics(board(), null);
        String body = metrics.scrape();
        assertTrue(body.lines().anyMatch(l -> l.startsWith("vrrpd_tracker_contribution{") && l.contains("kind=\"file\"")
                && l.contains("target=\"/run/vrrpd/gw4.prio\"") && l.endsWith(" -20.0")), body);
        assertTrue(body.lines().anyMatch(l -> l.startsWith("vrrpd_tracker_ok{") && l.contains("target=\"eth1\"")
                && l.endsWith(" 0.0")), body);
        assertTrue(body.lines().anyMatch(l -> l.startsWith("vrrpd_tracker_ok{") && l.contains("kind=\"file\"")
                && l.endsWith(" 1.0")), body);
    }

    @Test
    void aStatusWithoutTrackersStillSerialisesAnEmptyList() {
        DaemonStatus s = new DaemonStatus(DaemonStatus.SCHEMA, List.of(), List.of());
        assertFalse(JSON.valueToTree(s).has("startup-delay"));
    }
}
