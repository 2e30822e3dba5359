package io.vrrpd.tests;

import io.vrrpd.lab.AdvertCapture;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.KeepalivedPeer;
import io.vrrpd.lab.VrrpdPeer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static io.vrrpd.lab.BladeLab.LAN_IF;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * unicast-peers in the blade lab (namespaces tagged {@code uc}): two vrrpd in unicast mode
 * converge and fail over on kill -9, for IPv4 and IPv6 (link-local peers), and what they put on
 * the wire goes to the peer's own address with TTL 255 and a Good checksum, never to the group;
 * and vrrpd and keepalived 2.2.7 ({@code unicast_peer}) form one virtual router in both roles.
 */
class UnicastLabTest extends SharedLabSupport {
    private static final String GROUP4 = "224.0.0.18";
    private static final String GROUP6 = "ff02::12";

    @Override
    protected BladeLab newLab() {
        return BladeLab.create("uc", BladeLab.Switch.SNOOPING_NO_QUERIER, BladeLab.ReturnPath.ECMP);
    }

    /** r's instances, each sending to the other router's LAN address (IPv4) or link-local address (IPv6). */
    private VrrpdPeer unicastVrrpd(String r, String other, int priority) {
        return vrrpd(r, VrrpdPeer.Config.ipv4("gw4", priority).withUnicastPeers(bl.lanAddress(other, Family.IPV4)),
                VrrpdPeer.Config.ipv6("gw6", priority).withUnicastPeers(bl.linkLocal(other)));
    }

    @Test
    void twoVrrpdInUnicastModeConvergeAndFailOverOnKill9() {
        VrrpdPeer v1 = unicastVrrpd(bl.r1(), bl.r2(), 150);
        VrrpdPeer v2 = unicastVrrpd(bl.r2(), bl.r1(), 100);
        for (String name : List.of("gw4", "gw6")) {
            awaitState(v1, name, "MASTER");
            awaitState(v2, name, "BACKUP");
        }
        awaitMasterAddress(v2, "gw4", bl.lanAddress(bl.r1(), Family.IPV4));
        awaitMasterAddress(v2, "gw6", bl.linkLocal(bl.r1()));
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> v1.holdsVip() && !v2.holdsAnyVip());

        // r2's port sees both directions: r1's adverts to r2, then r2's to r1 after the crash.
        try (AdvertCapture cap = bl.capture(bl.r2(), LAN_IF)) {
            await().atMost(CONVERGE).pollInterval(POLL).until(() -> cap.packetCount() >= 10);
            v1.crash();
            awaitState(v2, "gw4", "MASTER", Duration.ofSeconds(3));
            awaitState(v2, "gw6", "MASTER", Duration.ofSeconds(3));
            await().atMost(CONVERGE).pollInterval(POLL).until(v2::holdsVip);
            int seen = cap.packetCount();
            await().atMost(CONVERGE).pollInterval(POLL).until(() -> cap.packetCount() >= seen + 10);

            assertTrue(cap.to(GROUP4).isEmpty() && cap.to(GROUP6).isEmpty(), "adverts to the group; " + cap.summary());
            for (Family f : Family.values()) {
                String r1 = advertSource(bl.r1(), f);
                String r2 = advertSource(bl.r2(), f);
                List<AdvertCapture.Advert> fromR1 = cap.from(r1);
                List<AdvertCapture.Advert> fromR2 = cap.from(r2);
                assertFalse(fromR1.isEmpty() || fromR2.isEmpty(), f + ": " + cap.summary());
                for (AdvertCapture.Advert a : fromR1) {
                    assertEquals(r2, a.destination(), f + " " + a);
                }
                for (AdvertCapture.Advert a : fromR2) {
                    assertEquals(r1, a.destination(), f + " " + a);
                }
                for (AdvertCapture.Advert a : cap.adverts()) {
                    assertEquals(255, a.hopLimit(), a.toString());
                    assertTrue(a.checksumGood(), "tshark: checksum not Good: " + a);
                }
                Duration gap = cap.failoverGap(r1, r2);
                System.out.printf(Locale.ROOT, "vrrpd unicast crash failover gap %s: %.3f s%n", f, gap.toNanos() / 1e9);
                assertTrue(gap.compareTo(Duration.ofMillis(300)) >= 0 && gap.compareTo(Duration.ofMillis(1000)) <= 0,
                        "unicast crash failover gap " + f + " " + gap + " (expected: 0.3..1.0 s at 100 ms adverts); "
                                + cap.summary());
            }
        }
        assertTrue(v2.instance("gw4").path("counters").path("rejected").isEmpty(), safeStatus(v2));
    }

    @Test
    void aUnicastInstanceIgnoresAMulticastRouterOfTheSameVrid() {
        VrrpdPeer multicast = vrrpd(bl.r1(), VrrpdPeer.Config.ipv4("gw4", 150));
        awaitState(multicast, "gw4", "MASTER");
        VrrpdPeer unicast = vrrpd(bl.r2(), VrrpdPeer.Config.ipv4("gw4", 100)
                .withUnicastPeers(bl.lanAddress(bl.r1(), Family.IPV4)));
        // r1's adverts go to the group: r2 counts them as unicast_destination and, hearing no peer, is master too
        awaitState(unicast, "gw4", "MASTER");
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> unicast.instance("gw4").path("counters")
                .path("rejected").path("unicast_destination").asLong() > 0);
    }

    @Test
    void keepalivedUnicastMasterVrrpdBackup() {
        KeepalivedPeer k = keepalived(bl.r1(),
                KeepalivedPeer.Config.ipv4("gw4", 150).withUnicastPeers(bl.lanAddress(bl.r2(), Family.IPV4)),
                KeepalivedPeer.Config.ipv6("gw6", 150).withUnicastPeers(bl.linkLocal(bl.r2())));
        VrrpdPeer v = keepalivedMasterVrrpdBackup(k, () -> unicastVrrpd(bl.r2(), bl.r1(), 100));
        assertTrue(v.instance("gw4").path("counters").path("rejected").isEmpty(), safeStatus(v));
        assertTrue(v.instance("gw6").path("counters").path("rejected").isEmpty(), safeStatus(v));
        assertFalse(k.log().contains("Entering BACKUP STATE") && k.log().lastIndexOf("Entering BACKUP STATE")
                > k.log().lastIndexOf("Entering MASTER STATE"), "keepalived left MASTER:\n" + k.log());
    }

    @Test
    void vrrpdUnicastMasterKeepalivedBackup() {
        VrrpdPeer v = unicastVrrpd(bl.r1(), bl.r2(), 150);
        awaitState(v, "gw4", "MASTER");
        awaitState(v, "gw6", "MASTER");
        KeepalivedPeer k = keepalived(bl.r2(),
                KeepalivedPeer.Config.ipv4("gw4", 100).withUnicastPeers(bl.lanAddress(bl.r1(), Family.IPV4)),
                KeepalivedPeer.Config.ipv6("gw6", 100).withUnicastPeers(bl.linkLocal(bl.r1())));
        awaitKeepalivedLog(k, "(gw4) Entering BACKUP STATE");
        awaitKeepalivedLog(k, "(gw6) Entering BACKUP STATE");
        holdsStable(() -> v.state("gw4").equals("MASTER") && v.state("gw6").equals("MASTER")
                && v.holdsVip() && !k.holdsAnyVip());
        assertFalse(k.log().contains("Entering MASTER STATE"), "keepalived went MASTER:\n" + k.log());
    }
}
