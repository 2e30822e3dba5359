package io.vrrpd.daemon.migrate;

import static io.vrrpd.daemon.migrate.KeepalivedFixtures.item;
import static io.vrrpd.daemon.migrate.KeepalivedFixtures.items;
import static io.vrrpd.daemon.migrate.KeepalivedFixtures.load;
import static io.vrrpd.daemon.migrate.KeepalivedFixtures.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.VrrpVersion;
import io.vrrpd.core.packet.Authentication;
import io.vrrpd.daemon.config.ConfigLoader;
import io.vrrpd.daemon.config.ConfigProblem;
import io.vrrpd.daemon.config.ConfigReport;
import io.vrrpd.daemon.config.Host;
import io.vrrpd.daemon.config.InstanceConfig;
import io.vrrpd.hooks.builtin.HeldAddress;
import io.vrrpd.daemon.config.TrackerConfig;
import io.vrrpd.daemon.config.InterfaceDirectory;
import io.vrrpd.daemon.config.TestLinks;
import io.vrrpd.daemon.config.VirtualAddress;
import io.vrrpd.daemon.config.VrrpdConfig;
import io.vrrpd.hooks.kernel.Address;
import io.vrrpd.hooks.kernel.Link;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * keepalived.conf files as most pairs run them, VRRPv2 by default (the files are the project's
 * own, with the constructs found in public deployments): what keepalived would run is what is
 * converted, VRRPv2 and PASS included; what it does its own way is converted as it behaves; what
 * vrrpd cannot hold is left out and said, never moved or invented.
 */
class ImportKeepalivedV2Test {

    private static List<String> addresses(InstanceConfig i) {
        return i.virtualAddresses().stream().map(VirtualAddress::toString).toList();
    }

    private static Authentication pass(String p) {
        return Authentication.simplePassword(p.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aStockPairWithoutVrrpVersionIsVrrpv2ForIpv4WithItsPasswordAndSaysSoOnce() throws Exception {
        var r = KeepalivedImporter.importFile(resource("v2-stock-pair.conf"));
        assertEquals(List.of(
                "v2-stock-pair.conf:4 router_id lb-a",
                "v2-stock-pair.conf:7 vrrp_instance LAN4",
                "v2-stock-pair.conf:8 state BACKUP",
                "v2-stock-pair.conf:23 state BACKUP",
                "v2-stock-pair.conf:34 state BACKUP"), items(r));
        assertTrue(item(r, "vrrp_instance LAN4").message().startsWith("no vrrp_version: keepalived speaks VRRPv2"),
                "the long text once for the file, not once per instance");

        VrrpdConfig c = load(r.yaml());
        InstanceConfig lan4 = c.instances().get("lan4");
        assertEquals(VrrpVersion.V2, lan4.version());
        assertEquals(100, lan4.advertIntervalCentis());
        assertEquals(pass("Lan4Pass"), lan4.authentication());
        InstanceConfig up4 = c.instances().get("up4");
        assertEquals(VrrpVersion.V2, up4.version());
        assertEquals(300, up4.advertIntervalCentis(), "advert_int 3: whole seconds, as keepalived sends them");
        assertEquals(Authentication.NONE, up4.authentication());
        InstanceConfig lan6 = c.instances().get("lan6");
        assertEquals(AddressFamily.IPV6, lan6.family());
        assertEquals(VrrpVersion.V3, lan6.version(), "IPv6 is VRRPv3, for keepalived and vrrpd");
        assertTrue(r.yaml().contains("    version: 2   # keepalived speaks VRRPv2 for this instance\n"), r.yaml());
        assertFalse(r.yaml().contains("version: 3"), "VRRPv3 is the default: written nowhere");
    }

    @Test
    void versionsComeFromTheInstanceThenGlobalDefsAndWhatVrrpv2CannotCarryIsConvertedAsKeepalivedSendsIt()
            throws Exception {
        var r = KeepalivedImporter.importFile(resource("v2-versions.conf"));
        assertEquals(List.of(
                "v2-versions.conf:4 router_id lb-b",
                "v2-versions.conf:15 auth_type PASS",
                "v2-versions.conf:28 advert_int 0.5",
                "v2-versions.conf:31 auth_pass (not shown)",
                "v2-versions.conf:45 auth_type AH"), items(r));
        assertTrue(item(r, "auth_type PASS").message().startsWith("keepalived ignores authentication on a VRRPv3"));
        assertTrue(item(r, "advert_int 0.5").message().contains("keepalived sends 1s for it"));
        assertTrue(item(r, "auth_pass (not shown)").message().contains("keepalived sends its first 8"));
        assertTrue(item(r, "auth_type AH").message().contains("does not implement IP Authentication Header"));
        assertFalse(r.reported().toString().contains("TooLong"), "no report shows a password");

        VrrpdConfig c = load(r.yaml());
        InstanceConfig fast3 = c.instances().get("fast3");
        assertEquals(VrrpVersion.V3, fast3.version(), "vrrp_version 3 in global_defs");
        assertEquals(10, fast3.advertIntervalCentis());
        assertEquals(Authentication.NONE, fast3.authentication());
        InstanceConfig old2 = c.instances().get("old2");
        assertEquals(VrrpVersion.V2, old2.version(), "version 2 in the instance wins over global_defs");
        assertEquals(100, old2.advertIntervalCentis(), "0.5 s rounded to the 1 s keepalived sends");
        assertEquals(pass("TooLongP"), old2.authentication(), "the 8 bytes keepalived sends");
        InstanceConfig ah2 = c.instances().get("ah2");
        assertEquals(VrrpVersion.V2, ah2.version());
        assertEquals(Authentication.NONE, ah2.authentication());
    }

    @Test
    void addressesOnOtherDevicesAndExcludedOnesBecomeHeldAddressesNotARouterKeepalivedDidNotRun() throws Exception {
        var r = KeepalivedImporter.importFile(resource("v2-other-devices.conf"));
        assertEquals(List.of(
                "v2-other-devices.conf:4 vrrp_instance EDGE",
                "v2-other-devices.conf:5 state BACKUP",
                "v2-other-devices.conf:16 virtual_ipaddress 203.0.113.5/24 dev eth1"), items(r));
        assertTrue(item(r, "virtual_ipaddress 203.0.113.5/24 dev eth1").message()
                .contains("converted to held-addresses on eth1: held while master, as keepalived does, but not listed"));

        VrrpdConfig c = load(r.yaml());
        assertEquals(List.of("edge"), List.copyOf(c.instances().keySet()), "no IPv6 router for the excluded addresses");
        assertTrue(c.syncGroups().isEmpty());
        InstanceConfig edge = c.instances().get("edge");
        assertEquals(List.of("192.0.2.71/24"), addresses(edge), "203.0.113.5 stays off eth0");
        assertEquals(List.of(new HeldAddress(InetAddress.getByName("203.0.113.5"), 24, "eth1"),
                new HeldAddress(InetAddress.getByName("fe80::71"), 64, "eth1"),
                new HeldAddress(InetAddress.getByName("fe80::72"), 64, "lan0")), edge.heldAddresses());
        assertEquals(pass("edge0071"), edge.authentication());

        // on the router, where eth1 has no address of its own in 203.0.113.0/24, the default route's gateway
        // is on-link through the held 203.0.113.5/24, as it was under keepalived
        Link eth0 = TestLinks.link("eth0", 2, "52:54:00:00:00:01");
        Link eth1 = TestLinks.link("eth1", 3, "52:54:00:00:00:02");
        Link lan0 = TestLinks.link("lan0", 4, "52:54:00:00:00:03");
        InterfaceDirectory router = InterfaceDirectory.of(List.of(eth0, eth1, lan0), Map.of(
                2, List.of(address(2, "192.0.2.2", 24)), 3, List.of(address(3, "198.51.100.2", 24)), 4, List.of()));
        ConfigReport onRouter = ConfigLoader.withBuiltInHooks().check(Path.of("vrrpd.yaml"), r.yaml(), Host.of(router));
        assertEquals(List.of(), onRouter.problems(), onRouter.problems()::toString);
        // without lan0 the instance is refused, naming the device
        InterfaceDirectory noLan = InterfaceDirectory.of(List.of(eth0, eth1), Map.of(
                2, List.of(address(2, "192.0.2.2", 24)), 3, List.of(address(3, "198.51.100.2", 24))));
        ConfigReport without = ConfigLoader.withBuiltInHooks().check(Path.of("vrrpd.yaml"), r.yaml(), Host.of(noLan));
        assertTrue(without.problems().stream().map(ConfigProblem::path).toList()
                .contains("instances.edge.held-addresses[2].interface"), without.problems()::toString);
    }

    private static Address address(int ifindex, String ip, int prefix) throws Exception {
        return new Address(ifindex, InetAddress.getByName(ip), prefix, 0, Set.of());
    }

    @Test
    void constructsKeepalivedReadsItsOwnWayAreConvertedAsItBehaves() throws Exception {
        var r = KeepalivedImporter.importFile(resource("v2-behaviours.conf"));
        assertEquals(List.of(
                "v2-behaviours.conf:6 router_id fw-a",
                "v2-behaviours.conf:7 notify_fifo /run/keepalived/notify.fifo",
                "v2-behaviours.conf:10 vrrp_script chk_proxy",
                "v2-behaviours.conf:15 vrrp_instance INSIDE",
                "v2-behaviours.conf:16 state MASTER",
                "v2-behaviours.conf:17 nopreempt",
                "v2-behaviours.conf:32 notify_master \"/etc/conntrackd/primary-backup.sh primary\"",
                "v2-behaviours.conf:33 notify_backup \"/etc/conntrackd/primary-backup.sh backup\"",
                "v2-behaviours.conf:34 notify_fault \"/etc/conntrackd/primary-backup.sh fault\"",
                "v2-behaviours.conf:38 state SLAVE"), items(r));
        assertTrue(item(r, "nopreempt").message().contains("keepalived clears nopreempt"));
        assertTrue(item(r, "vrrp_script chk_proxy").message().contains("converted to a process tracker"));
        assertTrue(item(r, "notify_master \"/etc/conntrackd/primary-backup.sh primary\"").message()
                .contains("this one sets no route"));
        assertTrue(item(r, "notify_fifo /run/keepalived/notify.fifo").message().contains("vrrpctl watch"));
        assertTrue(item(r, "notify_fifo /run/keepalived/notify.fifo").message().contains("exec hook"));
        assertTrue(item(r, "state SLAVE").message().startsWith("not a keepalived state: keepalived reads it as BACKUP"));
        assertFalse(r.yaml().contains("# Templates for notify scripts"), "conntrackd's script sets no route");

        VrrpdConfig c = load(r.yaml());
        InstanceConfig inside = c.instances().get("inside");
        assertTrue(inside.preempt(), "MASTER with nopreempt preempts in keepalived, so it does here");
        assertEquals(List.of("up0"), inside.trackInterfaces(), "the weighted eth1 is not made FAULT");
        assertEquals(List.of(new TrackerConfig.Interface("up0", 0), new TrackerConfig.Interface("eth1", 2),
                new TrackerConfig.Process("haproxy", 0)), inside.trackers(),
                "eth1 adds 2 while up; the unweighted script (pgrep -x haproxy) puts it in FAULT while haproxy is gone");
        assertEquals(100, c.instances().get("outside").priority());
    }

    @Test
    void strictModeSendsNoAuthenticationSoNoneIsConverted() throws Exception {
        var r = KeepalivedImporter.importText(Path.of("inline.conf"), """
                global_defs {
                    vrrp_strict
                }
                vrrp_instance S {
                    interface eth0
                    virtual_router_id 9
                    priority 255
                    authentication {
                        auth_type PASS
                        auth_pass strict99
                    }
                    virtual_ipaddress {
                        192.0.2.9
                    }
                }
                """);
        assertTrue(item(r, "auth_type PASS").message().startsWith("keepalived in strict mode ignores authentication"));
        InstanceConfig s = load(r.yaml()).instances().get("s");
        assertEquals(VrrpVersion.V2, s.version());
        assertEquals(Authentication.NONE, s.authentication());
        assertFalse(r.yaml().contains("strict99"), r.yaml());
    }

    @Test
    void aDefaultGatewayTemplateIsWrittenOnlyForANotifyScriptThatSetsRoutes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("gw-up.sh"), "#!/bin/sh\n[ \"$3\" = MASTER ] && ip -4 route replace default via"
                + " 198.51.100.1 dev eth1\n");
        Files.writeString(dir.resolve("sync.sh"), "#!/bin/sh\n/usr/sbin/conntrackd -c\n/usr/sbin/conntrackd -B\n");
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, """
                vrrp_instance A {
                    interface eth0
                    virtual_router_id 1
                    virtual_ipaddress {
                        192.0.2.1/24
                    }
                    notify gw-up.sh
                }
                vrrp_instance B {
                    interface eth0
                    virtual_router_id 2
                    virtual_ipaddress {
                        192.0.2.2/24
                    }
                    notify sync.sh
                    notify_master /etc/keepalived/no-such-default-route.sh
                }
                """);
        var r = KeepalivedImporter.importFile(conf);
        String tail = r.yaml().substring(r.yaml().indexOf("# Templates for notify scripts"));
        assertTrue(tail.contains("#    instances: [a]\n"), tail);
        assertTrue(tail.contains("#    instances: [b]\n"), "a script that cannot be read is judged by its name: " + tail);
        assertTrue(item(r, "notify sync.sh").message().contains("this one sets no route"));
        assertTrue(item(r, "notify gw-up.sh").message().contains("For default routes use a default-gateway hook"));
    }
}
