package io.vrrpd.daemon.config;

import static io.vrrpd.daemon.config.Configs.paths;
import static io.vrrpd.daemon.config.Configs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vrrpd.core.AddressFamily;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code virtual-mac}: off unless asked for, its link's name, and what is refused. */
class VirtualMacConfigTest {

    private static String instance(String name, String family, String iface, int vrid, String vips, String extra) {
        return "  " + name + ":\n    family: " + family + "\n    interface: " + iface + "\n    vrid: " + vrid + "\n"
                + "    virtual-addresses: " + vips + "\n" + extra;
    }

    @Test
    void offByDefaultOnWhenAskedAndTheLinkIsNamedAfterFamilyAndVrid() throws Exception {
        VrrpdConfig c = Configs.load("instances:\n"
                + instance("gw4", "ipv4", "lan0", 51, "[192.0.2.1/24]", "    virtual-mac: true\n")
                + instance("gw6", "ipv6", "lan0", 51, "[fe80::1/64]", "    virtual-mac: true\n")
                + instance("plain", "ipv4", "lan0", 52, "[192.0.2.5/24]", ""));
        assertTrue(c.instances().get("gw4").virtualMac());
        assertEquals("vrrp4.51", c.instances().get("gw4").virtualMacLink());
        assertEquals("vrrp6.51", c.instances().get("gw6").virtualMacLink());
        assertFalse(c.instances().get("plain").virtualMac());
        assertEquals("vrrp6.255", InstanceConfig.virtualMacLink(AddressFamily.IPV6, 255));
        assertTrue(InstanceConfig.virtualMacLink(AddressFamily.IPV6, 255).length() <= 15, "a Linux interface name");
    }

    @Test
    void theAddressOwnerCannotHaveOne() {
        List<ConfigProblem> p = problems("instances:\n"
                + instance("gw4", "ipv4", "lan0", 51, "[192.0.2.1/24]", "    priority: 255\n    virtual-mac: true\n"));
        assertEquals(List.of("instances.gw4.virtual-mac"), paths(p), p::toString);
        assertTrue(p.get(0).message().contains("address owner"), p.get(0).message());
    }

    @Test
    void twoInstancesCannotShareTheLinkNorRunOnIt() {
        // as --check sees it while the daemon runs: the macvlan is there
        InterfaceDirectory running = InterfaceDirectory.of(List.of(TestLinks.link("lan0", 2, "52:54:00:12:34:56"),
                TestLinks.link("eth0", 4, "52:54:00:00:00:04"), TestLinks.link("vrrp4.51", 7, "00:00:5e:00:01:33")));
        List<ConfigProblem> p = assertThrows(InvalidConfigException.class, () -> ConfigLoader.withBuiltInHooks()
                .parse(Configs.FILE, "instances:\n"
                        + instance("a", "ipv4", "lan0", 51, "[192.0.2.1/24]", "    virtual-mac: true\n")
                        + instance("b", "ipv4", "eth0", 51, "[198.51.100.1/24]", "    virtual-mac: true\n")
                        + instance("c", "ipv4", "vrrp4.51", 9, "[203.0.113.1/24]", ""), running)).problems();
        assertTrue(paths(p).contains("instances.b.virtual-mac"), p::toString);
        assertTrue(p.stream().anyMatch(x -> x.message().contains("vrrp4.51 is instance a's already")), p::toString);
        assertTrue(p.stream().anyMatch(x -> x.message().contains("vrrp4.51 is the virtual MAC interface of instance a")),
                p::toString);
    }

    @Test
    void notABoolean() {
        List<ConfigProblem> p = problems("instances:\n"
                + instance("gw4", "ipv4", "lan0", 51, "[192.0.2.1/24]", "    virtual-mac: sometimes\n"));
        assertEquals(List.of("instances.gw4.virtual-mac"), paths(p), p::toString);
    }
}
