package io.vrrpd.tests;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.VrrpdPeer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vrrpd.lab.BladeLab.LAN_IF;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The interface under a running vrrpd changes: link down and up on the master, and a rename
 * (down, rename, up), with the instance bound by name (FAULT naming the new name) and by MAC
 * (the instance follows the rename and keeps working).
 */
class VrrpdInterfaceLabTest extends SharedLabSupport {
    private static final VrrpdPeer.Config GW4 = VrrpdPeer.Config.ipv4("gw4", 150);
    private static final VrrpdPeer.Config GW6 = VrrpdPeer.Config.ipv6("gw6", 150);
    private static final String NEW_NAME = "lan0";

    @Test
    void linkDownOnTheMasterIsAFaultNamingTheInterfaceAndLinkUpBringsItBack() {
        VrrpdPeer v1 = vrrpd(bl.r1(), GW4, GW6);
        VrrpdPeer v2 = vrrpd(bl.r2(), GW4.withPriority(100), GW6.withPriority(100));
        for (String n : List.of("gw4", "gw6")) {
            awaitState(v1, n, "MASTER");
            awaitState(v2, n, "BACKUP");
        }
        bl.in(bl.r1(), "ip", "link", "set", LAN_IF, "down");
        bl.in(bl.client(), "ip", "neigh", "replace", BladeLab.VIP4, "lladdr", BladeLab.mac(0x02, 0),
                "dev", LAN_IF, "nud", "stale");   // as if the client had used r2 while it was master
        for (String n : List.of("gw4", "gw6")) {
            awaitState(v1, n, "FAULT");
            awaitState(v2, n, "MASTER");
            JsonNode t = v1.instance(n).path("last-transition");
            assertEquals("FAULT", t.path("to").asText(), t.toPrettyString());
            assertTrue(t.path("reason").asText().contains(LAN_IF), "FAULT reason does not name " + LAN_IF + ": " + t);
        }
        await().atMost(CONVERGE).pollInterval(POLL).until(v2::holdsVip);

        bl.in(bl.r1(), "ip", "link", "set", LAN_IF, "up");
        for (String n : List.of("gw4", "gw6")) {
            awaitState(v1, n, "MASTER");
            awaitState(v2, n, "BACKUP");
        }
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> v1.holdsVip() && !v2.holdsAnyVip());
        // Back through BACKUP (protocol: Initialize -> Backup -> Master by preemption), as the log shows.
        String log = v1.log();
        int fault = log.indexOf("gw4 (ipv4 vrid 51 on eth0): INIT -> FAULT (interface eth0 is down)");
        int backup = log.indexOf("gw4 (ipv4 vrid 51 on eth0): FAULT -> BACKUP", Math.max(fault, 0));
        int master = log.indexOf("gw4 (ipv4 vrid 51 on eth0): BACKUP -> MASTER", Math.max(backup, 0));
        assertTrue(fault >= 0 && backup > fault && master > backup,
                "expected -> FAULT, FAULT -> BACKUP, BACKUP -> MASTER in r1's log:\n" + log);
        // The returning master announced itself: the client's neighbour entry for the VIP moved back
        // to r1's MAC (it pointed at r2 while r2 was master).
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> neighbourMac(bl.client(), BladeLab.VIP4)
                .equals(BladeLab.mac(0x01, 0)));
        assertTrue(!log.contains("announcement not sent"), "GARP/NA not sent after link up:\n" + log);
    }

    @Test
    void renamingTheInterfaceBoundByNameIsAFaultNamingTheNewName() {
        VrrpdPeer v1 = vrrpd(bl.r1(), GW4);
        VrrpdPeer v2 = vrrpd(bl.r2(), GW4.withPriority(100));
        awaitState(v1, "gw4", "MASTER");
        awaitState(v2, "gw4", "BACKUP");
        rename(bl.r1(), LAN_IF, NEW_NAME);
        awaitState(v1, "gw4", "FAULT");
        awaitState(v2, "gw4", "MASTER");
        // Down first (FAULT naming eth0), then renamed: the FAULT reason must move on to the new name.
        try {
            await().atMost(CONVERGE).pollInterval(POLL).until(() -> v1.instance("gw4").path("last-transition")
                    .path("reason").asText().contains(NEW_NAME));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("FAULT reason does not name the new name " + NEW_NAME + ": "
                    + v1.instance("gw4").path("last-transition") + "\nlog:\n" + v1.log(), e);
        }
        JsonNode t = v1.instance("gw4").path("last-transition");
        assertEquals("FAULT", t.path("to").asText(), t.toPrettyString());
        // It stays in FAULT: the configured name is gone.
        await().during(java.time.Duration.ofMillis(1000)).atMost(java.time.Duration.ofSeconds(2))
                .pollInterval(java.time.Duration.ofMillis(50)).until(() -> v1.state("gw4").equals("FAULT"));
        System.out.println("rename, bound by name: " + t.path("reason").asText());
    }

    @Test
    void renamingTheInterfaceBoundByMacIsFollowed() {
        String mac = BladeLab.mac(0x01, 0);
        VrrpdPeer v1 = vrrpd(bl.r1(), GW4.withMac(mac), GW6.withMac(mac));
        VrrpdPeer v2 = vrrpd(bl.r2(), GW4.withPriority(100), GW6.withPriority(100));
        for (String n : List.of("gw4", "gw6")) {
            awaitState(v1, n, "MASTER");
            awaitState(v2, n, "BACKUP");
        }
        rename(bl.r1(), LAN_IF, NEW_NAME);
        v1.lookForVipsOn(NEW_NAME);
        for (String n : List.of("gw4", "gw6")) {
            awaitState(v1, n, "MASTER");
            awaitState(v2, n, "BACKUP");
            await().atMost(CONVERGE).pollInterval(POLL).until(() -> v1.instance(n).path("interface").asText().equals(NEW_NAME));
        }
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> v1.holdsVip() && !v2.holdsAnyVip());
        awaitMasterAddress(v2, "gw4", bl.lanAddress(bl.r1(), Family.IPV4));
        awaitMasterAddress(v2, "gw6", bl.linkLocal(bl.r1()));
        System.out.println("rename, bound by MAC: r1 log:\n" + v1.log());
    }

    /** The client's neighbour entry for {@code ip}: its MAC, or "" (from {@code ip -j neigh}). */
    private String neighbourMac(String ns, String ip) {
        String out = bl.in(ns, "ip", "-j", "neigh", "show", ip);
        try {
            for (JsonNode n : new com.fasterxml.jackson.databind.ObjectMapper().readTree(out)) {
                return n.path("lladdr").asText("");
            }
            return "";
        } catch (java.io.IOException e) {
            throw new IllegalStateException(out, e);
        }
    }

    private void rename(String ns, String from, String to) {
        renamed.put(ns, to);   // the reset renames it back whatever happens
        bl.in(ns, "ip", "link", "set", from, "down");
        bl.in(ns, "ip", "link", "set", from, "name", to);
        bl.in(ns, "ip", "link", "set", to, "up");
    }
}
