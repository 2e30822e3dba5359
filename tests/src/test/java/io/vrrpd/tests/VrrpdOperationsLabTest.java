package io.vrrpd.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vrrpd.lab.VrrpdPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator does to a running pair, through the real vrrpctl and signals: drain and
 * undrain, watch transitions as they happen, and reload with SIGHUP (a changed instance
 * restarts, an unchanged one keeps its state, a bad file changes nothing).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VrrpdOperationsLabTest extends SharedLabSupport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final VrrpdPeer.Config GW4 = VrrpdPeer.Config.ipv4("gw4", 150);
    private static final VrrpdPeer.Config GW6 = VrrpdPeer.Config.ipv6("gw6", 150);

    private static Process vrrpctl(VrrpdPeer peer, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(VrrpdPeer.javaCommand("io.vrrpd.daemon.vrrpctl.Vrrpctl"));
        cmd.add("--socket");
        cmd.add(peer.socket().toString());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static String run(VrrpdPeer peer, String... args) throws Exception {
        Process p = vrrpctl(peer, args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "vrrpctl did not finish");
        assertEquals(0, p.exitValue(), "vrrpctl " + String.join(" ", args) + " failed: " + out);
        return out;
    }

    @Test
    void drainHandsOverAndWatchShowsItThenUndrainTakesMastershipBack() throws Exception {
        VrrpdPeer v1 = vrrpd(bl.r1(), GW4, GW6);
        VrrpdPeer v2 = vrrpd(bl.r2(), GW4.withPriority(100), GW6.withPriority(100));
        awaitState(v1, "gw4", "MASTER");
        awaitState(v2, "gw4", "BACKUP");

        List<JsonNode> seen = new CopyOnWriteArrayList<>();
        Process watch = vrrpctl(v1, "watch", "--json");
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith("{")) {
                        seen.add(JSON.readTree(line));
                    }
                }
            } catch (Exception ignored) {
                // the process was ended
            }
        });
        reader.start();
        try {
            // the daemon's first line says the subscription is in place: no transition after it is missed
            await("the watch's subscription").atMost(Duration.ofSeconds(20))
                    .until(() -> seen.stream().anyMatch(e -> e.path("watching").asBoolean()));
            String out = run(v1, "drain", "--all");
            assertTrue(out.contains("drained: gw4, gw6"), out);

            awaitState(v2, "gw4", "MASTER");
            awaitState(v2, "gw6", "MASTER");
            awaitState(v1, "gw4", "INIT");
            assertEquals("drained by operator", v1.instance("gw4").path("last-transition").path("reason").asText());
            assertFalse(v1.holdsAnyVip(), "a drained router keeps no VIP");
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(e ->
                    e.path("instance").asText().equals("gw4") && e.path("transition").path("to").asText().equals("INIT")));

            run(v1, "undrain");
            awaitState(v1, "gw4", "MASTER");
            awaitState(v1, "gw6", "MASTER");
            awaitState(v2, "gw4", "BACKUP");
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(e ->
                    e.path("instance").asText().equals("gw4") && e.path("transition").path("to").asText().equals("MASTER")));
        } finally {
            watch.destroyForcibly();
            reader.join(5000);
        }
    }

    @Test
    void reloadRestartsOnlyWhatChangedAndABadFileChangesNothing() throws Exception {
        VrrpdPeer v1 = vrrpd(bl.r1(), GW4, GW6);
        awaitState(v1, "gw4", "MASTER");
        awaitState(v1, "gw6", "MASTER");
        String gw4Since = v1.instance("gw4").path("last-transition").path("at").asText();

        Files.writeString(v1.configFile(), VrrpdPeer.render(List.of(GW4, GW6.withPriority(120))));
        Runtime.getRuntime().exec(new String[] {"kill", "-HUP", Long.toString(v1.pid())}).waitFor();
        await().atMost(Duration.ofSeconds(10)).pollInterval(POLL)
                .until(() -> v1.instance("gw6").path("priority").asInt() == 120);
        awaitState(v1, "gw6", "MASTER");
        assertEquals(gw4Since, v1.instance("gw4").path("last-transition").path("at").asText(),
                "an unchanged instance must keep its state across a reload");

        String before = v1.status().path("instances").toString();
        Files.writeString(v1.configFile(), VrrpdPeer.render(List.of(GW4, GW6)).replace("vrid: 51", "vrid: 300"));
        Runtime.getRuntime().exec(new String[] {"kill", "-HUP", Long.toString(v1.pid())}).waitFor();
        await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> v1.log().contains("reload refused"));
        assertTrue(v1.log().contains("300 is out of range"), v1.log());
        assertTrue(v1.isRunning(), "a bad reload must not stop the daemon");
        assertEquals(JSON.readTree(before).size(), v1.status().path("instances").size());
        assertEquals(120, v1.instance("gw6").path("priority").asInt(), "the running configuration stays");
        assertEquals("MASTER", v1.state("gw4"));
    }

    @Test
    void virtualAddressesLeftByACrashedRunAreRemovedAtStartup() {
        VrrpdPeer crashed = vrrpd(bl.r1(), GW4, GW6);
        awaitState(crashed, "gw4", "MASTER");
        awaitState(crashed, "gw6", "MASTER");
        crashed.crash();                                  // kill -9: nothing cleans up
        assertTrue(crashed.holdsVip(), "a crashed daemon leaves its VIPs behind");

        VrrpdPeer v2 = vrrpd(bl.r2(), GW4.withPriority(100), GW6.withPriority(100));
        awaitState(v2, "gw4", "MASTER");
        VrrpdPeer restarted = vrrpd(bl.r1(), GW4.withPreempt(false), GW6.withPreempt(false));
        awaitState(restarted, "gw4", "BACKUP");
        awaitState(restarted, "gw6", "BACKUP");
        assertFalse(restarted.holdsAnyVip(), "a backup must not keep the VIPs of an earlier run");
        assertTrue(restarted.log().contains("removed stale virtual address 192.0.2.1"), restarted.log());
        assertTrue(v2.holdsVip(), "the master holds them");
    }
}
