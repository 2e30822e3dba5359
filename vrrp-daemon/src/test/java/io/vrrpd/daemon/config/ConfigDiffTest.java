package io.vrrpd.daemon.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigDiffTest {
    private static final InterfaceDirectory DIR = InterfaceDirectory.of(List.of(
            TestLinks.link("eth0", 2, "02:00:00:00:01:01"), TestLinks.link("eth1", 3, "02:00:00:00:01:02")));

    private static VrrpdConfig parse(String yaml) throws InvalidConfigException {
        return ConfigLoader.withBuiltInHooks().parse(Path.of("test.yaml"), yaml, DIR);
    }

    private static final String OLD = """
            instances:
              gw: {family: ipv4, interface: eth0, vrid: 51, priority: 150, virtual-addresses: [192.0.2.1/24]}
            hooks:
              - {type: default-gateway, instances: [gw], gateway: 198.51.100.1, interface: eth1}
            """;

    @Test
    void theBytemarkSplitIsARenamePlusAnAddedInstanceAndNothingBreaksWhenTheHookFollows() throws Exception {
        var changes = ConfigDiff.between(parse(OLD), parse("""
                instances:
                  gw4: {family: ipv4, interface: eth0, vrid: 51, priority: 150, virtual-addresses: [192.0.2.1/24]}
                  gw6: {family: ipv6, interface: eth0, vrid: 51, priority: 150, virtual-addresses: [fe80::1/64, 2001:db8:1::1/64]}
                hooks:
                  - {type: default-gateway, instances: [gw4], gateway: 198.51.100.1, interface: eth1}
                """));
        List<String> lines = changes.stream().map(Object::toString).toList();
        assertTrue(lines.contains("  renamed gw -> gw4: ipv4 vrid 51 on eth0"), lines.toString());
        assertTrue(lines.contains("  added gw6: ipv6 vrid 51 on eth0"), lines.toString());
        assertFalse(changes.stream().anyMatch(ConfigDiff.Change::breaking), lines.toString());
    }

    @Test
    void aRenamedInstanceThatLosesItsGatewayHookIsFlagged() throws Exception {
        var changes = ConfigDiff.between(parse(OLD), parse("""
                instances:
                  gw4: {family: ipv4, interface: eth0, vrid: 51, priority: 150, virtual-addresses: [192.0.2.1/24]}
                  gw6: {family: ipv6, interface: eth0, vrid: 51, priority: 150, virtual-addresses: [fe80::1/64]}
                hooks:
                  - {type: default-gateway, instances: [gw6], gateway: "2001:db8:ff::1", interface: eth1}
                """));
        ConfigDiff.Change broken = changes.stream().filter(ConfigDiff.Change::breaking).findFirst().orElseThrow();
        assertEquals("gw4", broken.subject());
        assertTrue(broken.detail().contains("default-gateway via 198.51.100.1") && broken.detail().contains("as gw"),
                broken.toString());
    }

    @Test
    void fieldChangesAreListed() throws Exception {
        var changes = ConfigDiff.between(parse(OLD), parse(OLD.replace("priority: 150", "priority: 100")));
        assertEquals(List.of("  changed gw: priority 150 -> 100"), changes.stream().map(Object::toString).toList());
    }
}
