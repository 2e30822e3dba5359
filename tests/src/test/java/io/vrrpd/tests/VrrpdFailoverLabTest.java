package io.vrrpd.tests;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.lab.AdvertCapture;
import io.vrrpd.lab.ClientProbe;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.VrrpdPeer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Locale;

import static io.vrrpd.lab.BladeLab.LAN_IF;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two vrrpd on the blade lab (r1 priority 150, r2 priority 100, 100 ms adverts, IPv4 and IPv6 as
 * separate instances in one daemon each): they converge, the client routes through the VIP, a
 * crash and a graceful stop fail over at the RFC floor, and preemption does (or, switched off,
 * does not) hand mastership back.
 */
class VrrpdFailoverLabTest extends SharedLabSupport {
    private static final VrrpdPeer.Config GW4 = VrrpdPeer.Config.ipv4("gw4", 150);
    private static final VrrpdPeer.Config GW6 = VrrpdPeer.Config.ipv6("gw6", 150);

    private VrrpdPeer startR1() {
        return vrrpd(bl.r1(), GW4, GW6);
    }

    private VrrpdPeer startR2() {
        return vrrpd(bl.r2(), GW4.withPriority(100), GW6.withPriority(100));
    }

    private void awaitConverged(VrrpdPeer v1, VrrpdPeer v2) {
        for (String name : new String[] {"gw4", "gw6"}) {
            awaitState(v1, name, "MASTER");
            awaitState(v2, name, "BACKUP");
        }
    }

    @Test
    void twoVrrpdConvergeAndTheClientRoutesThroughTheVip() {
        VrrpdPeer v1 = startR1();
        VrrpdPeer v2 = startR2();
        awaitConverged(v1, v2);
        awaitMasterAddress(v2, "gw4", bl.lanAddress(bl.r1(), Family.IPV4));
        awaitMasterAddress(v2, "gw6", bl.linkLocal(bl.r1()));

        // Both sides, from the status and from the kernel.
        assertTrue(v1.holdsVip(), "r1 (MASTER) does not hold every VIP: " + v1);
        assertFalse(v2.holdsAnyVip(), "r2 (BACKUP) holds a VIP");
        JsonNode s1 = v1.vrrpctlStatus();   // the real CLI, once
        for (JsonNode i : s1.path("instances")) {
            assertEquals("MASTER", i.path("state").asText(), i.toPrettyString());
            assertEquals("master", i.path("protocol-state").asText().toLowerCase(Locale.ROOT), i.toPrettyString());
            assertEquals(150, i.path("priority").asInt(), i.toPrettyString());
        }
        JsonNode b4 = v2.instance("gw4");
        JsonNode b6 = v2.instance("gw6");
        assertEquals(bl.lanAddress(bl.r1(), Family.IPV4), b4.path("master").asText(), b4.toPrettyString());
        assertEquals(bl.linkLocal(bl.r1()), stripZone(b6.path("master").asText()), b6.toPrettyString());
        assertEquals("ipv4", b4.path("family").asText());
        assertEquals("ipv6", b6.path("family").asText());
        assertEquals(51, b4.path("vrid").asInt());
        assertEquals(LAN_IF, b4.path("interface").asText());
        assertTrue(b4.path("counters").path("adverts-received").asLong() > 0, b4.toPrettyString());

        // The client reaches the target through the VIP once r1 has a default route (set by hand).
        assertFalse(ClientProbe.reachable(bl.client(), Family.IPV4),
                "client reached the target although r1 has no default route");
        bl.setDefaultRoute(bl.r1(), Family.IPV4);
        bl.setDefaultRoute(bl.r1(), Family.IPV6);
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> ClientProbe.reachable(bl.client(), Family.IPV4));
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> ClientProbe.reachable(bl.client(), Family.IPV6));
    }

    @Test
    void crashFailsOverAtTheRfcFloorAndTheRestartedR1PreemptsBack() {
        VrrpdPeer v1 = startR1();
        VrrpdPeer v2 = startR2();
        awaitConverged(v1, v2);
        long r2Transitions = v2.instance("gw4").path("counters").path("master-transitions").asLong();
        try (AdvertCapture cap = bl.capture(bl.client(), LAN_IF)) {
            await().atMost(CONVERGE).pollInterval(POLL).until(() -> cap.packetCount() >= 6);
            v1.crash();
            awaitState(v2, "gw4", "MASTER", Duration.ofSeconds(3));
            awaitState(v2, "gw6", "MASTER", Duration.ofSeconds(3));
            await().atMost(CONVERGE).pollInterval(POLL).until(v2::holdsVip);
            int seen = cap.packetCount();
            await().atMost(CONVERGE).pollInterval(POLL).until(() -> cap.packetCount() >= seen + 6);
            for (Family f : Family.values()) {
                Duration gap = cap.failoverGap(advertSource(bl.r1(), f), advertSource(bl.r2(), f));
                System.out.printf(Locale.ROOT, "vrrpd crash failover gap %s: %.3f s%n", f, gap.toNanos() / 1e9);
                assertTrue(gap.compareTo(Duration.ofMillis(300)) >= 0 && gap.compareTo(Duration.ofMillis(1000)) <= 0,
                        "crash failover gap " + f + " " + gap + " (expected: 0.3..1.0 s for 100 ms adverts; "
                                + "3 x interval + skew = 0.36 s); " + cap.summary());
                assertTrue(cap.from(advertSource(bl.r1(), f)).stream().noneMatch(a -> a.priority() == 0),
                        "a crashed vrrpd sent priority 0 (" + f + ")");
            }
        }
        assertEquals(r2Transitions + 1, v2.instance("gw4").path("counters").path("master-transitions").asLong());
        JsonNode t = v2.instance("gw4").path("last-transition");
        assertEquals("BACKUP", t.path("from").asText(), t.toPrettyString());
        assertEquals("MASTER", t.path("to").asText(), t.toPrettyString());

        // The host came back without the old VIPs; r1 restarts and takes over again (preempt is the default).
        v1.removeVips();
        VrrpdPeer v1again = startR1();
        awaitConverged(v1again, v2);
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> v1again.holdsVip() && !v2.holdsAnyVip());
        awaitMasterAddress(v2, "gw4", bl.lanAddress(bl.r1(), Family.IPV4));
    }

    @Test
    void gracefulStopHandsOverWithPriorityZeroWithinSkewTime() {
        VrrpdPeer v1 = startR1();
        VrrpdPeer v2 = startR2();
        awaitConverged(v1, v2);
        try (AdvertCapture cap = bl.capture(bl.client(), LAN_IF)) {
            await().atMost(CONVERGE).pollInterval(POLL).until(() -> cap.packetCount() >= 6);
            v1.gracefulStop();   // SIGTERM; throws unless it exits 0
            assertFalse(v1.holdsAnyVip(), "r1 kept a VIP after SIGTERM");
            awaitState(v2, "gw4", "MASTER", Duration.ofSeconds(3));
            awaitState(v2, "gw6", "MASTER", Duration.ofSeconds(3));
            int seen = cap.packetCount();
            await().atMost(CONVERGE).pollInterval(POLL).until(() -> cap.packetCount() >= seen + 6);
            for (Family f : Family.values()) {
                String src1 = advertSource(bl.r1(), f);
                assertTrue(cap.from(src1).stream().anyMatch(a -> a.priority() == 0),
                        "no priority-0 advert from r1 (" + f + ") on SIGTERM; " + cap.summary());
                Duration gap = cap.failoverGap(src1, advertSource(bl.r2(), f));
                System.out.printf(Locale.ROOT, "vrrpd graceful failover gap %s: %.3f s%n", f, gap.toNanos() / 1e9);
                assertTrue(gap.compareTo(Duration.ofMillis(300)) < 0,
                        "graceful failover gap " + f + " " + gap + " (expected: < 0.3 s, skew time after priority 0); "
                                + cap.summary());
            }
        }
        assertTrue(v2.instance("gw4").path("counters").path("priority-zero-received").asLong() >= 1,
                safeStatus(v2));
    }

    @Test
    void withoutPreemptTheRestartedHigherPriorityRouterStaysBackup() {
        VrrpdPeer v2 = startR2();
        awaitState(v2, "gw4", "MASTER");
        awaitState(v2, "gw6", "MASTER");
        VrrpdPeer v1 = vrrpd(bl.r1(), GW4.withPreempt(false), GW6.withPreempt(false));
        awaitState(v1, "gw4", "BACKUP");
        awaitState(v1, "gw6", "BACKUP");
        awaitMasterAddress(v1, "gw4", bl.lanAddress(bl.r2(), Family.IPV4));
        awaitMasterAddress(v1, "gw6", bl.linkLocal(bl.r2()));
        // Stays so: many master-down intervals (0.36 s) with the lower-priority master advertising.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> v1.state("gw4").equals("BACKUP") && v1.state("gw6").equals("BACKUP")
                        && v2.state("gw4").equals("MASTER") && v2.state("gw6").equals("MASTER"));
        assertTrue(v2.holdsVip());
        assertFalse(v1.holdsAnyVip());
        assertEquals(0, v1.instance("gw4").path("counters").path("master-transitions").asLong());
    }

    static String stripZone(String address) {
        int pct = address.indexOf('%');
        return pct < 0 ? address : address.substring(0, pct);
    }
}
