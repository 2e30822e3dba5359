package io.vrrpd.daemon.config;

import static io.vrrpd.daemon.config.Configs.paths;
import static io.vrrpd.daemon.config.Configs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code router-advertisements} on an instance: defaults, ranges, IPv6 only, and every problem at once. */
class RouterAdvertConfigTest {
    private static String gw6(String ra) {
        return "instances:\n  gw6:\n    family: ipv6\n    interface: lan0\n    vrid: 51\n"
                + "    virtual-addresses: [fe80::1/64, 2001:db8:1::1/64]\n    router-advertisements: " + ra + "\n";
    }

    private static RouterAdvertConfig load(String ra) throws Exception {
        return Configs.load(gw6(ra)).instances().get("gw6").routerAdvertisements().orElseThrow();
    }

    @Test
    void absentMeansNoneAndAnEmptyMappingMeansTheDefaults() throws Exception {
        assertEquals(Optional.empty(), Configs.load(gw6("").replace("    router-advertisements: \n", ""))
                .instances().get("gw6").routerAdvertisements());
        RouterAdvertConfig d = load("{}");
        assertEquals(Duration.ofSeconds(10), d.interval());
        assertEquals(Duration.ofSeconds(30), d.lifetime(), "three times the interval, as RFC 4861's default");
        assertEquals(List.of(), d.prefixes());
    }

    @Test
    void intervalLifetimeAndPrefixesAreRead() throws Exception {
        RouterAdvertConfig c = load("{interval: 4s, lifetime: 0s, prefixes: [2001:db8:1::/64, 2001:db8:2::/56]}");
        assertEquals(Duration.ofSeconds(4), c.interval());
        assertEquals(Duration.ZERO, c.lifetime(), "0: advertised, but not a default router");
        assertEquals("[2001:db8:1::/64, 2001:db8:2::/56]", c.prefixes().toString());
        assertTrue(c.prefixes().get(0).autonomous());
        assertTrue(!c.prefixes().get(1).autonomous(), "SLAAC needs a /64");
    }

    @Test
    void everyBadValueIsReportedAtOnce() {
        List<ConfigProblem> p = problems(gw6("{interval: 2s, lifetime: 10000s, prefixes: [2001:db8:1::1/64,"
                + " fe80::/64, 192.0.2.0/24, 2001:db8::/129], color: red}"));
        String ra = "instances.gw6.router-advertisements";
        assertEquals(List.of(ra + ".interval", ra + ".lifetime", ra + ".prefixes[0]", ra + ".prefixes[1]",
                ra + ".prefixes[2]", ra + ".prefixes[3]", ra + ".color"), paths(p), p.toString());
        assertTrue(p.get(2).message().contains("host bits") && p.get(2).hint().contains("2001:db8:1::/64"), p.toString());
    }

    @Test
    void aLifetimeShorterThanTheIntervalIsRefused() {
        List<ConfigProblem> p = problems(gw6("{interval: 20s, lifetime: 10s}"));
        assertEquals(List.of("instances.gw6.router-advertisements.lifetime"), paths(p), p.toString());
        assertTrue(p.get(0).message().contains("shorter than the interval"), p.toString());
    }

    @Test
    void anIpv4InstanceHasNone() {
        List<ConfigProblem> p = problems(VrrpV2ConfigTest.gw4("    router-advertisements: {}\n"));
        assertEquals(List.of("instances.gw4.router-advertisements"), paths(p), p.toString());
        assertTrue(p.get(0).message().contains("ipv6 instances only"), p.toString());
    }
}
