package io.vrrpd.tests;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.KeepalivedPeer;
import io.vrrpd.lab.LabFiles;
import io.vrrpd.lab.VrrpdPeer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.vrrpd.lab.BladeLab.LAN_IF;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real daemon keeps its senses when the machine misbehaves under it: a receive thread whose
 * interface was re-created under it, kernel events lost in an overrun, a send that fails on every
 * advert, a reload of a large file. Each was seen from outside, as an operator would: the peer's
 * state, the addresses in the kernel, the log and {@code status}.
 */
class DaemonSensesLabTest extends SharedLabSupport {
    private static final VrrpdPeer.Config GW4 = VrrpdPeer.Config.ipv4("gw4", 150);

    private static void signal(VrrpdPeer v, String sig) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + sig, Long.toString(v.pid())).start().waitFor());
    }

    private static JsonNode health(VrrpdPeer v) {
        return v.status().path("health");
    }

    /**
     * While r1 (the backup) is stopped, its eth0 is deleted and made again with the same name,
     * index, MAC and addresses. When it resumes, its kernel view looks unchanged, but the pcap
     * handle died with the old device. Before, r1 went deaf and took over while r2 was master:
     * both held the VIP until someone restarted r1.
     */
    @Test
    void aReceiverWhoseInterfaceWasRecreatedUnderItHearsItsPeerAgain() throws Exception {
        VrrpdPeer v2 = vrrpd(bl.r2(), GW4);
        VrrpdPeer v1 = vrrpd(bl.r1(), GW4.withPriority(100));
        awaitState(v2, "gw4", "MASTER");
        awaitState(v1, "gw4", "BACKUP");
        String r1 = bl.r1();
        String index = bl.lab().ipJsonIn(r1, "link", "show", LAN_IF).get(0).path("ifindex").asText();

        signal(v1, "STOP");
        try {
            bl.in(r1, "ip", "link", "del", LAN_IF);
            bl.in(r1, "ip", "link", "add", LAN_IF, "index", index, "address", BladeLab.mac(0x01, 0), "type", "veth",
                    "peer", "name", "r1-lan", "netns", bl.sw(), "address", BladeLab.mac(0, 1));
            bl.in(bl.sw(), "ip", "link", "set", "r1-lan", "master", "br-lan", "up");
            bl.in(r1, "sysctl", "-qw", "net.ipv4.conf.eth0.rp_filter=0");
            bl.in(r1, "ip", "link", "set", LAN_IF, "up");
            bl.in(r1, "ip", "addr", "add", bl.lanAddress(r1, Family.IPV4) + "/24", "dev", LAN_IF);
            bl.in(r1, "ip", "addr", "add", bl.lanAddress(r1, Family.IPV6) + "/64", "dev", LAN_IF, "nodad");
        } finally {
            signal(v1, "CONT");
        }
        // r1's master-down timer ran out while it was stopped: it may take over for a moment, then
        // it must hear r2 (priority 150) and go back to backup, and stay there.
        awaitState(v1, "gw4", "BACKUP", Duration.ofSeconds(15));
        holdsStable(() -> v1.state("gw4").equals("BACKUP") && !v1.holdsAnyVip() && v2.holdsVip());
        JsonNode eth0 = health(v1).path("interfaces").get(0);
        assertEquals(LAN_IF, eth0.path("name").asText(), health(v1).toString());
        assertTrue(eth0.path("receiving").asBoolean(), health(v1).toString());
    }

    /**
     * While r1 (master) is stopped, thousands of address changes overflow its netlink socket, and
     * then its VIP is deleted: that event is among the lost ones. Before, r1 re-read its links
     * after the overrun, reported MASTER, and the VIP stayed missing.
     */
    @Test
    void aVipDeletedWhileKernelEventsWereLostIsPutBack() throws Exception {
        VrrpdPeer v1 = vrrpd(bl.r1(), GW4);
        awaitState(v1, "gw4", "MASTER");
        assertTrue(v1.holdsVip());
        Path batch = Files.createTempFile(LabFiles.newDir("overrun-"), "churn", ".ip");
        StringBuilder sb = new StringBuilder();
        for (int n = 1; n <= 3000; n++) {
            sb.append("address add 2001:db8:ff::").append(Integer.toHexString(0x1000 + n)).append("/64 dev eth1 nodad\n");
        }
        for (int n = 1; n <= 3000; n++) {
            sb.append("address del 2001:db8:ff::").append(Integer.toHexString(0x1000 + n)).append("/64 dev eth1\n");
        }
        Files.writeString(batch, sb.toString());
        signal(v1, "STOP");
        try {
            bl.in(bl.r1(), "ip", "-batch", batch.toString());
            bl.in(bl.r1(), "ip", "addr", "del", BladeLab.VIP4 + "/24", "dev", LAN_IF);
        } finally {
            signal(v1, "CONT");
        }
        await("the overrun is seen").atMost(CONVERGE).pollInterval(POLL)
                .until(() -> health(v1).path("kernel").path("overruns").asLong() >= 1);
        await("the VIP is back").atMost(CONVERGE).pollInterval(POLL).until(v1::holdsVip);
        assertEquals("MASTER", v1.state("gw4"));
        assertTrue(v1.instance("gw4").path("counters").path("vips-restored").asLong() >= 1, v1.instance("gw4").toString());
        assertTrue(health(v1).path("kernel").path("monitoring").asBoolean(), health(v1).toString());
    }

    /**
     * A qdisc that drops everything makes every advert's send fail (ENOBUFS) while the interface
     * stays up. Before, each advert logged a WARN: ten a second at 100 ms.
     */
    @Test
    void aSendThatFailsOnEveryAdvertIsCountedAndLoggedOncePerPeriod() throws Exception {
        LabFiles.requireTool("tc", "iproute2");
        VrrpdPeer v1 = vrrpd(bl.r1(), GW4);
        awaitState(v1, "gw4", "MASTER");
        bl.in(bl.r1(), "tc", "qdisc", "add", "dev", LAN_IF, "root", "pfifo", "limit", "0");
        try {
            await("30 adverts fail").atMost(CONVERGE).pollInterval(POLL)
                    .until(() -> v1.instance("gw4").path("counters").path("send-failures").asLong() >= 30);
        } finally {
            bl.in(bl.r1(), "tc", "qdisc", "del", "dev", LAN_IF, "root");
        }
        long warnings = v1.log().lines().filter(l -> l.contains("advert not sent on eth0")).count();
        assertEquals(1, warnings, v1.log());
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> v1.log().contains("adverts are sent on eth0 again"));
    }

    /**
     * SIGHUP with a large file (20 MB, mostly comments): reading it takes the time it takes, on
     * its own thread. Before, it was read on the event loop, which sent no advert meanwhile, and
     * the backup took over.
     */
    @Test
    void aReloadOfALargeFileDoesNotHoldTheAdverts() throws Exception {
        VrrpdPeer v1 = vrrpd(bl.r1(), GW4);
        VrrpdPeer v2 = vrrpd(bl.r2(), GW4.withPriority(100));
        awaitState(v1, "gw4", "MASTER");
        awaitState(v2, "gw4", "BACKUP");
        long transitions = v2.instance("gw4").path("counters").path("master-transitions").asLong();
        String line = "# " + "padding ".repeat(12) + "\n";
        // gw4 unchanged (it keeps running), gw6 added: the reload is seen when gw6 appears
        StringBuilder big = new StringBuilder(VrrpdPeer.render(List.of(GW4, VrrpdPeer.Config.ipv6("gw6", 150))));
        while (big.length() < 20_000_000) {
            big.append(line);
        }
        Files.writeString(v1.configFile(), big);
        signal(v1, "HUP");
        await("the reload is applied").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> v1.status().path("instances").size() == 2);
        assertEquals(transitions, v2.instance("gw4").path("counters").path("master-transitions").asLong(),
                "the backup took over during the reload: the master's adverts stopped\n" + v2.log());
        assertEquals("MASTER", v1.state("gw4"));
        assertFalse(KeepalivedPeer.addresses(bl.r2(), LAN_IF).contains(BladeLab.VIP4));
    }
}
