package io.vrrpd.tests.egress;

import io.vrrpd.lab.VrrpdPeer;
import io.vrrpd.hooks.kernel.NamespaceLab;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.Family;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * State the kernel loses while vrrpd is master is put back and counted: a default route deleted
 * by hand ({@code ip route del default}) within one verification interval (1 s here) plus a
 * margin, counted in {@code counters.routes-restored}; a VIP deleted by hand, counted in
 * {@code counters.vips-restored}. Also measures the time to restore a deleted IPv4 default route
 * (kernel delete event to re-add event, from {@code ip -ts monitor route}; median of 5).
 */
class DeletedStateTest {
    private static final Duration CONVERGE = Duration.ofSeconds(10);
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration MARGIN = Duration.ofMillis(500);

    @Test
    void deletedDefaultRoutesAndVipsAreRestoredAndCounted() {
        try (BladeLab lab = BladeLab.create();
             VrrpdPeer r1 = VrrpdPeer.start(lab.r1(),
                     BladeConfigs.blade(150, BladeConfigs.gatewayHooks("demote", 100, "1s", "2s")))) {
            for (String i : List.of("gw4", "gw6")) {
                r1.awaitState(i, "MASTER", CONVERGE);
            }
            try (RouteMonitor mon = RouteMonitor.start(lab.r1())) {
                for (Family f : Family.values()) {
                    String name = f == Family.IPV4 ? "gw4" : "gw6";
                    Duration restore = deleteDefaultAndTimeRestore(lab, mon, f);
                    System.out.printf(Locale.ROOT, "%s default route restored %.1f ms after it was deleted%n", f,
                            restore.toNanos() / 1e6);
                    assertTrue(restore.compareTo(INTERVAL.plus(MARGIN)) <= 0,
                            f + " default route restored after " + restore + " (expected: within " + INTERVAL + " + " + MARGIN + ")");
                    r1.awaitInstance(name, "routes-restored >= 1",
                            s -> s.path("counters").path("routes-restored").asLong() >= 1, CONVERGE);
                    r1.awaitState(name, "MASTER", CONVERGE);
                }

                // Median of 5 restores of the IPv4 default route.
                List<Long> micros = new ArrayList<>();
                for (int n = 0; n < 5; n++) {
                    micros.add(deleteDefaultAndTimeRestore(lab, mon, Family.IPV4).toNanos() / 1000);
                }
                List<Long> sorted = micros.stream().sorted().toList();
                System.out.printf(Locale.ROOT, "MEASURE default-route restore (IPv4, delete event -> re-add event), 5 runs: "
                                + "min %.1f / median %.1f / max %.1f ms; all %s us%n",
                        sorted.get(0) / 1e3, sorted.get(2) / 1e3, sorted.get(4) / 1e3, micros);
                r1.awaitInstance("gw4", "routes-restored >= 6",
                        s -> s.path("counters").path("routes-restored").asLong() >= 6, CONVERGE);
            }

            // VIPs deleted by hand come back and are counted.
            for (String cidr : List.of(BladeLab.VIP4 + "/24", BladeLab.VIP6 + "/64")) {
                String name = cidr.contains(":") ? "gw6" : "gw4";
                String address = cidr.substring(0, cidr.indexOf('/'));
                Instant deletedAt = Instant.now();
                NamespaceLab.run("ip", "-n", lab.r1(), "addr", "del", cidr, "dev", BladeLab.LAN_IF);
                await(address + " back on r1's eth0").atMost(INTERVAL.plus(MARGIN)).pollInterval(Duration.ofMillis(10))
                        .until(() -> Routes.addresses(lab.r1(), BladeLab.LAN_IF).contains(address));
                System.out.printf(Locale.ROOT, "VIP %s back within %d ms (polled)%n", address,
                        Duration.between(deletedAt, Instant.now()).toMillis());
                r1.awaitInstance(name, "vips-restored >= 1",
                        s -> s.path("counters").path("vips-restored").asLong() >= 1, CONVERGE);
                r1.awaitState(name, "MASTER", CONVERGE);
            }
            System.out.println("r1 counters: gw4 " + r1.instance("gw4").path("counters")
                    + "; gw6 " + r1.instance("gw6").path("counters"));
        }
    }

    /** Deletes the family's default route by hand; returns the time from the delete event to the re-add event. */
    private static Duration deleteDefaultAndTimeRestore(BladeLab lab, RouteMonitor mon, Family f) {
        String gw = Routes.gateway(f);
        Instant before = Instant.now();
        NamespaceLab.run("ip", "-n", lab.r1(), f.flag(), "route", "del", "default");
        RouteMonitor.Event del = mon.await(f + " default deleted", before, e -> e.deleted() && e.isVrrpdDefaultVia(gw),
                Duration.ofSeconds(5));
        RouteMonitor.Event add = mon.await(f + " default restored", del.at(), e -> !e.deleted() && e.isVrrpdDefaultVia(gw),
                INTERVAL.plus(MARGIN).plusSeconds(3));
        assertTrue(Routes.hasVrrpdDefault(lab.r1(), f), f + ": " + Routes.defaults(lab.r1(), f));
        return Duration.between(del.at(), add.at());
    }
}
