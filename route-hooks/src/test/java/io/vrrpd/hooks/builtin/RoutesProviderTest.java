package io.vrrpd.hooks.builtin;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.hooks.HookConfigProblem;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.kernel.Link;
import io.vrrpd.hooks.kernel.OperState;
import io.vrrpd.hooks.kernel.RouteType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The routes hook's rules for its config: every bad value is reported, each at its path. */
class RoutesProviderTest {
    private static final List<InstanceRef> GW4 = List.of(new InstanceRef("gw4", AddressFamily.IPV4, 51, "lan0"));
    private final RoutesProvider provider = new RoutesProvider();

    private static RoutesConfig.Route route(String to, String via, String dev, String table, String metric, String type) {
        return new RoutesConfig.Route(to, via, dev, table, metric, type);
    }

    @Test
    void acceptsTheDesignExampleAndReadsItIntoKernelRoutes() {
        RoutesConfig c = new RoutesConfig(List.of("gw4"), null, List.of(
                route("203.0.113.0/25", "198.51.100.1", "eth1", "100", "10", null),
                route("198.51.100.128/25", null, null, null, null, "blackhole"),
                route("default", "2001:db8:ff::1", null, "main", null, null),
                route("2001:db8:5::1", null, "eth1", null, null, null)),
                List.of(new RoutesConfig.Rule("192.0.2.0/24", null, "100", "100"),
                        new RoutesConfig.Rule(null, "2001:db8:99::/48", "main", null)));
        assertEquals(List.of(), provider.validate(c, GW4));
        WantedRoutes w = WantedRoutes.of(c);
        assertEquals(4, w.routes().size());
        assertEquals("203.0.113.0/25 via 198.51.100.1 dev eth1 table 100 metric 10", w.routes().get(0).toString());
        assertEquals(RouteType.BLACKHOLE, w.routes().get(1).type());
        assertEquals(254, w.routes().get(1).table());
        assertEquals(0, w.routes().get(2).prefixLength());
        assertEquals(128, w.routes().get(3).prefixLength(), "an address alone is a host route");
        assertEquals(0, w.rules().get(1).priority(), "no priority: the kernel's choice");
        assertEquals(AddressFamily.IPV6, w.rules().get(1).family());
    }

    @Test
    void reportsEveryBadValueAtItsOwnPath() {
        RoutesConfig c = new RoutesConfig(List.of("gw4"), null, List.of(
                route("203.0.113.5/25", "198.51.100.1", null, "255", "-1", null),
                route("nowhere", "2001:db8::1", "eth1", "lots", null, "anycast"),
                route("198.51.100.0/24", "198.51.100.1", "eth1", null, null, "blackhole"),
                route("192.0.2.0/24", null, null, null, null, null),
                route(null, "0.0.0.0", "much/too/long/a/name", null, "4294967296", null),
                route("198.51.100.0/24", null, "eth1", "main", "0", "unicast")),
                List.of(new RoutesConfig.Rule(null, null, null, "0"),
                        new RoutesConfig.Rule("192.0.2.0/24", "2001:db8::/32", "100", null)));
        Map<String, String> byPath = provider.validate(c, GW4).stream()
                .collect(Collectors.toMap(HookConfigProblem::path, HookConfigProblem::toString, (a, b) -> a + " | " + b));
        assertTrue(byPath.get("routes[0].to").contains("host bits set (expected: its network address, 203.0.113.0/25)"),
                byPath::toString);
        assertTrue(byPath.get("routes[0].table").contains("255 is the kernel's local table"), byPath::toString);
        assertTrue(byPath.get("routes[0].metric").contains("\"-1\" is out of range (expected: 0-4294967295)"), byPath::toString);
        assertTrue(byPath.get("routes[1].to").contains("not an address prefix"), byPath::toString);
        assertTrue(byPath.get("routes[1].table").contains("\"lots\" is not a routing table"), byPath::toString);
        assertTrue(byPath.get("routes[1].type").contains("unicast, blackhole, unreachable or prohibit"), byPath::toString);
        assertTrue(byPath.get("routes[2].via").contains("blackhole route has no via"), byPath::toString);
        assertTrue(byPath.get("routes[2].dev").contains("blackhole route has no dev"), byPath::toString);
        assertTrue(byPath.get("routes[3]").contains("needs a via, a dev or both"), byPath::toString);
        assertTrue(byPath.get("routes[4].to").contains("missing required field"), byPath::toString);
        assertTrue(byPath.get("routes[4].via").contains("cannot be a next hop"), byPath::toString);
        assertTrue(byPath.get("routes[4].dev").contains("is not an interface name"), byPath::toString);
        assertTrue(byPath.get("routes[4].metric").contains("out of range"), byPath::toString);
        assertTrue(byPath.get("rules[0]").contains("needs a from, a to or both"), byPath::toString);
        assertTrue(byPath.get("rules[0].table").contains("missing required field"), byPath::toString);
        assertTrue(byPath.get("rules[0].priority").contains("\"0\" is out of range (expected: 1-4294967295)"), byPath::toString);
        assertTrue(byPath.get("rules[1].to").contains("prefixes of one family"), byPath::toString);
        assertEquals(17, byPath.size(), byPath::toString);
    }

    @Test
    void refusesTwoRoutesInOneKernelPlaceAndAnEmptyHook() {
        RoutesConfig twice = new RoutesConfig(List.of("gw4"), null, List.of(
                route("203.0.113.0/25", "198.51.100.1", null, null, null, null),
                route("203.0.113.0/25", null, null, "main", "0", "blackhole")), null);
        List<HookConfigProblem> p = provider.validate(twice, GW4);
        assertEquals(1, p.size(), p::toString);
        assertEquals("routes[1]", p.get(0).path());
        assertTrue(p.get(0).message().contains("same destination, table and metric as routes[0]"), p::toString);

        List<HookConfigProblem> empty = provider.validate(new RoutesConfig(List.of("gw4"), null, null, null), GW4);
        assertEquals("routes", empty.get(0).path(), empty::toString);
    }

    @Test
    void everyDevMustBeAnInterfaceOfThisHost() {
        RoutesConfig c = new RoutesConfig(List.of("gw4"), null, List.of(
                route("203.0.113.0/25", null, "eth1", null, null, null),
                route("203.0.113.128/25", null, "eth9", null, null, null)), null);
        List<Link> links = List.of(new Link(2, "eth1", null, true, true, true, OperState.UP, 1500));
        List<HookConfigProblem> p = provider.checkOnHost(c, links);
        assertEquals(1, p.size(), p::toString);
        assertEquals("routes[1].dev", p.get(0).path());
        assertTrue(p.get(0).message().contains("\"eth9\" does not exist"), p::toString);
    }
}
