package io.vrrpd.tests;

import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.ClientProbe;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.VrrpdPeer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.vrrpd.lab.BladeLab.LAN_IF;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IPv6 Router Advertisements from the master: a client with {@code accept_ra} and no static
 * default route learns {@code fe80::1} (the instance's link-local VIP) as its default router from
 * vrrpd, and keeps reaching the upstream over IPv6 across a crash failover, because the new master
 * advertises the same router; when the last master stops, its final advert (router lifetime 0)
 * takes the route away at once instead of when its lifetime runs out.
 */
class VrrpdRouterAdvertLabTest {
    /** The shortest interval RFC 4861 allows, and the shortest lifetime vrrpd accepts with it. */
    private static final Duration LIFETIME = Duration.ofSeconds(8);
    private static final Duration BOUND = Duration.ofSeconds(10);

    private static String config(int priority) {
        return config(priority, "{interval: 4s, lifetime: 8s, prefixes: [2001:db8:1::/64]}");
    }

    private static String config(int priority, String routerAdvertisements) {
        return VrrpdPeer.render(List.of(VrrpdPeer.Config.ipv6("gw6", priority)))
                + "    router-advertisements: " + routerAdvertisements + "\n";
    }

    /** The lab with the client's static IPv6 default route taken away and adverts accepted. */
    private static BladeLab labWithoutStaticRoute() {
        BladeLab bl = BladeLab.create("ra", BladeLab.Switch.SNOOPING_NO_QUERIER, BladeLab.ReturnPath.ECMP);
        bl.in(bl.client(), "ip", "-6", "route", "del", "default");
        bl.in(bl.client(), "sysctl", "-qw", "net.ipv6.conf." + LAN_IF + ".accept_ra=2");
        assertEquals("", defaultRoute(bl), "the client starts with no IPv6 default route");
        return bl;
    }

    /** The client's IPv6 default route, as {@code ip -6 route show default} prints it; empty for none. */
    private static String defaultRoute(BladeLab bl) {
        return bl.in(bl.client(), "ip", "-6", "route", "show", "default").trim();
    }

    @Test
    void aClientLearnsTheVirtualRouterFromTheMasterAndKeepsItAcrossACrashFailover() {
        try (BladeLab bl = labWithoutStaticRoute()) {
            bl.setDefaultRoute(bl.r1(), Family.IPV6);
            bl.setDefaultRoute(bl.r2(), Family.IPV6);

            VrrpdPeer r1 = bl.register(VrrpdPeer.start(bl.r1(), config(150)));
            VrrpdPeer r2 = bl.register(VrrpdPeer.start(bl.r2(), config(100)));
            await().atMost(BOUND).until(() -> "MASTER".equals(r1.state("gw6")) && "BACKUP".equals(r2.state("gw6")));
            await().atMost(BOUND).until(() -> defaultRoute(bl).matches("default via fe80::1 dev " + LAN_IF + " proto ra .*"));
            await().atMost(BOUND).until(() -> ClientProbe.reachable(bl.client(), Family.IPV6));

            bl.isolate(bl.r1());   // a power loss: the links go first
            r1.crash();
            await().atMost(BOUND).until(() -> "MASTER".equals(r2.state("gw6")));
            // Longer than the router lifetime: without r2's adverts the learned route would expire.
            await().during(LIFETIME.plusSeconds(2)).atMost(LIFETIME.plusSeconds(10)).pollInterval(Duration.ofMillis(500))
                    .until(() -> defaultRoute(bl).startsWith("default via fe80::1 dev " + LAN_IF + " proto ra"));
            assertTrue(ClientProbe.reachable(bl.client(), Family.IPV6), "the client gets out through r2");

            r2.gracefulStop();
            // The final advert: gone well within the lifetime it had left (up to 8 s).
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> defaultRoute(bl).isEmpty());
        }
    }

    /**
     * A host that comes up solicits (its link here goes down and up), and the master answers at
     * once instead of at its next periodic advert: with a 1800 s interval the next after the first
     * is due 12–16 s later, and the route is back well before that.
     */
    @Test
    void aSolicitationIsAnsweredBeforeTheNextPeriodicAdvert() {
        try (BladeLab bl = labWithoutStaticRoute()) {
            VrrpdPeer r1 = bl.register(VrrpdPeer.start(bl.r1(), config(150, "{interval: 1800s}")));
            await().atMost(BOUND).until(() -> "MASTER".equals(r1.state("gw6")));
            await().atMost(BOUND).pollInterval(Duration.ofMillis(100))
                    .until(() -> defaultRoute(bl).startsWith("default via fe80::1 dev " + LAN_IF + " proto ra"));
            long learned = System.nanoTime();
            bl.in(bl.client(), "ip", "link", "set", LAN_IF, "down");
            assertEquals("", defaultRoute(bl), "link down takes the learned route away");
            bl.in(bl.client(), "ip", "link", "set", LAN_IF, "up");   // the kernel solicits after link up
            await().atMost(BOUND).pollInterval(Duration.ofMillis(100))
                    .until(() -> defaultRoute(bl).startsWith("default via fe80::1 dev " + LAN_IF + " proto ra"));
            long backAfterMs = (System.nanoTime() - learned) / 1_000_000;
            assertTrue(backAfterMs < 11_000, "back " + backAfterMs + " ms after the first advert: before the second"
                    + " periodic one (at least 12 s after the first), so from the answer to the solicitation");
        }
    }
}
