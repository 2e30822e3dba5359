package io.vrrpd.tests;

import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.VrrpdPeer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.vrrpd.lab.BladeLab.LAN_IF;
import static io.vrrpd.lab.BladeLab.UP_IF;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon with a {@code routes} hook and {@code held-addresses} on the real kernel: routes of
 * every type, a policy rule and a held address are in place while master and gone otherwise, put
 * back when deleted, and a route two instances share stays while either of them is master.
 */
class VrrpdRoutesLabTest extends SharedLabSupport {
    private static final Duration ADVERT = Duration.ofMillis(100);
    private static final String VIA_TABLE = "203.0.113.128/25 via 198.51.100.1 dev eth1 proto 200 metric 10";
    private static final String BLACKHOLE = "blackhole 203.0.113.64/26 proto 200";

    private static VrrpdPeer.Config instance(String name, int vrid, int priority, String vip) {
        return new VrrpdPeer.Config(name, Family.IPV4, LAN_IF, null, vrid, priority, ADVERT, List.of(vip), null, null);
    }

    /** gw4 and gw4b, gw4 holding 198.51.100.77 on the uplink; both bound to the routes hook, the blackhole named by both. */
    private static String config(int gw4Priority, int gw4bPriority) {
        return VrrpdPeer.render(List.of(instance("gw4", 51, gw4Priority, BladeLab.VIP4 + "/24"),
                instance("gw4b", 52, gw4bPriority, "192.0.2.52/24")))
                .replace("  gw4b:\n", "    held-addresses: [{address: 198.51.100.77/24, interface: " + UP_IF + "}]\n  gw4b:\n")
                + """
                hooks:
                  - type: routes
                    instances: [gw4]
                    routes: [{ to: 203.0.113.128/25, via: 198.51.100.1, dev: eth1, table: 100, metric: 10 },
                             { to: 203.0.113.64/26, type: blackhole }]
                    rules: [{ from: 192.0.2.0/24, table: 100, priority: 100 }]
                  - type: routes
                    instances: [gw4b]
                    routes: [{ to: 203.0.113.64/26, type: blackhole }]
                """;
    }

    private boolean hasRoute(String ns, String table, String route) {
        // "table all" rather than "table 100": ip fails on a table the kernel has not made yet
        String suffix = table.equals("main") ? "" : " table " + table;
        return bl.in(ns, "ip", "-4", "route", "show", "table", "all").lines()
                .anyMatch(l -> l.strip().equals(route.replace(" proto ", suffix + " proto ")));
    }

    private boolean hasRule(String ns) {
        return bl.in(ns, "ip", "-4", "rule", "show").lines()
                .anyMatch(l -> l.contains("from 192.0.2.0/24 lookup 100") && l.startsWith("100:"));
    }

    private boolean holds(String ns) {
        return bl.in(ns, "ip", "-4", "addr", "show", "dev", UP_IF).contains("198.51.100.77/24");
    }

    private boolean allOf(String ns) {
        return hasRoute(ns, "100", VIA_TABLE) && hasRoute(ns, "main", BLACKHOLE) && hasRule(ns) && holds(ns);
    }

    @Test
    void heldWhileMasterRestoredWhenDeletedAndASharedRouteStaysWhileEitherInstanceIsMaster() {
        VrrpdPeer v1 = track(() -> VrrpdPeer.start(bl.r1(), config(150, 150)));
        awaitState(v1, "gw4", "MASTER");
        awaitState(v1, "gw4b", "MASTER");
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> allOf(bl.r1()));

        // deleted behind vrrpd's back: put back without a transition
        bl.in(bl.r1(), "ip", "route", "del", "203.0.113.128/25", "table", "100");
        bl.in(bl.r1(), "ip", "rule", "del", "priority", "100");
        bl.in(bl.r1(), "ip", "addr", "del", "198.51.100.77/24", "dev", UP_IF);
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> allOf(bl.r1()));
        awaitState(v1, "gw4", "MASTER");

        // a peer takes gw4b: the blackhole gw4 names too stays
        VrrpdPeer v2 = track(() -> VrrpdPeer.start(bl.r2(), config(100, 200)));
        awaitState(v2, "gw4b", "MASTER");
        awaitState(v1, "gw4b", "BACKUP");
        awaitState(v2, "gw4", "BACKUP");
        assertTrue(hasRoute(bl.r1(), "main", BLACKHOLE), "gw4 is still master on r1 and names the blackhole");
        assertTrue(hasRoute(bl.r2(), "main", BLACKHOLE), "gw4b's master holds it on r2");
        assertFalse(hasRoute(bl.r2(), "100", VIA_TABLE) || hasRule(bl.r2()) || holds(bl.r2()), "r2 is gw4's backup");

        // gw4 leaves master on r1 too: everything of r1 goes
        v1.vrrpctl("drain", "gw4");
        awaitState(v2, "gw4", "MASTER");
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> !hasRoute(bl.r1(), "main", BLACKHOLE)
                && !hasRoute(bl.r1(), "100", VIA_TABLE) && !hasRule(bl.r1()) && !holds(bl.r1()));
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> allOf(bl.r2()));
        v2.gracefulStop();
        assertFalse(hasRoute(bl.r2(), "main", BLACKHOLE) || hasRoute(bl.r2(), "100", VIA_TABLE) || hasRule(bl.r2())
                || holds(bl.r2()), "SIGTERM removes what vrrpd installed");
    }
}
