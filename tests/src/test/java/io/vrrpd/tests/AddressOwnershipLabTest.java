package io.vrrpd.tests;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.packet.AdvertEncoder;
import io.vrrpd.core.packet.Advertisement;
import io.vrrpd.core.packet.ChecksumForm;
import io.vrrpd.daemon.net.VrrpFrames;
import io.vrrpd.hooks.kernel.rtnetlink.NetNamespace;
import io.vrrpd.lab.AdvertCapture;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.KeepalivedPeer;
import io.vrrpd.lab.VrrpdPeer;
import org.junit.jupiter.api.Test;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import static io.vrrpd.lab.BladeLab.LAN_IF;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * vrrpd never removes an address it did not add. The true address owner (RFC 9568: the VIP is the
 * router's own interface address) starts as master, advertises priority 255 and keeps its address
 * after a stop and a crash; a VIP an operator configured survives mastership, drain and stop; and
 * the misconfigurations around the owner are logged and counted: an owner hearing its VRID
 * (erratum 8298), several routers at priority 255 (section 8.3.2).
 */
class AddressOwnershipLabTest extends SharedLabSupport {
    private static final Duration ADVERT = Duration.ofMillis(100);

    /** gw4 on eth0, VRID 51, with {@code vip} as its one address. */
    private static VrrpdPeer.Config gw4(int priority, String vip) {
        return new VrrpdPeer.Config("gw4", Family.IPV4, LAN_IF, null, 51, priority, ADVERT, List.of(vip), null, null);
    }

    private static boolean has(String ns, String address) {
        return KeepalivedPeer.addresses(ns, LAN_IF).contains(address);
    }

    @Test
    void theOwnerStartsAsMasterAdvertises255AndKeepsItsAddressAfterAStopAndACrash() {
        String own = bl.lanAddress(bl.r1(), Family.IPV4);   // 192.0.2.2, configured on r1's eth0 by the lab
        VrrpdPeer.Config owner = gw4(255, own + "/24");
        try {
            AdvertCapture cap = bl.capture(bl.client(), LAN_IF);
            VrrpdPeer v1 = vrrpd(bl.r1(), owner);
            VrrpdPeer v2 = vrrpd(bl.r2(), owner.withPriority(100));
            awaitState(v1, "gw4", "MASTER");
            awaitState(v2, "gw4", "BACKUP");
            awaitMasterAddress(v2, "gw4", own);
            assertEquals(255, v1.instance("gw4").path("effective-priority").asInt());
            await().atMost(CONVERGE).pollInterval(POLL).until(() -> cap.packetCount() >= 5);
            cap.stop();
            List<AdvertCapture.Advert> fromOwner = cap.from(own);
            assertFalse(fromOwner.isEmpty(), cap.summary());
            assertTrue(fromOwner.stream().allMatch(a -> a.priority() == 255 && a.vrid() == 51), fromOwner.toString());
            assertTrue(has(bl.r1(), own));
            assertFalse(v1.log().contains("removed stale virtual address"), v1.log());

            v1.gracefulStop();
            assertTrue(has(bl.r1(), own), "the owner keeps its own address after SIGTERM");
            awaitState(v2, "gw4", "MASTER");   // the backup takes the owner's address over while it is away

            VrrpdPeer again = vrrpd(bl.r1(), owner);
            awaitState(again, "gw4", "MASTER");
            awaitState(v2, "gw4", "BACKUP");
            await("the backup gives back the address it added").atMost(CONVERGE).pollInterval(POLL)
                    .until(() -> !has(bl.r2(), own));
            again.crash();
            assertTrue(has(bl.r1(), own));
            VrrpdPeer afterCrash = vrrpd(bl.r1(), owner);
            awaitState(afterCrash, "gw4", "MASTER");
            assertTrue(has(bl.r1(), own), "a restart after a crash does not take the owner's address for a stale VIP");
            assertFalse(afterCrash.log().contains("removed stale virtual address"), afterCrash.log());
        } finally {
            bl.removeAddress(bl.r2(), LAN_IF, own + "/24");   // r2 may hold it as the owner's backup
        }
    }

    @Test
    void aVipAnOperatorConfiguredSurvivesMastershipDrainAndStop() throws Exception {
        bl.addAddress(bl.r1(), LAN_IF, BladeLab.VIP4 + "/24");   // by hand, before vrrpd
        VrrpdPeer v1 = vrrpd(bl.r1(), VrrpdPeer.Config.ipv4("gw4", 150));
        awaitState(v1, "gw4", "MASTER");
        assertTrue(v1.log().contains("was on eth0 already and vrrpd did not add it"), v1.log());
        run(v1, "drain", "--all");
        awaitState(v1, "gw4", "INIT");
        assertTrue(has(bl.r1(), BladeLab.VIP4), "drain removes only what vrrpd added");
        run(v1, "undrain", "--all");
        awaitState(v1, "gw4", "MASTER");
        v1.gracefulStop();
        assertTrue(has(bl.r1(), BladeLab.VIP4), "SIGTERM removes only what vrrpd added");

        VrrpdPeer v2 = vrrpd(bl.r2(), VrrpdPeer.Config.ipv4("gw4", 150));
        awaitState(v2, "gw4", "MASTER");
        VrrpdPeer backup = vrrpd(bl.r1(), VrrpdPeer.Config.ipv4("gw4", 100));
        awaitState(backup, "gw4", "BACKUP");
        assertTrue(has(bl.r1(), BladeLab.VIP4), "a backup does not remove it at start either");
        assertTrue(backup.log().contains("is on eth0 but vrrpd did not add it"), backup.log());
    }

    @Test
    void twoRoutersThatBothClaimToOwnTheAddressesLogAndCountItAndElectOne() {
        VrrpdPeer v1 = vrrpd(bl.r1(), gw4(255, BladeLab.VIP4 + "/24"));
        awaitState(v1, "gw4", "MASTER");
        VrrpdPeer v2 = vrrpd(bl.r2(), gw4(255, BladeLab.VIP4 + "/24"));
        // erratum 8298: processed, so the higher primary address (r2's) stays master and r1 backs off.
        // r1 hears r2 for sure; r2 hears r1 only if r1 advertised once more after r2 began to listen.
        awaitState(v2, "gw4", "MASTER");
        awaitState(v1, "gw4", "BACKUP");
        await("r1 counts the other owner").atMost(CONVERGE).pollInterval(POLL).until(() ->
                v1.instance("gw4").path("counters").path("owner-conflicts").asLong() > 0
                        && v1.instance("gw4").path("counters").path("multiple-owners").asLong() > 0);
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> v1.log().contains("erratum 8298")
                && v1.log().contains("section 8.3.2"));
        holdsStable(() -> v1.state("gw4").equals("BACKUP") && v2.state("gw4").equals("MASTER"));
    }

    @Test
    void aBackupHearingASecondRouterAtPriority255CountsItAndTheOwnerCountsTheConflict() throws Exception {
        String own = bl.lanAddress(bl.r1(), Family.IPV4);
        VrrpdPeer.Config owner = gw4(255, own + "/24");
        try {
            VrrpdPeer v1 = vrrpd(bl.r1(), owner);
            VrrpdPeer v2 = vrrpd(bl.r2(), owner.withPriority(100));
            awaitState(v1, "gw4", "MASTER");
            awaitState(v2, "gw4", "BACKUP");
            awaitMasterAddress(v2, "gw4", own);
            // a third router claims VRID 51 at 255, from an address below the owner's, so the owner stays master
            InetAddress forger = InetAddress.getByName("192.0.2.1");
            Advertisement a = Advertisement.of(AddressFamily.IPV4, 51, 255, 10, InetAddress.getByName(own));
            byte[] payload = AdvertEncoder.encode(a, forger.getAddress(), AddressFamily.IPV4.multicastGroup(),
                    ChecksumForm.PSEUDO_HEADER);
            byte[] frame = VrrpFrames.advert(AddressFamily.IPV4, new byte[] {2, 0, 0, 0, 0x10, 0}, forger, payload, 0,
                    payload.length);
            NetNamespace.callIn(bl.client(), () -> {
                PcapNetworkInterface nif = Pcaps.getDevByName(LAN_IF);
                try (PcapHandle h = nif.openLive(256, PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS, 100)) {
                    for (int n = 0; n < 5; n++) {
                        h.sendPacket(frame);
                    }
                }
                return null;
            });
            await("the backup counts a second owner").atMost(CONVERGE).pollInterval(POLL).until(() ->
                    v2.instance("gw4").path("counters").path("multiple-owners").asLong() >= 1);
            assertEquals(0, v2.instance("gw4").path("counters").path("owner-conflicts").asLong(), "not the owner");
            await("the owner counts the conflict").atMost(CONVERGE).pollInterval(POLL).until(() ->
                    v1.instance("gw4").path("counters").path("owner-conflicts").asLong() >= 5);
            assertTrue(v2.log().contains("section 8.3.2"), v2.log());
            assertTrue(v1.log().contains("erratum 8298"), v1.log());
            awaitState(v1, "gw4", "MASTER");
        } finally {
            bl.removeAddress(bl.r2(), LAN_IF, own + "/24");
        }
    }

    private static void run(VrrpdPeer peer, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(VrrpdPeer.javaCommand("io.vrrpd.daemon.vrrpctl.Vrrpctl"));
        cmd.add("--socket");
        cmd.add(peer.socket().toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "vrrpctl did not finish");
        assertEquals(0, p.exitValue(), "vrrpctl " + String.join(" ", args) + " failed: " + out);
    }
}
