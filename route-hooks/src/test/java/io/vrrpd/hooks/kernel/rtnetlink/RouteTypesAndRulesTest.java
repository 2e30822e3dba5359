package io.vrrpd.hooks.kernel.rtnetlink;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.core.AddressFamily;
import io.vrrpd.hooks.kernel.Errno;
import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.hooks.kernel.RouteSpec;
import io.vrrpd.hooks.kernel.RouteType;
import io.vrrpd.hooks.kernel.RuleSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.vrrpd.hooks.kernel.rtnetlink.KernelLab.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Blackhole, unreachable and prohibit routes, and policy rules, each checked against {@code ip -j}. */
class RouteTypesAndRulesTest {
    private static final int PROTO = RouteSpec.PROTOCOL_VRRPD;

    @Test
    void installsListsAndDeletesEveryDroppingTypeInBothFamilies() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            List<RouteSpec> routes = List.of(
                    new RouteSpec(addr("198.51.100.128"), 25, null, 0, 100, 10, PROTO, RouteType.BLACKHOLE),
                    new RouteSpec(addr("203.0.113.0"), 26, null, 0, 100, 0, PROTO, RouteType.UNREACHABLE),
                    new RouteSpec(addr("203.0.113.64"), 26, null, 0, RouteSpec.TABLE_MAIN, 0, PROTO, RouteType.PROHIBIT),
                    new RouteSpec(addr("2001:db8:66::"), 48, null, 0, 100, 0, PROTO, RouteType.BLACKHOLE));
            for (RouteSpec r : routes) {
                k.kernel.replaceRoute(r);
            }
            JsonNode v4 = k.ip(k.a, "route", "show", "table", "100", "proto", Integer.toString(PROTO));
            assertEquals(2, v4.size(), v4::toString);
            assertEquals("blackhole", v4.get(0).get("type").asText(), v4::toString);
            assertEquals("198.51.100.128/25", v4.get(0).get("dst").asText());
            assertEquals(10, v4.get(0).get("metric").asInt());
            assertEquals("unreachable", v4.get(1).get("type").asText(), v4::toString);
            JsonNode main = k.ip(k.a, "route", "show", "table", "main", "proto", Integer.toString(PROTO));
            assertEquals("prohibit", main.get(0).get("type").asText(), main::toString);
            JsonNode v6 = k.ip(k.a, "-6", "route", "show", "table", "100", "proto", Integer.toString(PROTO));
            assertEquals("blackhole", v6.get(0).get("type").asText(), v6::toString);

            List<RouteSpec> listed = k.kernel.routes(PROTO);
            assertEquals(4, listed.size(), listed::toString);
            for (RouteSpec want : routes) {
                assertTrue(listed.stream().anyMatch(r -> r.type() == want.type() && r.destination().equals(want.destination())
                        && r.prefixLength() == want.prefixLength() && r.table() == want.table() && r.gateway() == null),
                        () -> want + " not among " + listed);
            }
            KernelException e = assertThrows(KernelException.class, () -> k.kernel.lookup(addr("198.51.100.200"), null, 0));
            assertEquals(Errno.ENETUNREACH, e.errno(), e::getMessage); // table 100 has no rule yet: main has no route
            for (RouteSpec r : routes) {
                k.kernel.deleteRoute(r);
            }
            assertEquals(List.of(), k.kernel.routes(PROTO));
        }
    }

    @Test
    void addsListsAndDeletesTaggedRulesInBothFamilies() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            RuleSpec from = new RuleSpec(AddressFamily.IPV4, addr("192.0.2.0"), 24, null, 0, 100, 100, PROTO);
            RuleSpec to = new RuleSpec(AddressFamily.IPV4, null, 0, addr("203.0.113.0"), 25, 1000, 0, PROTO);
            RuleSpec six = new RuleSpec(AddressFamily.IPV6, addr("2001:db8:1::"), 64, addr("2001:db8:99::"), 48, 100, 200,
                    PROTO);
            assertTrue(k.kernel.addRule(from));
            assertTrue(k.kernel.addRule(to));
            assertTrue(k.kernel.addRule(six));
            assertFalse(k.kernel.addRule(from), "an equal rule is not added twice");

            JsonNode v4 = k.ip(k.a, "rule", "show");
            JsonNode ours = filter(v4, "vrrpd", "200");
            assertEquals(2, ours.size(), v4::toString);
            JsonNode first = byTable(ours, "100");
            assertEquals(100, first.get("priority").asInt(), v4::toString);
            assertEquals("192.0.2.0", first.get("src").asText());
            assertEquals(24, first.get("srclen").asInt());
            assertEquals("100", first.get("table").asText());
            JsonNode second = byTable(ours, "1000");
            assertEquals("203.0.113.0", second.get("dst").asText(), v4::toString);
            assertEquals(25, second.get("dstlen").asInt());
            assertEquals(99, second.get("priority").asInt(), "no priority given: the kernel's choice, before the first");
            JsonNode v6 = filter(k.ip(k.a, "-6", "rule", "show"), "vrrpd", "200");
            assertEquals(1, v6.size(), v6::toString);
            assertEquals("2001:db8:1::", v6.get(0).get("src").asText());
            assertEquals("2001:db8:99::", v6.get(0).get("dst").asText());

            List<RuleSpec> listed = k.kernel.rules().stream().filter(RuleSpec::installedByVrrpd).toList();
            assertEquals(3, listed.size(), listed::toString);
            assertTrue(listed.contains(from), listed::toString);
            assertTrue(listed.contains(six), listed::toString);
            assertTrue(listed.stream().anyMatch(r -> r.table() == 1000 && r.priority() != 0), "the kernel picked a priority");

            for (RuleSpec r : List.of(from, to, six)) {
                k.kernel.deleteRule(r);
            }
            assertEquals(List.of(), k.kernel.rules().stream().filter(RuleSpec::installedByVrrpd).toList());
            KernelException e = assertThrows(KernelException.class, () -> k.kernel.deleteRule(from));
            assertEquals("RTM_DELRULE", e.call());
            assertTrue(Set.of(Errno.ENOENT, Errno.ESRCH).contains(e.errno()), e::getMessage);
        }
    }

    private static JsonNode byTable(JsonNode rules, String table) {
        for (JsonNode r : rules) {
            if (r.path("table").asText().equals(table)) {
                return r;
            }
        }
        throw new AssertionError("no rule for table " + table + " in " + rules);
    }

    /** The rules whose protocol ip shows as {@code name} or {@code number}. */
    private static JsonNode filter(JsonNode rules, String name, String number) {
        var out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        for (JsonNode r : rules) {
            String p = r.path("protocol").asText("");
            if (p.equals(name) || p.equals(number)) {
                out.add(r);
            }
        }
        return out;
    }
}
