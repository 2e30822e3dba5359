package io.vrrpd.hooks.kernel.rtnetlink;

import io.vrrpd.hooks.kernel.Errno;
import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.hooks.kernel.RouteLookup;
import io.vrrpd.hooks.kernel.RouteSpec;
import io.vrrpd.hooks.kernel.RouteType;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

import static io.vrrpd.hooks.kernel.rtnetlink.KernelLab.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Route replace/delete/list and route lookup, each checked against {@code ip -j route}. */
class RoutesTest {
    private static final String PROTO = Integer.toString(RouteSpec.PROTOCOL_VRRPD);

    @Test
    void replacesAndDeletesIpv4DefaultRouteInTableWithMetricAndProtocol() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            int eth0 = k.ifindex(k.a, "eth0");
            k.sh(k.a, "ip", "addr", "add", "198.51.100.10/24", "dev", "eth0");
            RouteSpec first = RouteSpec.defaultRoute(addr("198.51.100.1"), eth0, 100, 50);
            k.kernel.replaceRoute(first);
            JsonNode routes = k.ip(k.a, "route", "show", "table", "100", "proto", PROTO);
            assertEquals(1, routes.size(), routes::toString);
            JsonNode r = routes.get(0);
            assertEquals("default", r.get("dst").asText());
            assertEquals("198.51.100.1", r.get("gateway").asText());
            assertEquals("eth0", r.get("dev").asText());
            assertEquals(50, r.get("metric").asInt());

            // replace: same destination, table and metric, new gateway; still one route
            RouteSpec second = RouteSpec.defaultRoute(addr("198.51.100.2"), eth0, 100, 50);
            k.kernel.replaceRoute(second);
            routes = k.ip(k.a, "route", "show", "table", "100", "proto", PROTO);
            assertEquals(1, routes.size(), routes::toString);
            assertEquals("198.51.100.2", routes.get(0).get("gateway").asText());
            assertEquals(List.of(second), k.kernel.routes(RouteSpec.PROTOCOL_VRRPD));
            assertEquals(0, k.ip(k.a, "route", "show", "table", "main", "proto", PROTO).size(), "leaked into main");

            k.kernel.deleteRoute(second);
            assertEquals(0, k.ip(k.a, "route", "show", "table", "100").size());
            assertEquals(List.of(), k.kernel.routes(RouteSpec.PROTOCOL_VRRPD));

            KernelException e = assertThrows(KernelException.class, () -> k.kernel.deleteRoute(second));
            assertEquals("RTM_DELROUTE", e.call());
            assertTrue(Set.of(Errno.ESRCH, Errno.ENOENT).contains(e.errno()), e::getMessage);
        }
    }

    @Test
    void replacesAndDeletesIpv6DefaultRouteInTableWithMetricAndProtocol() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            int eth0 = k.ifindex(k.a, "eth0");
            k.kernel.addAddress(eth0, addr("2001:db8:ff::10"), 64, true, 0);
            RouteSpec route = RouteSpec.defaultRoute(addr("2001:db8:ff::1"), eth0, 100, 50);
            k.kernel.replaceRoute(route);
            JsonNode routes = k.ip(k.a, "-6", "route", "show", "table", "100", "proto", PROTO);
            assertEquals(1, routes.size(), routes::toString);
            JsonNode r = routes.get(0);
            assertEquals("default", r.get("dst").asText());
            assertEquals("2001:db8:ff::1", r.get("gateway").asText());
            assertEquals("eth0", r.get("dev").asText());
            assertEquals(50, r.get("metric").asInt());
            assertEquals(List.of(route), k.kernel.routes(RouteSpec.PROTOCOL_VRRPD));

            RouteSpec moved = RouteSpec.defaultRoute(addr("2001:db8:ff::2"), eth0, 100, 50);
            k.kernel.replaceRoute(moved);
            routes = k.ip(k.a, "-6", "route", "show", "table", "100", "proto", PROTO);
            assertEquals(1, routes.size(), routes::toString);
            assertEquals("2001:db8:ff::2", routes.get(0).get("gateway").asText());

            k.kernel.deleteRoute(moved);
            assertEquals(0, k.ip(k.a, "-6", "route", "show", "table", "100").size());
            KernelException e = assertThrows(KernelException.class, () -> k.kernel.deleteRoute(moved));
            assertEquals("RTM_DELROUTE", e.call());
            assertTrue(Set.of(Errno.ESRCH, Errno.ENOENT).contains(e.errno()), e::getMessage);
        }
    }

    @Test
    void deleteTouchesOnlyRoutesWithOurProtocolTag() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            int eth0 = k.ifindex(k.a, "eth0");
            k.sh(k.a, "ip", "addr", "add", "198.51.100.10/24", "dev", "eth0");
            k.sh(k.a, "ip", "route", "add", "default", "via", "198.51.100.1", "metric", "50", "proto", "static");
            KernelException e = assertThrows(KernelException.class,
                    () -> k.kernel.deleteRoute(RouteSpec.defaultRoute(addr("198.51.100.1"), eth0, RouteSpec.TABLE_MAIN, 50)));
            assertEquals(Errno.ESRCH, e.errno(), e::getMessage);
            assertEquals(1, k.ip(k.a, "route", "show", "default").size(), "the operator's route must survive");
        }
    }

    @Test
    void looksUpIpv4RouteLikeIpRouteGet() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            int eth0 = k.ifindex(k.a, "eth0");
            k.kernel.addAddress(eth0, addr("198.51.100.10"), 24, false, 0);
            k.kernel.replaceRoute(RouteSpec.defaultRoute(addr("198.51.100.1"), eth0, RouteSpec.TABLE_MAIN, 0));
            InetAddress target = addr("203.0.113.1");
            RouteLookup found = k.kernel.lookup(target);
            JsonNode ip = k.ip(k.a, "route", "get", "203.0.113.1").get(0);
            assertEquals(ip.get("gateway").asText(), found.gateway().getHostAddress());
            assertEquals(k.ifindex(k.a, ip.get("dev").asText()), found.oif());
            assertEquals(ip.get("prefsrc").asText(), found.preferredSource().getHostAddress());
            assertEquals(RouteSpec.TABLE_MAIN, found.table());
            assertEquals(RouteType.UNICAST, found.type());

            RouteLookup onLink = k.kernel.lookup(addr("198.51.100.20"));
            assertNull(onLink.gateway(), onLink::toString);
            assertEquals(eth0, onLink.oif());
        }
    }

    @Test
    void looksUpIpv6RouteLikeIpRouteGet() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            int eth0 = k.ifindex(k.a, "eth0");
            k.kernel.addAddress(eth0, addr("2001:db8:ff::10"), 64, true, 0);
            k.kernel.replaceRoute(RouteSpec.defaultRoute(addr("2001:db8:ff::1"), eth0, RouteSpec.TABLE_MAIN, 0));
            RouteLookup found = k.kernel.lookup(addr("2001:db8:99::1"));
            JsonNode ip = k.ip(k.a, "route", "get", "2001:db8:99::1").get(0);
            assertEquals(addr(ip.get("gateway").asText()), found.gateway());
            assertEquals(k.ifindex(k.a, ip.get("dev").asText()), found.oif());
            assertEquals(addr(ip.get("prefsrc").asText()), found.preferredSource());
            assertEquals(RouteSpec.TABLE_MAIN, found.table());
        }
    }

    @Test
    void lookupWithoutRouteIsUnreachable() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            KernelException v4 = assertThrows(KernelException.class, () -> k.kernel.lookup(addr("203.0.113.1")));
            assertEquals("RTM_GETROUTE", v4.call());
            assertTrue(Set.of(Errno.ENETUNREACH, Errno.EHOSTUNREACH).contains(v4.errno()), v4::getMessage);
            KernelException v6 = assertThrows(KernelException.class, () -> k.kernel.lookup(addr("2001:db8:99::1")));
            assertEquals("RTM_GETROUTE", v6.call());
            assertTrue(Set.of(Errno.ENETUNREACH, Errno.EHOSTUNREACH).contains(v6.errno()), v6::getMessage);

            k.sh(k.a, "ip", "route", "add", "unreachable", "203.0.113.0/24");
            KernelException typed = assertThrows(KernelException.class, () -> k.kernel.lookup(addr("203.0.113.1")));
            assertTrue(Set.of(Errno.ENETUNREACH, Errno.EHOSTUNREACH).contains(typed.errno()), typed::getMessage);
        }
    }

    @Test
    void lookupHonoursSourceAndOutgoingInterface() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            int eth0 = k.ifindex(k.a, "eth0");
            k.kernel.addAddress(eth0, addr("198.51.100.10"), 24, false, 0);
            k.kernel.addAddress(eth0, addr("198.51.100.11"), 24, false, 0);
            k.kernel.replaceRoute(RouteSpec.defaultRoute(addr("198.51.100.1"), eth0, RouteSpec.TABLE_MAIN, 0));
            RouteLookup found = k.kernel.lookup(addr("203.0.113.1"), addr("198.51.100.11"), eth0);
            JsonNode ip = k.ip(k.a, "route", "get", "203.0.113.1", "from", "198.51.100.11", "oif", "eth0").get(0);
            assertEquals(ip.get("gateway").asText(), found.gateway().getHostAddress());
            assertEquals(eth0, found.oif());
        }
    }
}
