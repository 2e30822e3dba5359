package io.vrrpd.daemon.config;

import io.vrrpd.hooks.kernel.InterfaceSelector;
import static io.vrrpd.daemon.config.Configs.base;
import static io.vrrpd.daemon.config.Configs.paths;
import static io.vrrpd.daemon.config.Configs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per check: the exact path of the problem, and a message that names what exists. */
class ConfigChecksTest {

    private static ConfigProblem only(String yaml) {
        List<ConfigProblem> p = problems(yaml);
        assertEquals(1, p.size(), () -> "expected one problem, got " + p);
        return p.get(0);
    }

    private static String instance(String name, String body) {
        return "instances:\n  " + name + ":\n" + body.indent(4);
    }

    @Test
    void vridOutOfRangeNamesRangeAndPosition() {
        ConfigProblem p = only(instance("gw4", """
                family: ipv4
                interface: lan0
                vrid: 300
                virtual-addresses: [192.0.2.1/24]
                """));
        assertEquals("instances.gw4.vrid", p.path());
        assertEquals(5, p.line());
        assertEquals(11, p.column());
        assertEquals("gw.yaml:5:11: instances.gw4.vrid: 300 is out of range (expected: 1-255)", p.toString());
    }

    @Test
    void vridMustBeUniquePerInterfaceAndFamily() {
        ConfigProblem p = only(base("").replace("sync-groups:\n  gw: { members: [gw4, gw6] }\n", "")
                + "  extra4: {family: ipv4, interface: lan0, vrid: 51, virtual-addresses: [192.0.2.2/24]}\n");
        assertEquals("instances.extra4.vrid", p.path());
        assertTrue(p.message().contains("already used by instance gw4 on lan0 (ipv4)"), p.message());
        assertTrue(p.hint().contains("not in use: 1"), p.hint());
    }

    @Test
    void sameVridOnOtherFamilyOrInterfaceIsFine() throws Exception {
        Configs.load("""
                instances:
                  a4: {family: ipv4, interface: lan0, vrid: 7, virtual-addresses: [192.0.2.1]}
                  a6: {family: ipv6, interface: lan0, vrid: 7, virtual-addresses: [fe80::1]}
                  b4: {family: ipv4, interface: eth0, vrid: 7, virtual-addresses: [192.0.2.2]}
                """);
    }

    @Test
    void vridSameInterfaceByNameAndByMacIsCaught() {
        List<ConfigProblem> p = problems("""
                instances:
                  a4: {family: ipv4, interface: lan0, vrid: 7, virtual-addresses: [192.0.2.1]}
                  b4: {family: ipv4, interface: {mac: "52:54:00:12:34:56"}, vrid: 7, virtual-addresses: [192.0.2.2]}
                """);
        assertEquals(List.of("instances.b4.vrid"), paths(p));
    }

    @Test
    void missingRequiredFieldPointsAtItsInstance() {
        List<ConfigProblem> p = problems("""
                instances:
                  gw4:
                    family: ipv4
                    interface: lan0
                    virtual-addresses: [192.0.2.1/24]
                """);
        assertEquals(List.of("instances.gw4.vrid"), paths(p));
        assertEquals("missing required field", p.get(0).message());
        assertEquals(2, p.get(0).line());
        assertEquals(3, p.get(0).column());
    }

    @Test
    void addressOfTheOtherFamilyIsRefused() {
        ConfigProblem p = only(instance("gw4", """
                family: ipv4
                interface: lan0
                vrid: 51
                virtual-addresses: [192.0.2.1/24, 2001:db8::1/64]
                """));
        assertEquals("instances.gw4.virtual-addresses[1]", p.path());
        assertTrue(p.message().contains("is ipv6 but the instance is ipv4"), p.message());
    }

    @Test
    void firstIpv6AddressMustBeLinkLocal() {
        ConfigProblem p = only(instance("gw6", """
                family: ipv6
                interface: lan0
                vrid: 51
                virtual-addresses: [2001:db8:1::1/64, fe80::1/64]
                """));
        assertEquals("instances.gw6.virtual-addresses[0]", p.path());
        assertTrue(p.message().contains("not link-local"), p.message());
        assertTrue(p.hint().contains("fe80::1/64"), p.hint());
    }

    @Test
    void addressWithoutPrefixIsAHostAddress() throws Exception {
        VrrpdConfig c = Configs.load(instance("gw6", """
                family: ipv6
                interface: lan0
                vrid: 51
                virtual-addresses: [fe80::1]
                """) + "  gw4: {family: ipv4, interface: lan0, vrid: 1, virtual-addresses: [192.0.2.1]}\n");
        assertEquals(128, c.instances().get("gw6").virtualAddresses().get(0).prefixLength());
        assertEquals(32, c.instances().get("gw4").virtualAddresses().get(0).prefixLength());
    }

    @Test
    void badAddressAndPrefixAreReportedSeparately() {
        List<ConfigProblem> p = problems(instance("gw4", """
                family: ipv4
                interface: lan0
                vrid: 51
                virtual-addresses: [192.0.2.300/24, 192.0.2.1/33, gateway.example]
                """));
        assertEquals(List.of("instances.gw4.virtual-addresses[0]", "instances.gw4.virtual-addresses[1]",
                "instances.gw4.virtual-addresses[2]"), paths(p));
        assertTrue(p.get(1).message().contains("/33 is out of range"), p.get(1).message());
        assertTrue(p.get(2).message().contains("\"gateway.example\" is not an IP address"), p.get(2).message());
    }

    @Test
    void intervalOutOfRange() {
        ConfigProblem p = only(instance("gw4", """
                family: ipv4
                interface: lan0
                vrid: 51
                advert-interval: 41s
                virtual-addresses: [192.0.2.1/24]
                """));
        assertEquals("instances.gw4.advert-interval", p.path());
        assertEquals("10ms to 40.95s", p.hint());
    }

    @Test
    void intervalMustBeAMultipleOfTenMilliseconds() {
        ConfigProblem p = only(instance("gw4", """
                family: ipv4
                interface: lan0
                vrid: 51
                advert-interval: 15ms
                virtual-addresses: [192.0.2.1/24]
                """));
        assertEquals("instances.gw4.advert-interval", p.path());
        assertTrue(p.message().contains("15ms is not a multiple of 10ms"), p.message());
    }

    @Test
    void intervalFormsAreAccepted() throws Exception {
        for (String form : List.of("10ms", "1.5s", "40.95s", "1s")) {
            VrrpdConfig c = Configs.load(instance("gw4", """
                    family: ipv4
                    interface: lan0
                    vrid: 51
                    advert-interval: %s
                    virtual-addresses: [192.0.2.1/24]
                    """.formatted(form)));
            int expected = switch (form) {
                case "10ms" -> 1;
                case "1.5s" -> 150;
                case "40.95s" -> 4095;
                default -> 100;
            };
            assertEquals(expected, c.instances().get("gw4").advertIntervalCentis(), form);
        }
    }

    @Test
    void bareNumberIsNotADuration() {
        ConfigProblem p = only(instance("gw4", """
                family: ipv4
                interface: lan0
                vrid: 51
                preempt-delay: 100
                virtual-addresses: [192.0.2.1/24]
                """));
        assertEquals("instances.gw4.preempt-delay", p.path());
        assertEquals("\"100\" is not a duration", p.message());
        assertEquals("e.g. 100ms, 1s, 1.5s", p.hint());
    }

    @Test
    void sameVipInTwoInstancesIsRefused() {
        ConfigProblem p = only("""
                instances:
                  a4: {family: ipv4, interface: lan0, vrid: 1, virtual-addresses: [192.0.2.1/24]}
                  b4: {family: ipv4, interface: eth0, vrid: 2, virtual-addresses: [192.0.2.9/24, 192.0.2.1/24]}
                """);
        assertEquals("instances.b4.virtual-addresses[1]", p.path());
        assertTrue(p.message().contains("also at instances.a4.virtual-addresses[0]"), p.message());
    }

    @Test
    void sameLinkLocalVipOnDifferentLinksIsFine() throws Exception {
        Configs.load("""
                instances:
                  a6: {family: ipv6, interface: lan0, vrid: 1, virtual-addresses: [fe80::1]}
                  b6: {family: ipv6, interface: eth0, vrid: 1, virtual-addresses: [fe80::1]}
                """);
    }

    @Test
    void missingInterfaceNamesTheInterfacesThatExistWithTheirMacs() {
        ConfigProblem p = only(instance("gw4", """
                family: ipv4
                interface: ens3
                vrid: 51
                virtual-addresses: [192.0.2.1/24]
                """));
        assertEquals("instances.gw4.interface", p.path());
        assertEquals("interface \"ens3\" does not exist", p.message());
        assertTrue(p.hint().contains("lan0 (52:54:00:12:34:56)"), p.hint());
        assertTrue(p.hint().contains("eth1 (52:54:00:00:00:05)"), p.hint());
    }

    @Test
    void macSelectorMustMatchAnInterface() throws Exception {
        ConfigProblem p = only(instance("gw4", """
                family: ipv4
                interface: {mac: "52:54:00:99:99:99"}
                vrid: 51
                virtual-addresses: [192.0.2.1/24]
                """));
        assertEquals("instances.gw4.interface", p.path());
        assertEquals("no interface has MAC 52:54:00:99:99:99", p.message());
        assertTrue(p.hint().contains("up0 (52:54:00:ab:cd:ef)"), p.hint());

        VrrpdConfig ok = Configs.load(instance("gw4", """
                family: ipv4
                interface: {mac: "52:54:00:AB:CD:EF"}
                vrid: 51
                virtual-addresses: [192.0.2.1/24]
                """));
        assertEquals(InterfaceSelector.ByMac.parse("52:54:00:ab:cd:ef"), ok.instances().get("gw4").interfaceSelector());
    }

    @Test
    void macSharedByTwoInterfacesIsAmbiguous() {
        InterfaceDirectory bonded = InterfaceDirectory.of(List.of(
                TestLinks.link("eth0", 2, "52:54:00:00:00:01"),
                TestLinks.link("bond0", 3, "52:54:00:00:00:01")));
        InvalidConfigException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidConfigException.class,
                () -> ConfigLoader.withBuiltInHooks().parse(Configs.FILE, instance("gw4", """
                        family: ipv4
                        interface: {mac: "52:54:00:00:00:01"}
                        vrid: 51
                        virtual-addresses: [192.0.2.1/24]
                        """), bonded));
        assertEquals("MAC 52:54:00:00:00:01 is shared by eth0, bond0", e.problems().get(0).message());
    }

    @Test
    void acceptModeOffIsRefusedRatherThanIgnored() {
        ConfigProblem p = only(instance("gw4", """
                family: ipv4
                interface: lan0
                vrid: 51
                accept-mode: false
                virtual-addresses: [192.0.2.1/24]
                """));
        assertEquals("instances.gw4.accept-mode", p.path());
        assertTrue(p.message().contains("not enforced"), p.message());
        assertTrue(p.hint().contains("firewall"), p.hint());
    }

    @Test
    void trackedInterfaceMustExist() {
        ConfigProblem p = only(instance("gw4", """
                family: ipv4
                interface: lan0
                vrid: 51
                virtual-addresses: [192.0.2.1/24]
                track-interfaces: [up0, bond7]
                """));
        assertEquals("instances.gw4.track-interfaces[1]", p.path());
        assertTrue(p.hint().contains("lan0"), p.hint());
    }

    @Test
    void syncGroupMemberMustExistAndSuggestsClosest() {
        ConfigProblem p = only(base("").replace("members: [gw4, gw6]", "members: [gw4, gw7]"));
        assertEquals("sync-groups.gw.members[1]", p.path());
        assertEquals("no instance named \"gw7\"; did you mean gw4, gw6?", p.message());
        assertEquals("one of the instances: gw4, gw6", p.hint());
    }

    @Test
    void memberOfTwoSyncGroupsIsRefused() {
        ConfigProblem p = only("""
                instances:
                  a: {family: ipv4, interface: lan0, vrid: 1, virtual-addresses: [192.0.2.1]}
                  b: {family: ipv4, interface: lan0, vrid: 2, virtual-addresses: [192.0.2.2]}
                  c: {family: ipv4, interface: lan0, vrid: 3, virtual-addresses: [192.0.2.3]}
                sync-groups:
                  one: {members: [a, b]}
                  two: {members: [c, b]}
                """);
        assertEquals("sync-groups.two.members[1]", p.path());
        assertEquals("b is already a member of sync group one", p.message());
    }

    @Test
    void hookInstanceReferenceMustExist() {
        ConfigProblem p = only(base("""
                hooks:
                  - type: exec
                    instances: [gw4, gw-4]
                    command: [/usr/local/bin/notify]
                """));
        assertEquals("hooks[0].instances[1]", p.path());
        assertTrue(p.message().startsWith("no instance named \"gw-4\"; did you mean gw4"), p.message());
        assertEquals("one of the instances: gw4, gw6", p.hint());
    }

    @Test
    void hookSyncGroupReferenceMustExist() {
        ConfigProblem p = only(base("""
                hooks:
                  - type: exec
                    sync-groups: [gws]
                    command: [/usr/local/bin/notify]
                """));
        assertEquals("hooks[0].sync-groups[0]", p.path());
        assertEquals("no sync group named \"gws\"; did you mean gw?", p.message());
        assertEquals("one of the sync groups: gw", p.hint());
    }

    /** Incident 003: the instance was split into gw4 and gw6; the route hook still said gw. */
    @Test
    void bytemarkHookBoundToTheOldInstanceNameIsRefused() {
        ConfigProblem p = only(base("""
                hooks:
                  - type: default-gateway
                    instances: [gw]
                    gateway: 198.51.100.1
                    interface: up0
                """).replace("sync-groups:\n  gw: { members: [gw4, gw6] }\n", ""));
        assertEquals("hooks[0].instances[0]", p.path());
        assertEquals(11 + 3, p.line()); // 11 lines of instances, then hooks, - type, instances
        assertTrue(p.message().contains("no instance named \"gw\""), p.message());
        assertTrue(p.message().contains("did you mean gw4, gw6?"), p.message());
        assertEquals("one of the instances: gw4, gw6", p.hint());
    }

    @Test
    void hookBoundToASyncGroupNameUnderInstancesSaysWhereItBelongs() {
        ConfigProblem p = only(base("""
                hooks:
                  - type: default-gateway
                    instances: [gw]
                    gateway: 198.51.100.1
                    interface: up0
                """));
        assertTrue(p.message().contains("\"gw\" is a sync group: list it under sync-groups"), p.message());
    }

    @Test
    void hookGatewayFamilyMustMatchEveryBoundInstance() {
        ConfigProblem p = only(base("""
                hooks:
                  - type: default-gateway
                    sync-groups: [gw]
                    gateway: 198.51.100.1
                    interface: up0
                """));
        assertEquals("hooks[0].gateway", p.path());
        assertEquals("gateway 198.51.100.1 is ipv4 but instance gw6 is ipv6", p.message());
    }

    @Test
    void hookInterfaceMustExist() {
        ConfigProblem p = only(base("""
                hooks:
                  - type: default-gateway
                    instances: [gw4]
                    gateway: 198.51.100.1
                    interface: wan0
                """));
        assertEquals("hooks[0].interface", p.path());
        assertTrue(p.hint().contains("up0 (52:54:00:ab:cd:ef)"), p.hint());
    }

    @Test
    void hookBoundToNothingIsRefused() {
        ConfigProblem p = only(base("""
                hooks:
                  - type: exec
                    command: [/usr/local/bin/notify]
                """));
        assertEquals("hooks[0].instances", p.path());
        assertEquals("the hook is bound to nothing", p.message());
    }

    @Test
    void unknownHookTypeListsKnownTypes() {
        ConfigProblem p = only(base("""
                hooks:
                  - type: default-gw
                    instances: [gw4]
                """));
        assertEquals("hooks[0].type", p.path());
        assertTrue(p.message().contains("did you mean default-gateway?"), p.message());
        assertEquals("one of the hook types: default-gateway, exec, routes", p.hint());
    }

    @Test
    void execCommandMustStartWithAnAbsolutePath() {
        ConfigProblem p = only(base("""
                hooks:
                  - type: exec
                    instances: [gw4]
                    command: [notify, --all]
                """));
        assertEquals("hooks[0].command[0]", p.path());
        assertTrue(p.message().contains("\"notify\" is not an absolute path"), p.message());
    }

    @Test
    void emptyInstancesIsAnError() {
        ConfigProblem p = only("instances: {}\n");
        assertEquals("instances", p.path());
        assertTrue(p.message().contains("no instances"), p.message());
        assertEquals("instances", only("hooks: []\n").path());
        assertEquals("", only("").path());
    }

    @Test
    void namesMustMatchThePattern() {
        ConfigProblem p = only("""
                instances:
                  Gw.4: {family: ipv4, interface: lan0, vrid: 1, virtual-addresses: [192.0.2.1]}
                """);
        assertEquals("instances.Gw.4", p.path());
        assertEquals(Names.VALID_DESCRIPTION, p.hint());
        assertEquals(3, p.column());
    }

    @Test
    void ipv4ChecksumIsForIpv4Only() throws Exception {
        ConfigProblem p = only(instance("gw6", """
                family: ipv6
                interface: lan0
                vrid: 51
                ipv4-checksum: rfc9568
                virtual-addresses: [fe80::1]
                """));
        assertEquals("instances.gw6.ipv4-checksum", p.path());
        VrrpdConfig c = Configs.load(instance("gw4", """
                family: ipv4
                interface: lan0
                vrid: 51
                ipv4-checksum: rfc9568
                virtual-addresses: [192.0.2.1]
                """));
        assertEquals(Ipv4Checksum.RFC9568, c.instances().get("gw4").ipv4Checksum());
    }

    @Test
    void hintsListChoicesAndFieldsInAStableOrder() {
        ConfigProblem family = only(instance("gw4", """
                family: inet
                interface: lan0
                vrid: 51
                virtual-addresses: [192.0.2.1]
                """));
        assertEquals("one of ipv4, ipv6", family.hint());
        ConfigProblem field = only(base("""
                hooks:
                  - type: default-gateway
                    instances: [gw4]
                    gateway: 198.51.100.1
                    interface: up0
                    route-table: 100
                """));
        assertEquals("one of gateway, interface, table, metric, verify, on-failure, demote-by, on-backup, hold-down",
                field.hint());
    }

    @Test
    void duplicateKeyIsReported() {
        ConfigProblem p = only(instance("gw4", """
                family: ipv4
                interface: lan0
                vrid: 51
                vrid: 52
                virtual-addresses: [192.0.2.1]
                """));
        assertEquals("instances.gw4.vrid", p.path());
        assertEquals(6, p.line());
        assertTrue(p.message().startsWith("duplicate key \"vrid\""), p.message());
    }

    @Test
    void yamlAliasesAreRefusedNotReadAsTheirName() {
        List<ConfigProblem> p = problems("""
                instances:
                  b4: {family: ipv4, interface: lan0, vrid: 2, virtual-addresses: [192.0.2.2], garp: &g {master-repeat: 2}}
                  c4: {family: ipv4, interface: lan0, vrid: 3, virtual-addresses: [192.0.2.3], garp: *g}
                """);
        assertEquals("instances.c4.garp", p.get(0).path());
        assertEquals("YAML alias *g is not supported", p.get(0).message());
        assertEquals(3, p.get(0).line());
    }

    @Test
    void zeroPaddedIntegersAreRefusedAsOctal() {
        ConfigProblem p = only("""
                instances:
                  a4: {family: ipv4, interface: lan0, vrid: 010, virtual-addresses: [192.0.2.1]}
                """);
        assertEquals("instances.a4.vrid", p.path());
        assertEquals("010 is octal in YAML (it means 8)", p.message());
    }

    @Test
    void yamlSyntaxErrorHasALocation() {
        ConfigProblem p = only("instances:\n  gw4: [unclosed\n");
        assertTrue(p.message().startsWith("not valid YAML"), p.message());
        assertTrue(p.line() > 0, p::toString);
    }
}
