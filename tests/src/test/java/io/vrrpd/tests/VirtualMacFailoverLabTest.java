package io.vrrpd.tests;

import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.ClientProbe;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.FrrPeer;
import io.vrrpd.lab.KeepalivedPeer;
import io.vrrpd.lab.LabFiles;
import io.vrrpd.lab.VrrpdPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code virtual-mac} buys when gratuitous ARP does not reach the hosts: the switch drops
 * every gratuitous ARP for the VIP (nftables, bridge family, in the switch namespace), r1 dies
 * (links cut, then kill -9) and r2 takes over. With the virtual MAC the client's neighbour entry
 * for the VIP is already right and it gets out again at the protocol's floor; without it the
 * client keeps sending to r1's MAC until its own neighbour entry times out and it asks again.
 *
 * <p>The client's neighbour timers are shortened (reachable 1-3 s, first probe after 1 s,
 * unicast probes 250 ms apart) so the outage without the virtual MAC is seconds, not the
 * default's up to ~50 s (15-45 s reachable, 5 s delay, 3 s of probes). The return path is the
 * upstream VIP (VRID 52 on eth1, no virtual MAC, its announcements not filtered), so replies
 * follow the failover. {@code -Dlab.vmac.kernelNeighbourTimers=true} keeps the kernel's
 * defaults instead, to measure what a stock host waits (a minute-long run, not for CI).
 *
 * <p>Also here: the same for IPv6 with unsolicited NAs dropped; FRR 8.4 in either role on its own
 * macvlan with the same virtual MAC; a keepalived master without {@code use_vmac} handing over to
 * a vrrpd backup with it; SIGTERM deleting the macvlan.
 */
class VirtualMacFailoverLabTest extends SharedLabSupport {
    private static final String VMAC = "00:00:5e:00:01:33";
    private static final String VMAC6 = "00:00:5e:00:02:33";
    private static final Duration PROBE = Duration.ofMillis(10);
    private static final boolean KERNEL_TIMERS = Boolean.getBoolean("lab.vmac.kernelNeighbourTimers");
    private static final Duration RECOVERY = Duration.ofSeconds(KERNEL_TIMERS ? 90 : 20);

    @Override
    protected BladeLab newLab() {
        return BladeLab.create("vm", BladeLab.Switch.SNOOPING_NO_QUERIER, BladeLab.ReturnPath.UPSTREAM_VIP);
    }

    private static String config(int priority, boolean virtualMac) {
        return "instances:\n" + gw4(priority, virtualMac)
                + "  up4:\n    family: ipv4\n    interface: eth1\n    vrid: 52\n    priority: " + priority + "\n"
                + "    advert-interval: 100ms\n    virtual-addresses: [" + BladeLab.UPSTREAM_VIP4 + "/24]\n";
    }

    private static String gw4(int priority, boolean virtualMac) {
        return "  gw4:\n    family: ipv4\n    interface: eth0\n    vrid: 51\n    priority: " + priority + "\n"
                + "    advert-interval: 100ms\n    virtual-addresses: [" + BladeLab.VIP4 + "/24]\n"
                + "    virtual-mac: " + virtualMac + "\n";
    }

    @Test
    void withTheVirtualMacTheClientKeepsItsNeighbourEntryAndGetsOutAtTheFloor() {
        Duration outage = crashFailover(true);
        assertTrue(outage.compareTo(Duration.ofMillis(1000)) <= 0, "outage " + outage
                + " with the virtual MAC (expected: at most 1 s; the floor is 3 x 100 ms + skew = 0.36 s)");
    }

    @Test
    void withoutItTheClientWaitsForItsNeighbourEntryToTimeOut() {
        Duration outage = crashFailover(false);
        assertTrue(outage.compareTo(Duration.ofMillis(1500)) >= 0, "outage " + outage + " without the virtual MAC"
                + " (expected: at least 1.5 s: the client's 1 s delay and 0.75 s of unicast probes to r1's MAC)");
    }

    /**
     * A mixed pair: keepalived master without use_vmac (the VIP on its eth0), vrrpd backup with the
     * virtual MAC. Gratuitous ARP reaches the client here: when keepalived dies, vrrpd's moves the
     * client's entry from keepalived's MAC to the virtual one.
     */
    @Test
    void aKeepalivedPeerWithoutUseVmacHandsOverThroughGratuitousArp() {
        KeepalivedPeer k = keepalived(bl.r1(), KeepalivedPeer.Config.ipv4("gw4", 150));
        await().atMost(CONVERGE).pollInterval(POLL).until(k::holdsVip);
        VrrpdPeer v = track(() -> VrrpdPeer.start(bl.r2(), "instances:\n" + gw4(100, true)));
        awaitState(v, "gw4", "BACKUP");
        bl.in(bl.client(), "ping", "-c", "1", "-W", "2", BladeLab.VIP4);
        assertEquals(BladeLab.mac(1, 0), clientNeighbour(), "keepalived answers with its own MAC");

        bl.isolate(bl.r1());
        k.crash();
        awaitState(v, "gw4", "MASTER", Duration.ofSeconds(3));
        await("the client follows vrrpd's gratuitous ARP").atMost(CONVERGE).pollInterval(POLL)
                .until(() -> VMAC.equals(clientNeighbour()));
        bl.in(bl.client(), "ping", "-c", "1", "-W", "2", BladeLab.VIP4);
    }

    /** The daemon as shipped: SIGTERM removes the macvlan with the VIP, and exits 0. */
    @Test
    void sigtermDeletesTheMacvlan() {
        VrrpdPeer v = track(() -> VrrpdPeer.start(bl.r1(), "instances:\n" + gw4(150, true)));
        awaitState(v, "gw4", "MASTER");
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> macvlanUp(bl.r1()));
        v.gracefulStop();   // throws unless it exits 0
        assertEquals(0, bl.lab().ipJsonIn(bl.r1(), "link", "show", "type", "macvlan").size(), "vrrp4.51 deleted");
    }

    /**
     * FRR 8.4 keeps its VIPs on its own macvlan with the same virtual MAC: with vrrpd as the backup
     * (virtual-mac on, its macvlan down), FRR's death moves the VIP to vrrpd's macvlan and the
     * client's neighbour entry, learnt from FRR, is still right.
     */
    @Test
    void frrMasterAndVrrpdBackupShareTheVirtualMac() {
        Assumptions.assumeTrue(FrrPeer.available(), "FRR is not installed (apt-get install frr)");
        dropGratuitousArp(BladeLab.VIP4);
        keepFrrsParentQuiet(bl.r1());
        FrrPeer f = track(() -> FrrPeer.start(bl, bl.r1(), FrrPeer.Config.ipv4(150)));
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> f.status(Family.IPV4).equals("Master"));
        VrrpdPeer v = track(() -> VrrpdPeer.start(bl.r2(), "instances:\n" + gw4(100, true)));
        awaitState(v, "gw4", "BACKUP");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(4)).pollInterval(POLL)
                .until(() -> f.status(Family.IPV4).equals("Master") && "BACKUP".equals(v.state("gw4"))
                        && !macvlanUp(bl.r2()));
        bl.in(bl.client(), "ping", "-c", "1", "-W", "2", BladeLab.VIP4);
        assertEquals(VMAC, clientNeighbour(), "learnt from FRR's macvlan");

        bl.isolate(bl.r1());
        f.crash();
        awaitState(v, "gw4", "MASTER", Duration.ofSeconds(3));
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> macvlanUp(bl.r2())
                && KeepalivedPeer.addresses(bl.r2(), "vrrp4.51").contains(BladeLab.VIP4));
        bl.in(bl.client(), "ping", "-c", "1", "-W", "2", BladeLab.VIP4);   // answered by r2 now: r1 is cut off
        assertEquals(VMAC, clientNeighbour(), "the client's entry never changed");
    }

    /** The other way round: vrrpd master on its macvlan, FRR the backup on its own; vrrpd's death moves the VIP to FRR. */
    @Test
    void vrrpdMasterAndFrrBackupShareTheVirtualMac() {
        Assumptions.assumeTrue(FrrPeer.available(), "FRR is not installed (apt-get install frr)");
        dropGratuitousArp(BladeLab.VIP4);
        VrrpdPeer v = track(() -> VrrpdPeer.start(bl.r1(), "instances:\n" + gw4(150, true)));
        awaitState(v, "gw4", "MASTER");
        keepFrrsParentQuiet(bl.r2());
        FrrPeer f = track(() -> FrrPeer.start(bl, bl.r2(), FrrPeer.Config.ipv4(100)));
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> f.status(Family.IPV4).equals("Backup"));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(4)).pollInterval(POLL)
                .until(() -> "MASTER".equals(v.state("gw4")) && macvlanUp(bl.r1()) && !f.holdsVip());
        bl.in(bl.client(), "ping", "-c", "1", "-W", "2", BladeLab.VIP4);
        assertEquals(VMAC, clientNeighbour(), "learnt from vrrpd's macvlan");

        bl.isolate(bl.r1());
        v.crash();
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> f.status(Family.IPV4).equals("Master") && f.holdsVip());
        bl.in(bl.client(), "ping", "-c", "1", "-W", "2", BladeLab.VIP4);   // answered by FRR now: r1 is cut off
        assertEquals(VMAC, clientNeighbour(), "the client's entry never changed");
    }

    /**
     * What an FRR host needs and FRR does not set (vrrpd sets it itself): the VIP is on FRR's
     * macvlan in both roles (protodown while backup), and with the kernel's defaults the parent
     * answers ARP for it with its own MAC too. Without this the client learnt 02:00:00:00:01:00
     * from FRR's master and 02:00:00:00:02:00 from FRR's backup (while vrrpd was master) here.
     */
    private void keepFrrsParentQuiet(String ns) {
        bl.in(ns, "sysctl", "-qw", "net.ipv4.conf.eth0.arp_ignore=1", "net.ipv4.conf.eth0.arp_announce=2");
    }

    private boolean macvlanUp(String ns) {
        return bl.lab().ipJsonIn(ns, "link", "show", "dev", "vrrp4.51").path(0).path("flags").toString().contains("\"UP\"");
    }

    /**
     * The same for IPv6, with every unsolicited Neighbor Advertisement (to ff02::1) dropped on the
     * switch: the client's entry for its router fe80::1 stays 00:00:5e:00:02:33.
     */
    @Test
    void ipv6WithTheVirtualMacTheClientKeepsItsRoutersNeighbourEntry() {
        Duration outage = crashFailover(Family.IPV6, true);
        assertTrue(outage.compareTo(Duration.ofMillis(1000)) <= 0, "IPv6 outage " + outage
                + " with the virtual MAC (expected: at most 1 s; the floor is 3 x 100 ms + skew = 0.36 s)");
    }

    @Test
    void ipv6WithoutItTheClientWaitsForItsRoutersNeighbourEntryToTimeOut() {
        Duration outage = crashFailover(Family.IPV6, false);
        assertTrue(outage.compareTo(Duration.ofMillis(1500)) >= 0, "IPv6 outage " + outage + " without the virtual MAC"
                + " (expected: at least 1.5 s: the client's 1 s delay and 0.75 s of unicast probes to r1's MAC)");
    }

    private Duration crashFailover(boolean virtualMac) {
        return crashFailover(Family.IPV4, virtualMac);
    }

    /** Converges, cuts r1 off and kills it with gratuitous ARP (or unsolicited NA) filtered; returns the client's outage. */
    private Duration crashFailover(Family f, boolean virtualMac) {
        LabFiles.requireTool("nft", "nftables");
        boolean v4 = f == Family.IPV4;
        String neigh = v4 ? "net.ipv4.neigh.eth0." : "net.ipv6.neigh.eth0.";
        if (!KERNEL_TIMERS) {
            bl.in(bl.client(), "sysctl", "-qw", neigh + "base_reachable_time_ms=2000",
                    neigh + "delay_first_probe_time=1", neigh + "retrans_time_ms=250");
        }
        if (v4) {
            dropGratuitousArp(BladeLab.VIP4);
        } else {
            dropUnsolicitedNa();
        }
        for (String r : List.of(bl.r1(), bl.r2())) {
            bl.setDefaultRoute(r, f);
        }
        String gw = v4 ? "gw4" : "gw6";
        String router = v4 ? BladeLab.VIP4 : BladeLab.VIP6_LINK_LOCAL;
        String vmac = v4 ? VMAC : VMAC6;
        VrrpdPeer v1 = track(() -> VrrpdPeer.start(bl.r1(), v4 ? config(150, virtualMac) : config6(150, virtualMac)));
        VrrpdPeer v2 = track(() -> VrrpdPeer.start(bl.r2(), v4 ? config(100, virtualMac) : config6(100, virtualMac)));
        for (String name : List.of(gw, v4 ? "up4" : "up6")) {
            awaitState(v1, name, "MASTER");
            awaitState(v2, name, "BACKUP");
        }
        await().atMost(CONVERGE).pollInterval(POLL).until(() -> ClientProbe.reachable(bl.client(), f));
        assertEquals(virtualMac ? vmac : BladeLab.mac(1, 0), clientNeighbour(router),
                "the client's entry for " + router + " before the crash");

        Duration outage;
        try (ClientProbe probe = bl.probe(f, PROBE, RECOVERY.multipliedBy(2))) {
            await().atMost(CONVERGE).pollInterval(POLL).until(() -> probe.received() >= 20);
            bl.isolate(bl.r1());
            v1.crash();
            awaitState(v2, gw, "MASTER", Duration.ofSeconds(3));
            int replies = probe.received();
            await("the client gets out through r2").atMost(RECOVERY).pollInterval(POLL)
                    .until(() -> probe.received() >= replies + 50);
            outage = probe.stop().outage();
        }
        System.out.printf(Locale.ROOT, "crash failover with %s filtered, virtual-mac %s: client outage %.3f s%n",
                v4 ? "gratuitous ARP" : "unsolicited NA", virtualMac, outage.toNanos() / 1e9);
        assertTrue(dropped() > 0, "the switch dropped r2's announcements");
        if (virtualMac) {
            assertEquals(vmac, clientNeighbour(router), "the client's entry for " + router + " never changed");
        } else {
            assertEquals(BladeLab.mac(2, 0), clientNeighbour(router), "the client asked again and learnt r2's MAC");
        }
        return outage;
    }

    private static String config6(int priority, boolean virtualMac) {
        return "instances:\n"
                + "  gw6:\n    family: ipv6\n    interface: eth0\n    vrid: 51\n    priority: " + priority + "\n"
                + "    advert-interval: 100ms\n    virtual-addresses: [\"" + BladeLab.VIP6_LINK_LOCAL + "/64\", \""
                + BladeLab.VIP6 + "/64\"]\n    virtual-mac: " + virtualMac + "\n"
                + "  up6:\n    family: ipv6\n    interface: eth1\n    vrid: 52\n    priority: " + priority + "\n"
                + "    advert-interval: 100ms\n    virtual-addresses: [\"fe80::254/64\", \"" + BladeLab.UPSTREAM_VIP6
                + "/64\"]\n";
    }

    /** On the LAN switch: drop every unsolicited Neighbor Advertisement (to all nodes, ff02::1) for the LAN's VIPs. */
    private void dropUnsolicitedNa() {
        filterTable();
        // from the LAN's VIPs only (vrrpd's NAs come from the VIP): the return path's VIP on br-up must
        // still be announced to the upstream host
        bl.in(bl.sw(), "nft", "add", "rule", "bridge", "vrrpd_lab_garp", "forward", "ether", "type", "ip6",
                "ip6", "saddr", "{ " + BladeLab.VIP6_LINK_LOCAL + ", " + BladeLab.VIP6 + " }", "ip6", "daddr", "ff02::1",
                "icmpv6", "type", "nd-neighbor-advert", "counter", "drop");
    }

    private void filterTable() {
        bl.in(bl.sw(), "nft", "add", "table", "bridge", "vrrpd_lab_garp");
        bl.in(bl.sw(), "nft", "add", "chain", "bridge", "vrrpd_lab_garp", "forward",
                "{ type filter hook forward priority 0; }");
    }

    /** On the LAN switch: drop every gratuitous ARP (sender and target address both {@code vip}). */
    private void dropGratuitousArp(String vip) {
        filterTable();
        bl.in(bl.sw(), "nft", "add", "rule", "bridge", "vrrpd_lab_garp", "forward", "ether", "type", "arp",
                "arp", "saddr", "ip", vip, "arp", "daddr", "ip", vip, "counter", "drop");
    }

    private long dropped() {
        Matcher m = Pattern.compile("counter packets (\\d+)")
                .matcher(bl.in(bl.sw(), "nft", "list", "table", "bridge", "vrrpd_lab_garp"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private String clientNeighbour() {
        return clientNeighbour(BladeLab.VIP4);
    }

    private String clientNeighbour(String address) {
        return bl.lab().ipJsonIn(bl.client(), "neigh", "show", address, "dev", BladeLab.LAN_IF).path(0)
                .path("lladdr").asText();
    }

    /** What the shared reset does not undo: the cut links, the filter, r1's and r2's macvlans, the upstream VIP. */
    @AfterEach
    void undo() {
        if (bl == null) {
            return;
        }
        bl.reconnect(bl.r1());
        bl.lab().status(bl.sw(), "nft", "delete", "table", "bridge", "vrrpd_lab_garp");
        for (String r : List.of(bl.r1(), bl.r2())) {
            bl.lab().status(r, "sysctl", "-qw", "net.ipv4.conf.eth0.arp_ignore=0", "net.ipv4.conf.eth0.arp_filter=0",
                    "net.ipv4.conf.eth0.arp_announce=0");
            bl.lab().status(r, "ip", "link", "del", "vrrp4.51");
            bl.lab().status(r, "ip", "link", "del", "vrrp6.51");
            bl.removeAddress(r, BladeLab.UP_IF, BladeLab.UPSTREAM_VIP4 + "/24");
            bl.removeAddress(r, BladeLab.UP_IF, "fe80::254/64");
            bl.removeAddress(r, BladeLab.UP_IF, BladeLab.UPSTREAM_VIP6 + "/64");
        }
        bl.lab().status(bl.client(), "ip", "neigh", "flush", "dev", BladeLab.LAN_IF);
    }
}
