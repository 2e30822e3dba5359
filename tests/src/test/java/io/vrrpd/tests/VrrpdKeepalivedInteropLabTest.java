package io.vrrpd.tests;

import io.vrrpd.lab.AdvertCapture;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.KeepalivedPeer;
import io.vrrpd.lab.VrrpdPeer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vrrpd.lab.BladeLab.LAN_IF;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * vrrpd and keepalived 2.2.7 in one virtual router (VRID 51, IPv4 and IPv6 instances, 100 ms),
 * in both roles, with vrrpd's default IPv4 checksum (RFC 5798 reading, with the pseudo-header,
 * which keepalived sends and expects) and with {@code ipv4-checksum: rfc9568}.
 *
 * <p>What the lab shows for {@code rfc9568} (asserted below, documented in docs/interop.md):
 * keepalived 2.2.7 accepts only the pseudo-header form for VRRPv3 over IPv4. It drops vrrpd's
 * RFC 9568 adverts ("Invalid VRRPv3 checksum"), so with vrrpd as master keepalived also goes
 * MASTER: both hold 192.0.2.1 (split brain). (Inside a keepalived sync group with a healthy IPv6
 * instance, its IPv4 instance is instead held in BACKUP, logging "Receive advertisement timeout".) With
 * keepalived as master the setting is harmless, because vrrpd accepts both forms on receive and a
 * backup sends nothing.
 */
class VrrpdKeepalivedInteropLabTest extends SharedLabSupport {
    private static final VrrpdPeer.Config V4 = VrrpdPeer.Config.ipv4("gw4", 150);
    private static final VrrpdPeer.Config V6 = VrrpdPeer.Config.ipv6("gw6", 150);
    private static final KeepalivedPeer.Config K4 = KeepalivedPeer.Config.ipv4("gw4", 150);
    private static final KeepalivedPeer.Config K6 = KeepalivedPeer.Config.ipv6("gw6", 150);

    @Test
    void vrrpdMasterKeepalivedBackup() {
        VrrpdPeer v = vrrpd(bl.r1(), V4, V6);
        awaitState(v, "gw4", "MASTER");
        awaitState(v, "gw6", "MASTER");
        KeepalivedPeer k = keepalived(bl.r2(), K4.withPriority(100), K6.withPriority(100));
        awaitKeepalivedLog(k, "(gw4) Entering BACKUP STATE");
        awaitKeepalivedLog(k, "(gw6) Entering BACKUP STATE");
        holdsStable(() -> v.state("gw4").equals("MASTER") && v.state("gw6").equals("MASTER")
                && v.holdsVip() && !k.holdsAnyVip());
        assertFalse(k.log().contains("Entering MASTER STATE"), "keepalived went MASTER:\n" + k.log());
    }

    @Test
    void keepalivedMasterVrrpdBackup() {
        KeepalivedPeer k = keepalived(bl.r1(), K4, K6);
        VrrpdPeer v = keepalivedMasterVrrpdBackup(k, () -> vrrpd(bl.r2(), V4.withPriority(100), V6.withPriority(100)));
        assertTrue(v.instance("gw4").path("counters").path("rejected").isEmpty(), safeStatus(v));
        assertEquals(0, v.instance("gw4").path("counters").path("master-transitions").asLong());
    }

    @Test
    void rfc9568ChecksumWithKeepalivedBackupIsRejectedByKeepalivedAndBothBecomeMaster() {
        // IPv4 alone: the setting concerns IPv4 only, and keepalived's sync group (which it forms
        // for two instances) would hold a rejecting gw4 in BACKUP along with a healthy gw6.
        VrrpdPeer v = vrrpd(bl.r1(), V4.withIpv4Checksum("rfc9568"));
        awaitState(v, "gw4", "MASTER");
        try (AdvertCapture cap = bl.capture(bl.client(), LAN_IF)) {
            KeepalivedPeer k = keepalived(bl.r2(), K4.withPriority(100));
            // keepalived drops our adverts ("Invalid VRRPv3 checksum") and, after its master-down
            // interval, is MASTER as well: split brain on 192.0.2.1.
            awaitKeepalivedLog(k, "(gw4) Invalid VRRPv3 checksum");
            awaitKeepalivedLog(k, "(gw4) Entering MASTER STATE");
            await().atMost(CONVERGE).pollInterval(POLL).until(() -> cap.packetCount() >= 20);
            String src = bl.lanAddress(bl.r1(), Family.IPV4);
            List<AdvertCapture.Advert> ours = cap.from(src);
            assertFalse(ours.isEmpty(), cap.summary());
            // tshark, like keepalived, checks IPv4 with the pseudo-header: our RFC 9568 form reads as Bad.
            assertTrue(ours.stream().noneMatch(AdvertCapture.Advert::checksumGood),
                    "tshark found a Good checksum on an rfc9568 advert: " + ours.get(0));
            assertFalse(cap.from(bl.lanAddress(bl.r2(), Family.IPV4)).isEmpty(),
                    "keepalived (backup by priority) sends adverts: it is master too; " + cap.summary());
            holdsStable(() -> v.state("gw4").equals("MASTER") && v.holdsVip() && k.holdsVip());
            // vrrpd accepts keepalived's pseudo-header form on receive, and ignores it as lower priority.
            assertTrue(v.instance("gw4").path("counters").path("rejected").isEmpty(), safeStatus(v));
            assertTrue(v.instance("gw4").path("counters").path("adverts-received").asLong() > 0, safeStatus(v));
            System.out.println("rfc9568 vs keepalived 2.2.7, keepalived's log:\n" + grep(k.log(), "gw4"));
        }
    }

    @Test
    void rfc9568ChecksumWithKeepalivedMasterWorks() {
        KeepalivedPeer k = keepalived(bl.r1(), K4, K6);
        awaitKeepalivedLog(k, "(gw4) Entering MASTER STATE");
        VrrpdPeer v = vrrpd(bl.r2(), V4.withPriority(100).withIpv4Checksum("rfc9568"), V6.withPriority(100));
        awaitState(v, "gw4", "BACKUP");
        awaitMasterAddress(v, "gw4", bl.lanAddress(bl.r1(), Family.IPV4));
        holdsStable(() -> v.state("gw4").equals("BACKUP") && k.holdsVip() && !v.holdsAnyVip());
        assertTrue(v.instance("gw4").path("counters").path("rejected").isEmpty(), safeStatus(v));
    }

    private static String grep(String log, String word) {
        StringBuilder b = new StringBuilder();
        log.lines().filter(l -> l.contains(word)).limit(30).forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }
}
