package io.vrrpd.daemon.runtime;

import io.vrrpd.daemon.instance.Instance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static io.vrrpd.daemon.runtime.RuntimeOnFakes.BOUND;
import static io.vrrpd.daemon.runtime.RuntimeOnFakes.LAN0;
import static io.vrrpd.daemon.runtime.RuntimeOnFakes.MASTER_DOWN;
import static io.vrrpd.daemon.runtime.RuntimeOnFakes.UP0;
import static io.vrrpd.daemon.runtime.RuntimeOnFakes.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime's reactions to the kernel, on a fake kernel and a clock the test moves: no root, no network. */
class DaemonRuntimeTest {
    private RuntimeOnFakes fakes;

    @AfterEach
    void close() {
        if (fakes != null) {
            fakes.close();
        }
    }

    @Test
    void aVipDeletedBySomeoneElseWhileMasterIsRestoredAndCounted() throws Exception {
        fakes = new RuntimeOnFakes();
        InetAddress vip = ip("192.0.2.1");
        fakes.apply("""
                instances:
                  gw4: {family: ipv4, interface: lan0, vrid: 51, priority: 255, virtual-addresses: [192.0.2.1/24]}
                """);
        fakes.loop.runUntil(() -> fakes.state("gw4").equals("MASTER") && fakes.kernel.has(LAN0, vip), BOUND);

        fakes.loop.runAndWait(() -> fakes.runtime.onKernelEvent(fakes.kernel.removeBehindOurBack(LAN0, vip)), 1,
                java.util.concurrent.TimeUnit.SECONDS);
        fakes.loop.runUntil(() -> fakes.kernel.has(LAN0, vip), BOUND);
        assertEquals(1, fakes.instance("gw4").counters().vipsRestored());
        assertEquals(1, fakes.board.instance("gw4").counters().vipsRestored(), "operators see it in status");
        assertEquals("MASTER", fakes.state("gw4"), "restoring is not a transition");
    }

    @Test
    void aVipDeletedWhileBackupIsLeftAlone() throws Exception {
        fakes = new RuntimeOnFakes();
        InetAddress vip = ip("192.0.2.1");
        fakes.apply("""
                instances:
                  gw4: {family: ipv4, interface: lan0, vrid: 51, priority: 100, virtual-addresses: [192.0.2.1/24]}
                """);
        assertEquals("BACKUP", fakes.state("gw4"));
        fakes.kernel.addOwnAddress(LAN0, vip, 24);   // an operator's, while we are backup
        fakes.loop.runAndWait(() -> fakes.runtime.onKernelEvent(fakes.kernel.removeBehindOurBack(LAN0, vip)), 1,
                java.util.concurrent.TimeUnit.SECONDS);
        fakes.loop.runPending();
        assertFalse(fakes.kernel.has(LAN0, vip), "a backup holds no VIP, so none is put back");
        assertEquals(0, fakes.instance("gw4").counters().vipsRestored());
    }

    @Test
    void anInterfaceRenamedWhileBoundByNameIsAFaultNamingTheNewName() throws Exception {
        fakes = new RuntimeOnFakes();
        fakes.apply("""
                instances:
                  gw4: {family: ipv4, interface: lan0, vrid: 51, virtual-addresses: [192.0.2.1/24]}
                  gw6: {family: ipv6, interface: {mac: "52:54:00:00:00:02"}, vrid: 51, virtual-addresses: [fe80::1/64]}
                """);
        assertEquals("BACKUP", fakes.state("gw4"));
        assertEquals("BACKUP", fakes.state("gw6"));

        fakes.loop.runAndWait(() -> fakes.runtime.onKernelEvent(fakes.kernel.rename(LAN0, "enp3s0")), 1,
                java.util.concurrent.TimeUnit.SECONDS);
        Instance byName = fakes.instance("gw4");
        assertEquals("FAULT", byName.reportedState().name());
        String reason = byName.status().lastTransition().reason();
        assertTrue(reason.contains("lan0 was renamed to enp3s0"), reason);
        assertTrue(reason.contains("{mac: \"52:54:00:00:00:02\"}"), "says how to follow renames: " + reason);
        assertEquals("BACKUP", fakes.state("gw6"), "the instance bound by MAC follows the rename");
        assertEquals("enp3s0", fakes.instance("gw6").status().interfaceName());

        fakes.loop.runAndWait(() -> fakes.runtime.onKernelEvent(fakes.kernel.rename(LAN0, "lan0")), 1,
                java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("BACKUP", fakes.state("gw4"), "renamed back: it starts over");
    }

    @Test
    void afterARebootThatRenamedItsInterfaceAnInstanceBoundByNameStartsInFaultNamingTheNewName(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path stateDir) throws Exception {
        String config = """
                instances:
                  gw4: {family: ipv4, interface: lan0, vrid: 51, virtual-addresses: [192.0.2.1/24]}
                  gw6: {family: ipv6, interface: {mac: "52:54:00:00:00:02"}, vrid: 51, virtual-addresses: [fe80::1/64]}
                """;
        fakes = new RuntimeOnFakes();
        fakes.runtime.keepInterfaceStateIn(stateDir);
        fakes.applyAsDaemon(config);
        assertEquals("BACKUP", fakes.state("gw4"));
        fakes.close();

        // the reboot: the same NIC (same MAC) comes back as enp3s0
        fakes = new RuntimeOnFakes();
        fakes.kernel.rename(LAN0, "enp3s0");
        assertFalse(fakes.check(config).valid(), "vrrpd --check says the interface is missing");
        assertTrue(fakes.check(config).problems().get(0).message().contains("interface \"lan0\" does not exist"));
        fakes.runtime.keepInterfaceStateIn(stateDir);
        fakes.applyAsDaemon(config);
        Instance byName = fakes.instance("gw4");
        assertEquals("FAULT", byName.reportedState().name(), "the daemon starts, with that instance in FAULT");
        String reason = byName.status().lastTransition().reason();
        assertTrue(reason.contains("lan0 does not exist; it had MAC 52:54:00:00:00:02 when last seen, which enp3s0 has now"),
                reason);
        assertTrue(reason.contains("enp3s0 (52:54:00:00:00:02)"), "names what is present: " + reason);
        assertEquals("BACKUP", fakes.state("gw6"), "the instance bound by MAC serves");
    }

    @Test
    void withoutWhatTheLastRunSawTheFaultNamesWhatIsPresent() throws Exception {
        fakes = new RuntimeOnFakes();
        fakes.kernel.rename(LAN0, "enp3s0");
        fakes.applyAsDaemon("""
                instances:
                  gw4: {family: ipv4, interface: lan0, vrid: 51, virtual-addresses: [192.0.2.1/24]}
                """);
        String reason = fakes.instance("gw4").status().lastTransition().reason();
        assertEquals("FAULT", fakes.state("gw4"));
        assertTrue(reason.startsWith("interface lan0 does not exist (present: "), reason);
        assertTrue(reason.contains("enp3s0 (52:54:00:00:00:02)"), reason);
    }

    @Test
    void aSyncGroupMateInFaultHoldsTheOthersAtPriorityOne() throws Exception {
        fakes = new RuntimeOnFakes();
        fakes.kernel.setUp(UP0, false);
        fakes.apply("""
                instances:
                  gw4: {family: ipv4, interface: lan0, vrid: 51, priority: 150, virtual-addresses: [192.0.2.1/24]}
                  up4: {family: ipv4, interface: up0, vrid: 52, priority: 150, virtual-addresses: [198.51.100.1/24]}
                sync-groups:
                  gw: {members: [gw4, up4]}
                """);
        assertEquals("FAULT", fakes.state("up4"));
        assertEquals(1, fakes.advertised("gw4"), "held at 1 so the peer's group takes over both");
        assertEquals(1, fakes.board.instance("gw4").effectivePriority());
        assertEquals("FAULT", fakes.board.snapshot().syncGroups().get(0).state());
        fakes.loop.advance(MASTER_DOWN);
        assertEquals(1, fakes.advertised("gw4"), "a master held by its group still advertises 1");

        fakes.loop.runAndWait(() -> fakes.runtime.onKernelEvent(fakes.kernel.setUp(UP0, true)), 1,
                java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("BACKUP", fakes.state("up4"));
        assertEquals(150, fakes.advertised("gw4"), "released once the mate is healthy again");
    }

    @Test
    void anInstanceWaitingForItsLinkLocalAddressStartsOnceDadIsDone() throws Exception {
        fakes = new RuntimeOnFakes();
        InetAddress linkLocal = ip("fe80::2");
        fakes.kernel.startDad(LAN0, linkLocal);   // the link just came up: DAD runs for about a second
        fakes.apply("""
                instances:
                  gw4: {family: ipv4, interface: lan0, vrid: 51, virtual-addresses: [192.0.2.1/24]}
                  gw6: {family: ipv6, interface: lan0, vrid: 51, virtual-addresses: [fe80::1/64]}
                """);
        assertEquals("FAULT", fakes.state("gw6"));
        assertEquals("interface lan0 has no IPv6 link-local address",
                fakes.instance("gw6").status().lastTransition().reason());
        assertEquals("BACKUP", fakes.state("gw4"));

        fakes.loop.runAndWait(() -> fakes.runtime.onKernelEvent(fakes.kernel.finishDad(LAN0, linkLocal)), 1,
                java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("BACKUP", fakes.state("gw6"), "packet I/O reopened with the address as its IPv6 source");
        assertEquals("BACKUP", fakes.state("gw4"), "its neighbour on the interface is not restarted");
        assertEquals(List.of("lan0", "lan0"), fakes.packets.opened);
    }
}
