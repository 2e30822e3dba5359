package io.vrrpd.tests;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.tests.lab.AdvertCapture;
import io.vrrpd.tests.lab.BladeLab;
import io.vrrpd.tests.lab.ClientProbe;
import io.vrrpd.tests.lab.Family;
import io.vrrpd.tests.lab.VrrpdPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Locale;

import static io.vrrpd.tests.lab.BladeLab.LAN_IF;
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
        JsonNode s1 = v1.vrrpctlStatusJson();   // the real CLI, once
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

    static String stripZone(String address) {
        int pct = address.indexOf('%');
        return pct < 0 ? address : address.substring(0, pct);
    }
}
