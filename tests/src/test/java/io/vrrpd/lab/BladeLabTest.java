package io.vrrpd.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Locale;

import static io.vrrpd.lab.BladeLab.LAN_IF;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves the lab kit with keepalived on both routers: the topology routes only through the
 * VIP holder, keepalived converges and fails over, and the capture measures the gap at the
 * RFC floor (LAB-NOTES baseline: crash ≈ 3 × interval + skew, graceful ≈ skew).
 */
class BladeLabTest {
    private static final Duration CONVERGE = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(20);

    @Test
    void clientReachesTheTargetOnlyThroughAVipHolderWithADefaultRoute() {
        try (BladeLab bl = BladeLab.create()) {
            String r1 = bl.r1();
            bl.setDefaultRoute(r1, Family.IPV4);
            assertFalse(ClientProbe.reachable(bl.client(), Family.IPV4),
                    "client reached " + BladeLab.TARGET4 + " although no router holds the VIP");

            bl.addAddress(r1, LAN_IF, BladeLab.VIP4 + "/24");
            await().atMost(CONVERGE).pollInterval(POLL)
                    .until(() -> ClientProbe.reachable(bl.client(), Family.IPV4));

            bl.clearDefaultRoute(r1, Family.IPV4);
            assertFalse(ClientProbe.reachable(bl.client(), Family.IPV4),
                    "client reached " + BladeLab.TARGET4 + " although the VIP holder has no default route");
        }
    }

    @Test
    void keepalivedFailsOverIpv4AtTheRfcFloorOnCrashAndOnGracefulStop() {
        try (BladeLab bl = BladeLab.create()) {
            String src1 = bl.lanAddress(bl.r1(), Family.IPV4);
            String src2 = bl.lanAddress(bl.r2(), Family.IPV4);
            bl.setDefaultRoute(bl.r1(), Family.IPV4);
            bl.setDefaultRoute(bl.r2(), Family.IPV4);
            KeepalivedPeer.Config cfg = KeepalivedPeer.Config.ipv4("gw4", 150);
            KeepalivedPeer k1 = bl.keepalived(bl.r1(), cfg);
            KeepalivedPeer k2 = bl.keepalived(bl.r2(), cfg.withPriority(100));
            awaitMaster(k1, k2);

            Duration crashGap;
            try (AdvertCapture cap = bl.capture(bl.client(), LAN_IF)) {
                await().atMost(CONVERGE).pollInterval(POLL).until(() -> cap.packetCount() >= 3);
                k1.crash();
                await().atMost(Duration.ofSeconds(2)).pollInterval(POLL).until(k2::holdsVip);
                awaitMoreAdverts(cap, 3);
                crashGap = cap.failoverGap(src1, src2);
                print("crash", crashGap, cap);
            }
            assertTrue(crashGap.compareTo(Duration.ofMillis(300)) >= 0 && crashGap.compareTo(Duration.ofMillis(1000)) <= 0,
                    "crash failover gap " + crashGap + " (expected: 0.3..1.0 s for 100 ms adverts, 3 × interval + skew ≈ 0.36 s)");
            k1.removeVips();

            KeepalivedPeer k1again = bl.keepalived(bl.r1(), cfg);
            awaitMaster(k1again, k2);
            Duration gracefulGap;
            ClientProbe.Result outage;
            try (AdvertCapture cap = bl.capture(bl.client(), LAN_IF);
                 ClientProbe probe = bl.probe(Family.IPV4, Duration.ofMillis(10), Duration.ofSeconds(10))) {
                await().atMost(CONVERGE).pollInterval(POLL).until(() -> cap.packetCount() >= 3 && probe.received() >= 10);
                k1again.gracefulStop();
                await().atMost(Duration.ofSeconds(2)).pollInterval(POLL).until(k2::holdsVip);
                awaitMoreAdverts(cap, 3);
                awaitMoreReplies(probe, 20);
                outage = probe.stop();
                System.out.println("client probe across keepalived graceful stop: " + outage);
                assertTrue(cap.from(src1).stream().anyMatch(a -> a.priority() == 0),
                        "no priority 0 advert from " + src1 + " after SIGTERM; " + cap.summary());
                gracefulGap = cap.failoverGap(src1, src2);
                print("graceful", gracefulGap, cap);
            }
            assertTrue(gracefulGap.compareTo(Duration.ofMillis(300)) < 0,
                    "graceful failover gap " + gracefulGap + " (expected: < 0.3 s, skew ≈ 0.06 s at priority 100)");
            assertTrue(outage.outage().compareTo(Duration.ofMillis(300)) < 0,
                    "client outage across a graceful stop: " + outage + " (expected: < 0.3 s)");
        }
    }

    @Test
    void wholeRouterDeathCostsTheClientAboutTheMasterDownInterval() {
        try (BladeLab bl = BladeLab.create(BladeLab.Switch.SNOOPING_NO_QUERIER, BladeLab.ReturnPath.UPSTREAM_VIP)) {
            String src1 = bl.lanAddress(bl.r1(), Family.IPV4);
            String src2 = bl.lanAddress(bl.r2(), Family.IPV4);
            bl.setDefaultRoute(bl.r1(), Family.IPV4);
            bl.setDefaultRoute(bl.r2(), Family.IPV4);
            KeepalivedPeer.Config lan = KeepalivedPeer.Config.ipv4("gw4", 150);
            KeepalivedPeer.Config up = KeepalivedPeer.Config.upstreamIpv4("up4", 150);
            KeepalivedPeer k1 = bl.keepalived(bl.r1(), lan, up);
            KeepalivedPeer k2 = bl.keepalived(bl.r2(), lan.withPriority(100), up.withPriority(100));
            awaitMaster(k1, k2);

            try (AdvertCapture cap = bl.capture(bl.client(), LAN_IF);
                 ClientProbe probe = bl.probe(Family.IPV4, Duration.ofMillis(10), Duration.ofSeconds(10))) {
                await().atMost(CONVERGE).pollInterval(POLL).until(() -> cap.packetCount() >= 3 && probe.received() >= 10);
                k1.crash();
                bl.isolate(bl.r1());
                await().atMost(Duration.ofSeconds(2)).pollInterval(POLL).until(k2::holdsVip);
                awaitMoreAdverts(cap, 3);
                awaitMoreReplies(probe, 20);
                ClientProbe.Result outage = probe.stop();
                Duration gap = cap.failoverGap(src1, src2);
                print("crash + isolate", gap, cap);
                System.out.println("client probe across router death: " + outage);
                assertTrue(outage.lost() > 0, "no probe lost although the master died: " + outage);
                // The router dies up to one interval after its last advert, and the backup's
                // master-down timer (3 × 100 ms + 61 ms skew) runs from that advert: 0.26..0.36 s.
                assertTrue(outage.outage().compareTo(Duration.ofMillis(200)) >= 0
                                && outage.outage().compareTo(Duration.ofMillis(1500)) <= 0,
                        "client outage " + outage + " (expected: 0.2..1.5 s, master-down interval minus up to one interval)");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BladeLab.Switch.class, names = {"SNOOPING_NO_QUERIER", "SNOOPING_WITH_QUERIER"})
    void keepalivedConvergesAndFailsOverIpv6AndTheClientRoutesThroughTheVip(BladeLab.Switch switchMode) {
        try (BladeLab bl = BladeLab.create(switchMode, BladeLab.ReturnPath.ECMP)) {
            String querier = switchMode == BladeLab.Switch.SNOOPING_WITH_QUERIER ? "1" : "0";
            String bridge = bl.in(bl.sw(), "ip", "-d", "link", "show", "br-lan");
            assertTrue(bridge.contains("mcast_querier " + querier), "br-lan is not set up as " + switchMode + ": " + bridge);
            KeepalivedPeer.Config cfg = KeepalivedPeer.Config.ipv6("gw6", 150);
            KeepalivedPeer k1 = bl.keepalived(bl.r1(), cfg);
            KeepalivedPeer k2 = bl.keepalived(bl.r2(), cfg.withPriority(100));
            awaitMaster(k1, k2);

            bl.setDefaultRoute(bl.r1(), Family.IPV6);
            await().atMost(CONVERGE).pollInterval(POLL)
                    .until(() -> ClientProbe.reachable(bl.client(), Family.IPV6));

            // On the backup, which joined ff02::12: behind a querier the client would not see them.
            String src1 = bl.linkLocal(bl.r1());
            try (AdvertCapture cap = bl.capture(bl.r2(), LAN_IF)) {
                await().atMost(CONVERGE).pollInterval(POLL).until(() -> cap.packetCount() >= 2);
                cap.stop();
                assertTrue(cap.adverts().stream().allMatch(a -> a.source().equals(src1) && a.version() == 3
                                && a.vrid() == 51 && a.priority() == 150 && a.checksumGood()),
                        "expected only VRRPv3 adverts from " + src1 + " (VRID 51, priority 150, good checksum): "
                                + cap.adverts());
            }

            try (AdvertCapture cap = bl.capture(bl.r2(), LAN_IF)) {
                await().atMost(CONVERGE).pollInterval(POLL).until(() -> cap.packetCount() >= 3);
                k1.crash();
                await().atMost(Duration.ofSeconds(2)).pollInterval(POLL).until(k2::holdsVip);
                awaitMoreAdverts(cap, 3);
                Duration gap = cap.failoverGap(src1, bl.linkLocal(bl.r2()));
                System.out.printf(Locale.ROOT, "keepalived IPv6 crash failover gap at 100 ms (%s): %.3f s%n",
                        switchMode, gap.toNanos() / 1e9);
                assertTrue(gap.compareTo(Duration.ofMillis(300)) >= 0 && gap.compareTo(Duration.ofMillis(1000)) <= 0,
                        "IPv6 crash failover gap " + gap + " (expected: 0.3..1.0 s); " + cap.summary());
            }
        }
    }

    private static void awaitMaster(KeepalivedPeer master, KeepalivedPeer backup) {
        await().atMost(CONVERGE).pollInterval(POLL)
                .failFast("a keepalived exited", () -> !master.isRunning() || !backup.isRunning())
                .until(() -> master.holdsVip() && !backup.holdsVip());
    }

    private static void awaitMoreAdverts(AdvertCapture cap, int more) {
        int now = cap.packetCount();
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> cap.packetCount() >= now + more);
    }

    private static void awaitMoreReplies(ClientProbe probe, int more) {
        int now = probe.received();
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> probe.received() >= now + more);
    }

    private static void print(String what, Duration gap, AdvertCapture cap) {
        System.out.printf(Locale.ROOT, "keepalived %s failover gap at 100 ms: %.3f s (%s)%n",
                what, gap.toNanos() / 1e9, cap.summary());
    }
}
