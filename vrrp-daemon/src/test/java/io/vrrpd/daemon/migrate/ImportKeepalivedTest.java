package io.vrrpd.daemon.migrate;

import io.vrrpd.core.IpText;
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
import io.vrrpd.daemon.config.HookEntry;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig;
import io.vrrpd.hooks.builtin.RoutesConfig;
import io.vrrpd.daemon.config.InstanceConfig;
import io.vrrpd.hooks.kernel.InterfaceSelector;
import io.vrrpd.daemon.config.VirtualAddress;
import io.vrrpd.daemon.config.VrrpdConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Realistic keepalived.conf files converted, and the result loaded with vrrpd's own loader. */
class ImportKeepalivedTest {

    private static List<String> addresses(InstanceConfig i) {
        return i.virtualAddresses().stream().map(VirtualAddress::toString).toList();
    }

    @Test
    void bytemarkBladeKeepsTheRouterKeepalivedRunsAndSplitsNothingOff() throws Exception {
        var r = KeepalivedImporter.importFile(resource("bytemark.conf"));
        assertEquals(List.of(
                "bytemark.conf:4 router_id blade-a",
                "bytemark.conf:7 vrrp_instance GW",
                "bytemark.conf:8 state MASTER",
                "bytemark.conf:15 virtual_ipaddress 2001:db8:1::1/64",
                "bytemark.conf:18 notify /etc/keepalived/default-routes.sh"), items(r));
        assertEquals(1, r.exitCode());
        assertTrue(item(r, "notify /etc/keepalived/default-routes.sh").message().contains("default-gateway hook"));
        assertTrue(item(r, "vrrp_instance GW").message().startsWith("no vrrp_version: keepalived speaks VRRPv2"));
        // keepalived 2.x runs GW as an IPv4 router only: the IPv6 address is ignored, and no IPv6 router is made up
        assertTrue(item(r, "virtual_ipaddress 2001:db8:1::1/64").message().contains("keepalived ignores it"));
        assertTrue(item(r, "virtual_ipaddress 2001:db8:1::1/64").message().contains("No IPv6 instance is made"));

        VrrpdConfig c = load(r.yaml());
        assertEquals(List.of("gw"), List.copyOf(c.instances().keySet()));
        InstanceConfig v4 = c.instances().get("gw");
        assertEquals(AddressFamily.IPV4, v4.family());
        assertEquals(VrrpVersion.V2, v4.version(), "no vrrp_version: keepalived speaks VRRPv2");
        assertEquals(new InterfaceSelector.ByName("eth0"), v4.interfaceSelector());
        assertEquals(51, v4.vrid());
        assertEquals(150, v4.priority());
        assertEquals(100, v4.advertIntervalCentis());
        assertEquals(List.of("192.0.2.1/24"), addresses(v4));
        assertTrue(c.syncGroups().isEmpty());
        assertTrue(c.hooks().isEmpty());
        // the routes the notify script set get a commented default-gateway template for the instance
        String tail = r.yaml().substring(r.yaml().indexOf("# Templates for notify scripts"));
        assertTrue(tail.contains("#  - type: default-gateway   # from the notify script at bytemark.conf:18\n"
                + "#    instances: [gw]\n#    gateway: GATEWAY   # the IPv4 next hop\n#    interface: UPLINK\n"), tail);
    }

    @Test
    void reportIsAtTheTopOfTheYamlAsComments() throws Exception {
        var r = KeepalivedImporter.importFile(resource("bytemark.conf"));
        String head = r.yaml().substring(0, r.yaml().indexOf("instances:"));
        assertTrue(head.contains("# NOT CONVERTED (5 items)"), head);
        for (Reported i : r.reported()) {
            assertTrue(head.contains("#   " + i + "\n"), () -> i + " missing from\n" + head);
        }
        assertTrue(head.contains("vrrp_instance GW -> instance gw"), head);
        head.lines().forEach(l -> assertTrue(l.isEmpty() || l.startsWith("#"), l));
    }

    @Test
    void syncGroupWithEverythingConvertibleReportsNothing() throws Exception {
        var r = KeepalivedImporter.importFile(resource("sync-group.conf"));
        assertEquals(List.of(), items(r));
        assertEquals(0, r.exitCode());
        assertTrue(r.yaml().contains("# Everything was converted."));

        VrrpdConfig c = load(r.yaml());
        assertEquals(List.of("v4_lan", "v6_lan"), c.syncGroups().get("edge").members());
        InstanceConfig v4 = c.instances().get("v4_lan");
        assertEquals(AddressFamily.IPV4, v4.family());
        assertEquals(new InterfaceSelector.ByName("lan0"), v4.interfaceSelector());
        assertEquals(10, v4.vrid());
        assertEquals(200, v4.priority());
        assertEquals(10, v4.advertIntervalCentis()); // advert_int 0.1
        assertFalse(v4.preempt());                    // nopreempt
        assertEquals(Duration.ofSeconds(30), v4.preemptDelay());
        assertEquals(Duration.ofSeconds(1), v4.garp().masterDelay()); // from global_defs
        assertEquals(3, v4.garp().masterRepeat());
        assertEquals(Optional.of(Duration.ofSeconds(60)), v4.garp().masterRefresh());
        assertEquals(List.of("up0"), v4.trackInterfaces());
        assertEquals(List.of("192.0.2.1/24", "192.0.2.2/32"), addresses(v4));
        InstanceConfig v6 = c.instances().get("v6_lan");
        assertEquals(AddressFamily.IPV6, v6.family());
        assertTrue(v6.preempt());
        // keepalived listed the link-local second; vrrpd needs it first
        assertEquals(List.of("fe80::10/64", "2001:db8:1::1/64"), addresses(v6));
        assertFalse(r.yaml().contains("PLACEHOLDER"));
    }

    @Test
    void defaultRoutesBecomeDefaultGatewayHooksBoundToTheInstanceOfTheirFamily() throws Exception {
        var r = KeepalivedImporter.importFile(resource("routes.conf"));
        assertEquals(List.of(
                "routes.conf:12 virtual_ipaddress fe80::20/64",
                "routes.conf:13 virtual_ipaddress 2001:db8:20::1/64",
                "routes.conf:17 virtual_routes ::/0 via 2001:db8:ff::1 dev up0 metric 10",
                "routes.conf:30 virtual_routes 0.0.0.0/0 via 198.51.100.5 dev up0 table 100 src 192.0.2.21",
                "routes.conf:31 virtual_routes ::/0 via 2001:db8:ff::2 dev up0",
                "routes.conf:32 virtual_routes default via 198.51.100.6"), items(r));
        assertTrue(item(r, "virtual_routes 0.0.0.0/0 via 198.51.100.5 dev up0 table 100 src 192.0.2.21")
                .message().contains("not carried over: src 192.0.2.21"));
        assertTrue(item(r, "virtual_routes ::/0 via 2001:db8:ff::2 dev up0").message().contains("no IPv6 instance is"
                + " made up for it (keepalived runs none): converted to a routes hook"));
        assertTrue(item(r, "virtual_routes default via 198.51.100.6").message().contains("with the uplink as dev it"
                + " would be a default-gateway hook"));

        VrrpdConfig c = load(r.yaml());
        assertEquals(List.of("mixed", "only4"), List.copyOf(c.instances().keySet()));
        assertEquals(50, c.instances().get("mixed").advertIntervalCentis());
        assertEquals(List.of("192.0.2.20/24"), addresses(c.instances().get("mixed")));
        assertEquals(4, c.hooks().size());
        assertHook(c, "mixed", "198.51.100.1", 254, 0);
        assertHook(c, "only4", "198.51.100.5", 100, 0);
        // every other route keepalived installs for the instance, in a routes hook bound to it
        assertEquals(List.of(new RoutesConfig.Route("default", "2001:db8:ff::1", "up0", null, "10", null),
                new RoutesConfig.Route("203.0.113.0/24", "198.51.100.9", "up0", null, null, null)),
                c.hooksOf("mixed").get(1).config(RoutesConfig.class).routes());
        assertEquals(List.of(new RoutesConfig.Route("default", "2001:db8:ff::2", "up0", null, null, null),
                new RoutesConfig.Route("default", "198.51.100.6", null, null, null, null)),
                c.hooksOf("only4").get(1).config(RoutesConfig.class).routes());
    }

    private static void assertHook(VrrpdConfig c, String instance, String gateway, long table, long metric) {
        List<HookEntry> hooks = c.hooksOf(instance);
        assertEquals(2, hooks.size(), () -> instance + ": " + hooks);
        assertEquals("default-gateway", hooks.get(0).type());
        assertEquals("routes", hooks.get(1).type());
        assertEquals(List.of(instance), hooks.get(0).instances());
        DefaultGatewayConfig h = hooks.get(0).config(DefaultGatewayConfig.class);
        assertEquals(gateway, IpText.format(h.gateway()));
        assertEquals(new InterfaceSelector.ByName("up0"), h.uplink());
        assertEquals(table, h.table());
        assertEquals(metric, h.metric());
    }

    @Test
    void aUnicastSourceWithoutPeersIsReportedAndTheResultStillLoads() throws Exception {
        var r = KeepalivedImporter.importFile(resource("unicast-source-only.conf"));
        assertEquals(List.of("unicast-source-only.conf:10 unicast_src_ip 192.0.2.11"), items(r));
        assertTrue(item(r, "unicast_src_ip 192.0.2.11").message().contains("multicast"));
        assertFalse(r.yaml().contains("unicast-source:"), r.yaml());
        InstanceConfig i = load(r.yaml()).instances().values().iterator().next();
        assertEquals(62, i.vrid());
    }

    @Test
    void acceptModeOffIsReportedNotPromised() throws Exception {
        var r = KeepalivedImporter.importFile(resource("strict-no-accept.conf"));
        assertEquals(List.of(
                "strict-no-accept.conf:2 vrrp_strict",
                "strict-no-accept.conf:11 no_accept"), items(r));
        assertTrue(item(r, "no_accept").message().contains("does not enforce accept mode off"));
        assertTrue(item(r, "vrrp_strict").message().contains("firewall rule"));
        assertFalse(r.yaml().contains("accept-mode"), r.yaml());
        assertTrue(load(r.yaml()).instances().values().iterator().next().acceptMode(), r.yaml());
    }

    @Test
    void unicastAndPassAuthenticationOfAVrrpv2InstanceAreConvertedAndWeightedScriptsToo() throws Exception {
        var r = KeepalivedImporter.importFile(resource("unicast-auth.conf"));
        assertEquals(List.of(
                "unicast-auth.conf:1 vrrp_script chk_haproxy",
                "unicast-auth.conf:7 vrrp_instance VI_1",
                "unicast-auth.conf:8 state BACKUP",
                "unicast-auth.conf:13 vrrp_version 2"), items(r));
        assertTrue(item(r, "vrrp_version 2").message().contains("Unknown keyword 'vrrp_version'"));
        assertTrue(item(r, "vrrp_script chk_haproxy").message().contains("converted to a process tracker"));

        VrrpdConfig c = load(r.yaml());
        InstanceConfig i = c.instances().get("vi_1");
        assertEquals(42, i.vrid());
        assertEquals(List.of(new io.vrrpd.daemon.config.TrackerConfig.Process("haproxy", 2)), i.trackers(),
                "killall -0 haproxy with weight 2: 2 added while haproxy runs");
        assertEquals(100, i.priority());
        assertEquals(VrrpVersion.V2, i.version());
        assertEquals(Authentication.simplePassword("s3cret".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                i.authentication(), "keepalived's PASS password, as it sends it");
        assertEquals(List.of("192.0.2.10/24"), addresses(i));
        assertEquals(List.of(ip("192.0.2.12")), i.unicast().peers());
        assertEquals(Optional.of(ip("192.0.2.11")), i.unicast().source());
        assertTrue(r.yaml().contains("    unicast-peers: [192.0.2.12]\n    unicast-source: 192.0.2.11\n"), r.yaml());
        assertFalse(r.reported().toString().contains("s3cret"), "the report never shows the password");
    }

    @Test
    void unicastPeersOfTheInstancesFamilyAreKeptWithTheirTtlBoundsAndWhatVrrpdRefusesIsReported() throws Exception {
        var r = KeepalivedImporter.importFile(resource("unicast-mixed.conf"));
        assertEquals(List.of(
                "unicast-mixed.conf:13 unicast_ttl 10",
                "unicast-mixed.conf:16 unicast_peer fe80::12",
                "unicast-mixed.conf:17 unicast_peer 2001:db8:1::12",
                "unicast-mixed.conf:19 unicast_peer 192.0.2.12",
                "unicast-mixed.conf:23 virtual_ipaddress fe80::1/64",
                "unicast-mixed.conf:24 virtual_ipaddress 2001:db8:1::1/64",
                "unicast-mixed.conf:28 converted instances.only4.unicast-peers[1]",
                "unicast-mixed.conf:33 unicast_peer 2001:db8:2::12",
                "unicast-mixed.conf:49 virtual_ipaddress fe80::53/64"), items(r).stream().sorted().toList());
        assertTrue(item(r, "unicast_peer 2001:db8:2::12").message().contains("keepalived skips it"));
        assertTrue(item(r, "converted instances.only4.unicast-peers[1]").message()
                .contains("224.0.0.18 is a multicast address"), r.reported().toString());

        String yaml = r.yaml().replace(", \"224.0.0.18\"", "").replace(", 224.0.0.18", "");
        VrrpdConfig c = load(yaml);
        InstanceConfig gw = c.instances().get("gw");
        assertEquals(List.of(ip("192.0.2.12"), ip("192.0.2.13")), gw.unicast().peers());
        assertEquals(1, gw.unicast().entries().get(1).minTtl(), "min_ttl 1 is kept as min-ttl");
        assertEquals(255, gw.unicast().entries().get(1).maxTtl());
        assertTrue(yaml.contains("{address: 192.0.2.13, min-ttl: 1}"), yaml);
        assertEquals(Optional.of(ip("192.0.2.11")), gw.unicast().source());
        assertEquals(List.of(ip("198.51.100.12")), c.instances().get("only4").unicast().peers());
        assertEquals(List.of(ip("203.0.113.12")), c.instances().get("half").unicast().peers());
        assertEquals(List.of("gw", "only4", "half"), List.copyOf(c.instances().keySet()), "no router of the other family");
    }

    private static java.net.InetAddress ip(String s) throws java.net.UnknownHostException {
        return java.net.InetAddress.getByName(s);
    }

    @Test
    void includesAreSplicedInAndUnresolvableOnesReported() throws Exception {
        var r = KeepalivedImporter.importFile(resource("includes/keepalived.conf"));
        assertEquals(List.of(
                "keepalived.conf:5 include missing.conf",
                "keepalived.conf:6 include other/*/vrrp.conf",
                "conf.d/b.conf:4 state MASTER"), items(r));
        VrrpdConfig c = load(r.yaml());
        assertEquals(List.of("a", "b"), List.copyOf(c.instances().keySet()));
        assertEquals(1, c.instances().get("a").vrid());
        assertEquals(200, c.instances().get("b").priority());
        assertTrue(r.yaml().contains("# keepalived vrrp_instance B (conf.d/b.conf:1)"), r.yaml());
    }

    @Test
    void commentsQuotingAndBraceLayouts() throws Exception {
        var r = KeepalivedImporter.importFile(resource("quoting.conf"));
        assertEquals(List.of(
                "quoting.conf:7 notify_master \"/usr/local/bin/notify.sh master # not a comment\"",
                "quoting.conf:10 virtual_ipaddress 198.51.100.7/24 dev eth0 label eth0:web",
                "quoting.conf:11 virtual_ipaddress 198.51.100.8/24 dev eth1",
                "quoting.conf:14 vrrp_frobnicate"), items(r));
        assertTrue(item(r, "virtual_ipaddress 198.51.100.7/24 dev eth0 label eth0:web").message()
                .contains("not carried over: label eth0:web ("));
        assertTrue(item(r, "virtual_ipaddress 198.51.100.8/24 dev eth1").message()
                .contains("converted to held-addresses on eth1"));
        VrrpdConfig c = load(r.yaml());
        InstanceConfig i = c.instances().get("web-front");
        assertEquals(7, i.vrid());
        assertEquals(List.of("198.51.100.7/24"), addresses(i), "the address on eth1 is not moved to eth0");
        assertEquals("eth1", i.heldAddresses().get(0).interfaceName(), "it is held on eth1");
    }

    @Test
    void aMixedInstanceInASyncGroupStaysOneRouterInThatGroup() throws Exception {
        var r = KeepalivedImporter.importText(java.nio.file.Path.of("inline.conf"), """
                global_defs {
                    vrrp_version 3
                }
                vrrp_sync_group PAIR {
                    group {
                        A B
                    }
                }
                vrrp_instance A {
                    interface eth0
                    virtual_router_id 1
                    virtual_ipaddress {
                        192.0.2.1/24
                        fe80::1/64
                        2001:db8::1/64
                    }
                }
                vrrp_instance B {
                    interface eth1
                    virtual_router_id 2
                    virtual_ipaddress {
                        198.51.100.1/24
                    }
                }
                """);
        assertEquals(List.of("inline.conf:14 virtual_ipaddress fe80::1/64",
                "inline.conf:15 virtual_ipaddress 2001:db8::1/64"), items(r));
        VrrpdConfig c = load(r.yaml());
        assertEquals(List.of("pair"), List.copyOf(c.syncGroups().keySet()));
        assertEquals(List.of("a", "b"), c.syncGroups().get("pair").members());
        assertEquals(List.of("192.0.2.1/24"), addresses(c.instances().get("a")));
    }

    @Test
    void advertIntervalsInSecondsBecomeDurations() throws Exception {
        for (var e : List.of(List.of("0.1", "10"), List.of("1", "100"), List.of("1.5", "150"),
                List.of("0.01", "1"), List.of("40.95", "4095"))) {
            var r = KeepalivedImporter.importText(java.nio.file.Path.of("inline.conf"),
                    "global_defs {\n vrrp_version 3\n}\nvrrp_instance X {\n interface eth0\n virtual_router_id 9\n"
                            + " advert_int " + e.get(0) + "\n virtual_ipaddress {\n  192.0.2.9\n }\n}\n");
            assertEquals(List.of(), items(r), e.get(0));
            assertEquals(Integer.parseInt(e.get(1)), load(r.yaml()).instances().get("x").advertIntervalCentis(),
                    e.get(0));
        }
        var bad = KeepalivedImporter.importText(java.nio.file.Path.of("inline.conf"),
                "vrrp_instance X {\n interface eth0\n virtual_router_id 9\n version 3\n advert_int 0.015\n"
                        + " virtual_ipaddress {\n  192.0.2.9\n }\n}\n");
        assertEquals(List.of("inline.conf:5 advert_int 0.015"), items(bad));
        assertEquals(100, load(bad.yaml()).instances().get("x").advertIntervalCentis());
    }

    @Test
    void instanceMissingWhatVrrpdRequiresIsReportedNotDropped() throws Exception {
        var r = KeepalivedImporter.importText(java.nio.file.Path.of("inline.conf"), """
                vrrp_instance NOIF {
                    virtual_router_id 3
                    version 3
                    virtual_ipaddress {
                        192.0.2.3
                    }
                }
                vrrp_instance OK {
                    interface eth0
                    virtual_router_id 4
                    version 3
                    virtual_ipaddress {
                        192.0.2.4
                        192.0.2.10-12
                    }
                }
                """);
        assertEquals(List.of("inline.conf:1 vrrp_instance NOIF", "inline.conf:14 virtual_ipaddress 192.0.2.10-12"),
                items(r));
        assertTrue(item(r, "vrrp_instance NOIF").message().contains("has no interface"));
        assertEquals(List.of("ok"), List.copyOf(load(r.yaml()).instances().keySet()));
    }

    /** The repository root: the nearest ancestor of the working directory holding config-samples/. */
    private static java.nio.file.Path samples() {
        for (var p = java.nio.file.Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (java.nio.file.Files.isDirectory(p.resolve("config-samples"))) {
                return p.resolve("config-samples");
            }
        }
        throw new IllegalStateException("no config-samples/ above " + java.nio.file.Path.of("").toAbsolutePath());
    }

    @Test
    void migrationSampleIsExactlyWhatTheImporterWrites() throws Exception {
        var dir = samples().resolve("keepalived-migration");
        var r = KeepalivedImporter.importFile(dir.resolve("keepalived.conf"));
        assertEquals(java.nio.file.Files.readString(dir.resolve("vrrpd.yaml")), r.yaml(),
                "regenerate with: vrrpctl import-keepalived keepalived.conf -o vrrpd.yaml");
        assertEquals(List.of(
                "keepalived.conf:7 router_id blade-a",
                "keepalived.conf:18 notify /etc/keepalived/notify-gw.sh",
                "keepalived.conf:22 state MASTER",
                "keepalived.conf:36 state MASTER"), items(r));
        VrrpdConfig c = load(r.yaml());
        // the same names, addresses and gateways as the hand-written blade-a.yaml
        assertEquals(List.of("gw4", "gw6"), c.syncGroups().get("gw").members());
        assertEquals(List.of("fe80::1/64", "2001:db8:1::1/64"), addresses(c.instances().get("gw6")));
        assertEquals(10, c.instances().get("gw4").advertIntervalCentis());
        assertEquals("198.51.100.1", IpText.format(
                c.hooksOf("gw4").get(0).config(DefaultGatewayConfig.class).gateway()));
        assertEquals(new InterfaceSelector.ByName("eth1"),
                c.hooksOf("gw6").get(0).config(DefaultGatewayConfig.class).uplink());
    }

    @Test
    void whatVrrpdsLoaderRefusesIsReportedAgainstTheKeepalivedInstance() throws Exception {
        // keepalived refuses this too, but the importer must not hand back a file vrrpd refuses without saying so
        var r = KeepalivedImporter.importText(java.nio.file.Path.of("inline.conf"), """
                global_defs {
                    vrrp_version 3
                }
                vrrp_instance ONE {
                    interface eth0
                    virtual_router_id 5
                    virtual_ipaddress {
                        192.0.2.5
                    }
                }
                vrrp_instance TWO {
                    interface eth0
                    virtual_router_id 5
                    virtual_ipaddress {
                        192.0.2.6
                    }
                }
                """);
        assertEquals(1, r.exitCode());
        assertEquals(1, r.reported().size(), () -> r.reported().toString());
        Reported refused = r.reported().get(0);
        assertTrue(refused.construct().startsWith("converted instances.two"), refused.toString());
        assertEquals(11, refused.source().line());
        assertTrue(refused.message().startsWith("vrrpd would refuse it: "), refused.message());
    }

    @Test
    void hostConditionalLinesAndParametersAreReportedAsSuch() throws Exception {
        var r = KeepalivedImporter.importText(java.nio.file.Path.of("inline.conf"), """
                $PRIO=150
                vrrp_instance X {
                    interface eth0
                    virtual_router_id 9
                    version 3
                    @blade-a priority 150
                    virtual_ipaddress {
                        192.0.2.9
                    }
                }
                """);
        assertEquals(List.of("inline.conf:1 $PRIO=150", "inline.conf:6 @blade-a priority 150"), items(r));
        assertTrue(item(r, "@blade-a priority 150").message().contains("@HOST"));
        assertTrue(item(r, "$PRIO=150").message().contains("substitutions"));
        assertEquals(100, load(r.yaml()).instances().get("x").priority());
    }

    @Test
    void syncGroupNotifyLeavesTemplatesForFamiliesWithoutAConvertedDefaultRoute() throws Exception {
        var r = KeepalivedImporter.importText(java.nio.file.Path.of("inline.conf"), """
                global_defs {
                    vrrp_version 3
                }
                vrrp_sync_group G {
                    group {
                        V4
                        V6
                    }
                    notify_master "/etc/keepalived/routes.sh up"
                }
                vrrp_instance V4 {
                    interface eth0
                    virtual_router_id 8
                    virtual_ipaddress {
                        192.0.2.8/24
                    }
                    virtual_routes {
                        default via 198.51.100.1 dev eth1
                    }
                }
                vrrp_instance V6 {
                    interface eth0
                    virtual_router_id 8
                    virtual_ipaddress {
                        fe80::8/64
                    }
                }
                """);
        assertEquals(List.of("inline.conf:9 notify_master \"/etc/keepalived/routes.sh up\""), items(r));
        VrrpdConfig c = load(r.yaml());
        assertEquals(1, c.hooksOf("v4").size());
        assertEquals(0, c.hooksOf("v6").size());
        String tail = r.yaml().substring(r.yaml().indexOf("# Templates for notify scripts"));
        assertTrue(tail.contains("#    instances: [v6]\n"), tail);
        assertFalse(tail.contains("[v4]"), tail);
    }

    @Test
    void aLatin1CommentDoesNotMakeTheFileUnreadable() throws Exception {
        var r = KeepalivedImporter.importFile(resource("latin1.conf"));
        assertEquals(List.of(), items(r));
        assertEquals(3, load(r.yaml()).instances().get("l").vrid());
    }

    @Test
    void namesYamlWouldReadAsBooleansOrNumbersStayStrings() throws Exception {
        var r = KeepalivedImporter.importText(java.nio.file.Path.of("inline.conf"), """
                global_defs {
                    vrrp_version 3
                }
                vrrp_sync_group 10 {
                    group {
                        ON
                        51
                    }
                }
                vrrp_instance ON {
                    interface eth0
                    virtual_router_id 1
                    virtual_ipaddress {
                        192.0.2.1
                    }
                }
                vrrp_instance 51 {
                    interface eth0
                    virtual_router_id 51
                    virtual_ipaddress {
                        192.0.2.51
                    }
                }
                """);
        assertEquals(List.of(), items(r));
        VrrpdConfig c = load(r.yaml());
        assertEquals(List.of("on", "51"), List.copyOf(c.instances().keySet()));
        assertEquals(List.of("on", "51"), c.syncGroups().get("10").members());
    }
}
