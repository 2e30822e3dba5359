package io.vrrpd.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vrrpd.hooks.kernel.Address;
import io.vrrpd.hooks.kernel.Link;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The checks against the router's addresses: a {@code unicast-source} on its interface, a
 * default-gateway's gateway on-link on its uplink (through an address of it, or a VIP held on it);
 * skipped and listed offline; not made where the directory does not know the addresses.
 */
class AddressChecksTest {
    private static final Link LAN = TestLinks.link("lan0", 2, "52:54:00:12:34:56");
    private static final Link UP = TestLinks.link("up0", 3, "52:54:00:ab:cd:ef");
    private static final InterfaceDirectory ROUTER = InterfaceDirectory.of(List.of(LAN, UP), Map.of(
            2, List.of(address(2, "192.0.2.2", 24), address(2, "fe80::2", 64)),
            3, List.of(address(3, "198.51.100.2", 24))));

    private static Address address(int ifindex, String ip, int prefix) {
        try {
            return new Address(ifindex, InetAddress.getByName(ip), prefix, 0, Set.of());
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ConfigReport check(String yaml, Host host) {
        return ConfigLoader.withBuiltInHooks().check(Path.of("gw.yaml"), yaml, host);
    }

    private static String unicast(String source) {
        return """
                instances:
                  gw4: {family: ipv4, interface: lan0, vrid: 51, virtual-addresses: [192.0.2.1/24],
                        unicast-peers: [192.0.2.3], unicast-source: %s}
                """.formatted(source);
    }

    private static String gateway(String gateway, String extraInstance, String onBackup) {
        return """
                instances:
                  gw4: {family: ipv4, interface: lan0, vrid: 51, virtual-addresses: [192.0.2.1/24]}
                %s
                hooks:
                  - {type: default-gateway, instances: [gw4], gateway: %s, interface: up0%s}
                """.formatted(extraInstance, gateway, onBackup);
    }

    @Test
    void aUnicastSourceMustBeAnAddressOfItsInterface() {
        assertTrue(check(unicast("192.0.2.2"), Host.of(ROUTER)).valid());
        ConfigReport bad = check(unicast("192.0.2.9"), Host.of(ROUTER));
        assertEquals(1, bad.problems().size(), bad.problems()::toString);
        ConfigProblem p = bad.problems().get(0);
        assertEquals("instances.gw4.unicast-source", p.path());
        assertEquals("192.0.2.9 is not an address of interface lan0 (192.0.2.2/24, fe80::2/64); the instance would"
                + " stay in FAULT", p.message());
    }

    @Test
    void aGatewayMustBeOnLinkOnItsUplink() {
        assertTrue(check(gateway("198.51.100.1", "", ""), Host.of(ROUTER)).valid(), "through up0's own 198.51.100.2/24");
        ConfigReport bad = check(gateway("203.0.113.1", "", ", on-backup: {via: {gateway: 203.0.113.9}}"),
                Host.of(ROUTER));
        assertEquals(List.of("hooks[0].gateway", "hooks[0].on-backup.via.gateway"),
                bad.problems().stream().map(ConfigProblem::path).toList(), bad.problems()::toString);
        assertTrue(bad.problems().get(0).message().startsWith("203.0.113.1 is not on-link on up0: no prefix of its"
                + " addresses (198.51.100.2/24) holds it"), bad.problems().get(0).message());
    }

    @Test
    void aVipHeldOnTheUplinkPutsItsPrefixOnLink() {
        String upInstance = "  up4: {family: ipv4, interface: up0, vrid: 52, virtual-addresses: [203.0.113.5/24]}";
        assertTrue(check(gateway("203.0.113.1", upInstance, ""), Host.of(ROUTER)).valid(),
                "while master, up4's VIP puts 203.0.113.0/24 on up0");
        String v6 = """
                instances:
                  gw6: {family: ipv6, interface: lan0, vrid: 51, virtual-addresses: [fe80::1/64]}
                hooks:
                  - {type: default-gateway, instances: [gw6], gateway: "fe80::ff", interface: up0}
                """;
        assertTrue(check(v6, Host.of(ROUTER)).valid(), "an IPv6 link-local gateway is on-link on any interface");
    }

    @Test
    void offlineBothAreSkippedAndListedAndAPasswordFileIsNotRead() {
        ConfigReport offline = check(unicast("192.0.2.9").replace("}\n", ",\n        version: 2, authentication:"
                + " {type: pass, password-file: /etc/vrrpd/none-here.pass}}\n"), Host.OFFLINE);
        assertTrue(offline.valid(), offline.problems()::toString);
        assertEquals(Set.of(SkippedCheck.INTERFACES, SkippedCheck.UNICAST_SOURCES, SkippedCheck.PASSWORD_FILES),
                Set.copyOf(offline.skipped().stream().map(SkippedCheck::fact).toList()), offline.skipped()::toString);
        ConfigReport gw = check(gateway("203.0.113.1", "", ""), Host.OFFLINE);
        assertTrue(gw.skipped().stream().anyMatch(s -> s.fact().equals(SkippedCheck.GATEWAYS_ON_LINK)
                && s.path().equals("hooks[0].gateway") && s.subject().equals("203.0.113.1 on up0")), gw.skipped()::toString);
    }

    @Test
    void aDirectoryThatDoesNotKnowTheAddressesSkipsThemSilently() {
        InterfaceDirectory linksOnly = InterfaceDirectory.of(List.of(LAN, UP));
        ConfigReport r = check(unicast("192.0.2.9"), Host.of(linksOnly));
        assertTrue(r.valid(), r.problems()::toString);
        assertEquals(List.of(), r.skipped());
        assertTrue(check(gateway("203.0.113.1", "", ""), Host.of(linksOnly)).valid());
    }

    @Test
    void prefixesCoverWhatTheyShould() throws Exception {
        assertTrue(vip("198.51.100.2", 24).covers(InetAddress.getByName("198.51.100.255")));
        assertTrue(!vip("198.51.100.2", 25).covers(InetAddress.getByName("198.51.100.200")));
        assertTrue(vip("198.51.100.130", 25).covers(InetAddress.getByName("198.51.100.200")));
        assertTrue(vip("2001:db8:ff::2", 64).covers(InetAddress.getByName("2001:db8:ff::1")));
        assertTrue(!vip("2001:db8:ff::2", 64).covers(InetAddress.getByName("198.51.100.1")));
        assertTrue(vip("192.0.2.7", 32).covers(InetAddress.getByName("192.0.2.7")));
        assertTrue(!vip("192.0.2.7", 32).covers(InetAddress.getByName("192.0.2.6")));
    }

    private static VirtualAddress vip(String ip, int prefix) throws Exception {
        return new VirtualAddress(InetAddress.getByName(ip), prefix);
    }
}
