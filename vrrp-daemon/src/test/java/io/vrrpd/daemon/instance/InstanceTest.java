package io.vrrpd.daemon.instance;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.VrrpVersion;
import io.vrrpd.core.packet.Authentication;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.hooks.ReportedState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Instance logic with recording ports: which reported state, and what it asks the outside world to do. */
class InstanceTest {
    private final EventLoop loop = EventLoop.start("test-loop");
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<String> transitions = Collections.synchronizedList(new ArrayList<>());
    /** When set, VIP installation completes only when the test runs {@link #pendingInstall}. */
    private volatile boolean deferInstall;
    private final List<Runnable> pendingInstall = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void close() {
        loop.close();
    }

    private final InstancePorts ports = new InstancePorts() {
        @Override
        public void sendAdvert(int priority, int intervalCs, VrrpVersion version) {
            calls.add("advert " + priority + (version == VrrpVersion.V3 ? "" : " " + version + " " + intervalCs + "cs"));
        }

        @Override
        public void addVirtualAddresses(Runnable installed) {
            calls.add("add-vips");
            if (deferInstall) {
                pendingInstall.add(installed);   // the worker has not got to it yet
            } else {
                installed.run();
            }
        }

        @Override
        public void removeVirtualAddresses() {
            calls.add("remove-vips");
        }

        @Override
        public void announce() {
            calls.add("announce");
        }

        @Override
        public void stopAnnouncing() {
            calls.add("stop-announcing");
        }

        @Override
        public void withdrawRouter() {
            calls.add("withdraw-router");
        }
    };

    private Instance owner() throws Exception {
        InstanceSpec spec = new InstanceSpec("gw4", AddressFamily.IPV4, 51, "eth0", 255, 100, true, 0, true,
                List.of(InetAddress.getByName("192.0.2.1")), List.of(24));
        return new Instance(spec, loop, ports, List.of((i, from, to, reason) -> transitions.add(from + "->" + to)),
                new InstanceCounters());
    }

    @Test
    void aMixedModeOwnerSendsEachAdvertInBothVersionsTheVrrpv2OneInWholeSeconds() throws Exception {
        InstanceSpec spec = new InstanceSpec("gw4", AddressFamily.IPV4, 51, "eth0", 255, 10, true, 0, true,
                List.of(InetAddress.getByName("192.0.2.1")), List.of(24), VrrpVersion.V3, true, 0,
                Authentication.simplePassword("secret12".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        Instance i = new Instance(spec, loop, ports, List.of(), new InstanceCounters());
        onLoop(() -> i.interfaceReady(new byte[] {(byte) 192, 0, 2, 2}, "eth0"));
        onLoop(() -> i.shutdown("stopping"));
        List<String> adverts = calls.stream().filter(c -> c.startsWith("advert")).toList();
        assertEquals(List.of("advert 255", "advert 255 V2 100cs", "advert 0", "advert 0 V2 100cs"), adverts,
                "VRRPv3 first, then VRRPv2 at 100 ms rounded up to 1 s; the release in both");
        assertEquals(4, i.status().counters().advertsSent());
        assertFalse(i.status().toString().contains("secret12"), "the status never carries the password");
    }

    @Test
    void aVrrpv2InstanceSendsVrrpv2Only() throws Exception {
        InstanceSpec spec = new InstanceSpec("gw4", AddressFamily.IPV4, 51, "eth0", 255, 200, true, 0, true,
                List.of(InetAddress.getByName("192.0.2.1")), List.of(24), VrrpVersion.V2, false, 0, Authentication.NONE);
        Instance i = new Instance(spec, loop, ports, List.of(), new InstanceCounters());
        onLoop(() -> i.interfaceReady(new byte[] {(byte) 192, 0, 2, 2}, "eth0"));
        assertEquals(List.of("advert 255 V2 200cs"), calls.stream().filter(c -> c.startsWith("advert")).toList());
    }

    private void onLoop(Runnable r) throws InterruptedException {
        loop.runAndWait(r, 5, TimeUnit.SECONDS);
    }

    @Test
    void withoutHooksTheOwnerReportsMasterAndInstallsAndAnnouncesItsAddresses() throws Exception {
        Instance i = owner();
        onLoop(() -> i.interfaceReady(new byte[] {(byte) 192, 0, 2, 2}, "eth0"));
        assertEquals(ReportedState.MASTER, i.reportedState());
        assertEquals(List.of("INIT->MASTER"), transitions);
        assertTrue(calls.indexOf("add-vips") < calls.indexOf("announce"), calls.toString());
        assertTrue(calls.contains("advert 255"), calls.toString());
    }

    @Test
    void masterIsReportedAndAnnouncedOnlyOnceTheAddressesAreInstalledButTheAdvertGoesOutAtOnce() throws Exception {
        deferInstall = true;
        Instance i = owner();
        onLoop(() -> i.interfaceReady(new byte[] {(byte) 192, 0, 2, 2}, "eth0"));
        assertEquals(List.of("advert 255", "add-vips"), calls.stream().filter(c -> !c.startsWith("stop")).toList());
        assertEquals(ReportedState.INIT, i.reportedState(), "not MASTER while the VIPs are not on the interface");
        assertEquals(1, i.status().counters().masterTransitions());
        onLoop(() -> pendingInstall.remove(0).run());
        assertEquals(ReportedState.MASTER, i.reportedState());
        assertEquals(List.of("INIT->MASTER"), transitions);
        assertTrue(calls.indexOf("add-vips") < calls.indexOf("announce"), calls.toString());
    }

    @Test
    void anInstallationThatCompletesAfterTheMastershipEndedChangesNothing() throws Exception {
        deferInstall = true;
        Instance i = owner();
        onLoop(() -> i.interfaceReady(new byte[] {(byte) 192, 0, 2, 2}, "eth0"));
        onLoop(() -> i.interfaceLost("interface eth0 is down"));
        onLoop(() -> pendingInstall.remove(0).run());
        assertEquals(ReportedState.FAULT, i.reportedState());
        assertFalse(calls.contains("announce"), calls.toString());
        assertTrue(calls.indexOf("add-vips") < calls.indexOf("remove-vips"), calls.toString());
        assertEquals(List.of("INIT->FAULT"), transitions);
    }

    @Test
    void withHooksMasterWaitsForVerifiedEgress() throws Exception {
        Instance i = owner();
        i.hooksBound(true);
        onLoop(() -> i.interfaceReady(new byte[] {(byte) 192, 0, 2, 2}, "eth0"));
        assertEquals(ReportedState.ACTIVATING, i.reportedState());
        assertTrue(calls.contains("add-vips"), calls.toString());
        assertFalse(calls.contains("announce"), "no gratuitous ARP before the hooks' first verdict: " + calls);
        onLoop(() -> i.egressVerdict(false, "neighbour 198.51.100.1 FAILED"));
        assertEquals(1, calls.stream().filter("announce"::equals).count(), "announced once the verdict came: " + calls);
        assertEquals(ReportedState.EGRESS_FAILED, i.reportedState());
        onLoop(() -> i.egressVerdict(true, "default via 198.51.100.1 dev eth1"));
        assertEquals(ReportedState.MASTER, i.reportedState());
        assertEquals(List.of("INIT->ACTIVATING", "ACTIVATING->EGRESS_FAILED", "EGRESS_FAILED->MASTER"), transitions);
        assertEquals("default via 198.51.100.1 dev eth1", i.status().egress().detail());
    }

    @Test
    void anAnnouncedMasterAnnouncesAtOnceWhenASecondMasterShows() throws Exception {
        Instance i = owner();
        i.hooksBound(true);
        onLoop(() -> i.interfaceReady(new byte[] {(byte) 192, 0, 2, 2}, "eth0"));
        onLoop(() -> i.egressVerdict(true, "default via 198.51.100.1 dev eth1"));
        assertEquals(1, calls.stream().filter("announce"::equals).count(), calls.toString());
        calls.clear();
        // a second Master after a partition healed: its losing advert
        onLoop(() -> i.advertReceived(new byte[] {(byte) 192, 0, 2, 3}, 100, 100, VrrpVersion.V3));
        assertEquals(List.of("advert 255", "announce"), calls,
                "the answer, and the hosts it drew hear now, not at the next verification");
        assertEquals(ReportedState.MASTER, i.reportedState());
    }

    @Test
    void shutdownReleasesWithPriorityZeroAndRemovesTheAddresses() throws Exception {
        Instance i = owner();
        onLoop(() -> i.interfaceReady(new byte[] {(byte) 192, 0, 2, 2}, "eth0"));
        calls.clear();
        onLoop(() -> i.shutdown("daemon stopping"));
        assertTrue(calls.contains("advert 0"), calls.toString());
        assertTrue(calls.contains("remove-vips"), calls.toString());
        assertTrue(calls.indexOf("advert 0") < calls.indexOf("withdraw-router")
                && calls.indexOf("withdraw-router") < calls.indexOf("stop-announcing")
                && calls.indexOf("withdraw-router") < calls.indexOf("remove-vips"),
                "priority 0 first, so the backup's takeover follows the final Router Advertisement: " + calls);
        assertEquals(ReportedState.INIT, i.reportedState());
        assertEquals(1, i.status().counters().priorityZeroSent());
    }

    @Test
    void aMasterThatABetterRouterPreemptsWithdrawsNothingTheNewMasterAdvertisesTheSameAddress() throws Exception {
        InstanceSpec spec = new InstanceSpec("gw4", AddressFamily.IPV4, 51, "eth0", 100, 10, true, 0, true,
                List.of(InetAddress.getByName("192.0.2.1")), List.of(24));
        Instance i = new Instance(spec, loop, ports, List.of(), new InstanceCounters());
        onLoop(() -> i.interfaceReady(new byte[] {(byte) 192, 0, 2, 2}, "eth0"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> i.reportedState() == ReportedState.MASTER);
        calls.clear();
        onLoop(() -> i.advertReceived(new byte[] {(byte) 192, 0, 2, 3}, 200, 10, VrrpVersion.V3));
        assertEquals(ReportedState.BACKUP, i.reportedState());
        assertTrue(calls.contains("remove-vips"), calls.toString());
        assertFalse(calls.contains("withdraw-router"), calls.toString());
    }

    @Test
    void aLostInterfaceIsAFaultWithTheReason() throws Exception {
        Instance i = owner();
        onLoop(() -> i.interfaceReady(new byte[] {(byte) 192, 0, 2, 2}, "eth0"));
        onLoop(() -> i.interfaceLost("interface eth0 is down"));
        assertEquals(ReportedState.FAULT, i.reportedState());
        assertEquals("interface eth0 is down", i.status().lastTransition().reason());
        assertTrue(calls.contains("remove-vips"), calls.toString());
    }
}
