package io.vrrpd.tests;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.LabFiles;
import io.vrrpd.lab.VrrpdPeer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trackers on the real kernel: a weighted uplink and a weighted file make the master hand over to
 * the backup and take back over when they recover (it stays BACKUP, never FAULT); an exec tracker
 * turns only after {@code fall} failures and {@code rise} successes in a row; {@code startup-delay}
 * holds the instance in INIT for its time, and status says how long is left.
 */
class VrrpdTrackingLabTest extends SharedLabSupport {
    private static final VrrpdPeer.Config GW4 = VrrpdPeer.Config.ipv4("gw4", 150);
    private static final VrrpdPeer.Config BACKUP = GW4.withPriority(100);

    /** {@code config} with {@code track} entries (YAML flow mappings) added to its instance. */
    private static String tracking(VrrpdPeer.Config config, String... entries) {
        StringBuilder y = new StringBuilder(VrrpdPeer.render(List.of(config))).append("    track:\n");
        for (String e : entries) {
            y.append("      - ").append(e).append('\n');
        }
        return y.toString();
    }

    private VrrpdPeer start(String ns, String yaml) {
        return track(() -> VrrpdPeer.start(ns, yaml));
    }

    private static JsonNode tracker(VrrpdPeer v, int index) {
        return v.instance("gw4").path("trackers").path(index);
    }

    private void handsOverAndBack(VrrpdPeer v1, VrrpdPeer v2, Runnable fail, Runnable recover, int failingPriority) {
        awaitState(v1, "gw4", "MASTER");
        awaitState(v2, "gw4", "BACKUP");
        fail.run();
        awaitState(v2, "gw4", "MASTER");
        awaitState(v1, "gw4", "BACKUP");   // a weight lowers the priority; it is no FAULT
        assertEquals(failingPriority, v1.instance("gw4").path("effective-priority").asInt(), v1.instance("gw4").toString());
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> v2.holdsVip() && !v1.holdsAnyVip());
        recover.run();
        awaitState(v1, "gw4", "MASTER");
        awaitState(v2, "gw4", "BACKUP");
        assertEquals(150, v1.instance("gw4").path("effective-priority").asInt());
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> v1.holdsVip() && !v2.holdsAnyVip());
    }

    @Test
    void aWeightedUplinkGoingDownHandsOverAndBack() {
        VrrpdPeer v1 = start(bl.r1(), tracking(GW4, "{interface: " + BladeLab.UP_IF + ", weight: -60}"));
        VrrpdPeer v2 = vrrpd(bl.r2(), BACKUP);
        try {
            handsOverAndBack(v1, v2, () -> {
                bl.in(bl.r1(), "ip", "link", "set", BladeLab.UP_IF, "down");
                await().atMost(CONVERGE).pollInterval(POLL).until(() -> tracker(v1, 0).path("state").asText().equals("failing"));
                JsonNode t = tracker(v1, 0);
                assertEquals(-60, t.path("contribution").asInt(), t.toString());
                assertEquals("interface", t.path("kind").asText());
            }, () -> bl.in(bl.r1(), "ip", "link", "set", BladeLab.UP_IF, "up"), 90);
        } finally {
            bl.in(bl.r1(), "ip", "link", "set", BladeLab.UP_IF, "up");
        }
        assertTrue(v1.log().contains("tracked interface eth1 is failing (eth1 is down)"), v1.log());
    }

    @Test
    void aWeightedFileHandsOverAndBack() throws IOException {
        Path file = LabFiles.newDir("track-file-").resolve("gw4.prio");
        Files.writeString(file, "0\n");
        VrrpdPeer v1 = start(bl.r1(), tracking(GW4, "{file: \"" + file + "\", weight: -10}"));
        VrrpdPeer v2 = vrrpd(bl.r2(), BACKUP);
        handsOverAndBack(v1, v2, () -> write(file, "8\n"), () -> write(file, "0\n"), 70);
    }

    @Test
    void anExecTrackerTurnsAfterFallFailuresAndRiseSuccessesInARow() throws IOException {
        Path dir = LabFiles.newDir("track-exec-");
        Path flag = dir.resolve("broken");
        VrrpdPeer v1 = start(bl.r1(), tracking(GW4, "{exec: {command: [/bin/sh, -c, \"test ! -e " + flag
                + "\"]}, interval: 400ms, rise: 3, fall: 2, weight: -100}"));
        VrrpdPeer v2 = vrrpd(bl.r2(), BACKUP);
        awaitState(v1, "gw4", "MASTER");
        awaitState(v2, "gw4", "BACKUP");
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> tracker(v1, 0).path("state").asText().equals("ok"));
        Files.writeString(flag, "");
        // one failure is not enough: still ok, one of two counted, and still master
        awaitTracker(v1, "ok", "(1 of 2 to turn)");
        assertEquals("MASTER", v1.state("gw4"));
        awaitState(v2, "gw4", "MASTER");
        awaitState(v1, "gw4", "BACKUP");
        assertEquals("failing", tracker(v1, 0).path("state").asText());
        assertEquals(50, v1.instance("gw4").path("effective-priority").asInt());
        Files.delete(flag);
        awaitTracker(v1, "failing", "(1 of 3 to turn)");
        awaitTracker(v1, "failing", "(2 of 3 to turn)");
        assertEquals("BACKUP", v1.state("gw4"), "two successes are not three");
        awaitState(v1, "gw4", "MASTER");
        awaitState(v2, "gw4", "BACKUP");
    }

    private static void awaitTracker(VrrpdPeer v, String state, String detail) {
        try {
            await().atMost(CONVERGE).pollInterval(POLL).until(() -> {
                JsonNode t = tracker(v, 0);
                return t.path("state").asText().equals(state) && t.path("detail").asText().endsWith(detail);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("tracker never " + state + " with " + detail + ": " + tracker(v, 0) + "\n" + v.log(), e);
        }
    }

    @Test
    void startupDelayHoldsTheInstanceInInitForItsTime() {
        Duration delay = Duration.ofSeconds(3);
        long started = System.nanoTime();
        VrrpdPeer v1 = start(bl.r1(), VrrpdPeer.render(List.of(GW4)) + "startup-delay: " + delay.toSeconds() + "s\n");
        JsonNode d = v1.status().path("startup-delay");
        assertTrue(d.path("remaining-ms").asLong() > 0 && d.path("remaining-ms").asLong() <= delay.toMillis(), d.toString());
        assertTrue(v1.log().contains("startup delay: instances stay in INIT"), v1.log());
        // INIT all along until the delay has passed (counted from before the daemon started: a lower bound)
        Duration left = delay.minus(Duration.ofNanos(System.nanoTime() - started)).minusMillis(200);
        if (!left.isNegative()) {
            await().during(left).atMost(left.plusSeconds(2)).pollInterval(POLL)
                    .until(() -> v1.state("gw4").equals("INIT") && !v1.holdsAnyVip());
        }
        awaitState(v1, "gw4", "MASTER");
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(delay) >= 0, "MASTER before the delay passed");
        assertTrue(v1.status().path("startup-delay").isMissingNode(), v1.status().toString());
    }

    private static void write(Path file, String text) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
