package io.vrrpd.hooks.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.hooks.Hook;
import io.vrrpd.hooks.HookResult;
import io.vrrpd.hooks.HookResult.Failed;
import io.vrrpd.hooks.HookResult.FailureReason;
import io.vrrpd.hooks.HookResult.Verified;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.ReportedState;
import io.vrrpd.hooks.kernel.Kernel;
import io.vrrpd.hooks.kernel.KernelEvent;
import io.vrrpd.hooks.kernel.RouteLookup;
import io.vrrpd.hooks.testlab.Lab;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.vrrpd.hooks.builtin.GatewayLab.GW4;
import static io.vrrpd.hooks.builtin.GatewayLab.GW6;
import static io.vrrpd.hooks.builtin.GatewayLab.NET4;
import static io.vrrpd.hooks.builtin.GatewayLab.UP4;
import static io.vrrpd.hooks.builtin.GatewayLab.VIP4;
import static io.vrrpd.hooks.builtin.GatewayLab.deadline;
import static io.vrrpd.hooks.builtin.GatewayLab.event;
import static io.vrrpd.hooks.builtin.GatewayLab.takeover;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The routes hook against the real kernel in lab namespaces; {@code ip -j route} and {@code ip -j rule} observe. */
class RoutesHookTest {
    private static final RoutesConfig.Route VIA_TABLE = new RoutesConfig.Route("203.0.113.0/25", "198.51.100.1", "up0",
            "100", "10", null);
    private static final RoutesConfig.Route BLACKHOLE = new RoutesConfig.Route("198.51.100.128/25", null, null, null, null,
            "blackhole");
    private static final RoutesConfig.Route UNREACHABLE6 = new RoutesConfig.Route("2001:db8:66::/48", null, null, "100", null,
            "unreachable");
    private static final RoutesConfig.Rule FROM_LAN = new RoutesConfig.Rule("192.0.2.0/24", null, "100", "100");

    private static Verified verified(HookResult r) {
        return assertInstanceOf(Verified.class, r, () -> "expected Verified, got " + r);
    }

    private static Hook hook(GatewayLab l, List<RoutesConfig.Route> routes, List<RoutesConfig.Rule> rules, InstanceRef... to) {
        RoutesProvider provider = new RoutesProvider();
        List<InstanceRef> refs = List.of(to);
        RoutesConfig c = new RoutesConfig(refs.stream().map(InstanceRef::name).toList(), null, routes, rules);
        var problems = provider.validate(c, refs);
        assertEquals(List.of(), problems);
        return provider.create(c, Lab.hookContextIn(l.r, l.kernel, refs));
    }

    @Test
    void installsOnMasterRemovesOnBackupAndThePolicyRuleSteersTheLanIntoItsTable() throws Exception {
        try (GatewayLab l = GatewayLab.create()) {
            Hook hook = hook(l, List.of(VIA_TABLE, BLACKHOLE, UNREACHABLE6), List.of(FROM_LAN), GW4);
            Verified v = verified(hook.onTransition(takeover(GW4), deadline(hook)));
            assertTrue(v.detail().contains("203.0.113.0/25 via 198.51.100.1 dev up0 table 100 metric 10"), v::detail);

            JsonNode t100 = l.ourRoutes(false, "100");
            assertEquals(1, t100.size(), t100::toString);
            assertEquals("203.0.113.0/25", t100.get(0).get("dst").asText());
            assertEquals("198.51.100.1", t100.get(0).get("gateway").asText());
            assertEquals("up0", t100.get(0).get("dev").asText());
            assertEquals(10, t100.get(0).get("metric").asInt());
            JsonNode main = l.ourRoutes(false, "main");
            assertEquals(1, main.size(), main::toString);
            assertEquals("blackhole", main.get(0).get("type").asText(), main::toString);
            JsonNode six = l.ourRoutes(true, "100");
            assertEquals("unreachable", six.get(0).get("type").asText(), six::toString);
            JsonNode rules = ourRules(l);
            assertEquals(1, rules.size(), rules::toString);
            assertEquals(100, rules.get(0).get("priority").asInt());
            assertEquals("192.0.2.0", rules.get(0).get("src").asText());
            // what the rule and the route do together: the LAN's traffic leaves by table 100
            RouteLookup fromLan = l.kernel.lookup(NET4, VIP4, 0);
            assertEquals(100, fromLan.table(), fromLan::toString);
            assertEquals(UP4, fromLan.gateway());

            Verified back = verified(hook.onTransition(event(GW4, ReportedState.MASTER, ReportedState.BACKUP), deadline(hook)));
            assertTrue(back.detail().startsWith("removed"), back::detail);
            assertEquals(0, l.ourRoutes(false, "100").size());
            assertEquals(0, l.ourRoutes(false, "main").size());
            assertEquals(0, l.ourRoutes(true, "100").size());
            assertEquals(0, ourRules(l).size());
            assertTrue(verified(hook.reverify(GW4, deadline(hook))).detail().startsWith("nothing held"),
                    "a backup restores nothing");
            assertEquals(0, l.ourRoutes(false, "100").size());
        }
    }

    @Test
    void aRouteOrRuleDeletedBehindItsBackIsNoticedAndRestored() throws Exception {
        try (GatewayLab l = GatewayLab.create()) {
            Hook hook = hook(l, List.of(VIA_TABLE, BLACKHOLE), List.of(FROM_LAN), GW4);
            verified(hook.onTransition(takeover(GW4), deadline(hook)));
            List<KernelEvent> seen = new CopyOnWriteArrayList<>();
            try (Kernel.Watch watch = l.kernel.watch(seen::add)) {
                l.lab.in(l.r, "ip", "route", "del", "203.0.113.0/25", "table", "100");
                await().atMost(Duration.ofSeconds(5)).until(() -> seen.stream().anyMatch(hook::affectedBy));
                Verified v = verified(hook.reverify(GW4, deadline(hook)));
                assertEquals(1, v.restored().size(), v::toString);
                assertTrue(v.restored().get(0).startsWith("203.0.113.0/25 via 198.51.100.1"), v::toString);
                assertEquals(1, l.ourRoutes(false, "100").size());

                seen.clear();
                l.lab.in(l.r, "ip", "rule", "del", "priority", "100");
                await().atMost(Duration.ofSeconds(5)).until(() -> seen.stream().anyMatch(hook::affectedBy));
                v = verified(hook.reverify(GW4, deadline(hook)));
                assertEquals(1, v.restored().size(), v::toString);
                assertTrue(v.restored().get(0).startsWith("rule from 192.0.2.0/24"), v::toString);
                assertEquals(1, ourRules(l).size());

                // a flushed uplink takes the route with it, silently in IPv4: the address change is the cue
                seen.clear();
                l.lab.in(l.r, "ip", "addr", "flush", "dev", "up0");
                await().atMost(Duration.ofSeconds(5)).until(() -> seen.stream().anyMatch(hook::affectedBy));
                Failed f = assertInstanceOf(Failed.class, hook.reverify(GW4, deadline(hook)));
                assertEquals(FailureReason.ROUTE_NOT_INSTALLED, f.reason(), f::toString);
                l.lab.in(l.r, "ip", "addr", "add", "198.51.100.10/24", "dev", "up0");
                v = verified(hook.reverify(GW4, deadline(hook)));
                assertFalse(v.restored().isEmpty(), v::toString);
                assertEquals(1, l.ourRoutes(false, "100").size());
            }
        }
    }

    @Test
    void aRouteTwoInstancesNeedStaysWhileEitherIsMaster() throws Exception {
        try (GatewayLab l = GatewayLab.create()) {
            Hook four = hook(l, List.of(VIA_TABLE, BLACKHOLE), List.of(), GW4);
            Hook six = hook(l, List.of(BLACKHOLE), List.of(), GW6);
            verified(four.onTransition(takeover(GW4), deadline(four)));
            verified(six.onTransition(takeover(GW6), deadline(six)));
            assertEquals(1, l.ourRoutes(false, "main").size());

            Verified v = verified(four.onTransition(event(GW4, ReportedState.MASTER, ReportedState.BACKUP), deadline(four)));
            assertTrue(v.detail().contains("kept blackhole 198.51.100.128/25 (still needed by gw6)"), v::detail);
            assertEquals(0, l.ourRoutes(false, "100").size(), "the route only gw4 needs is gone");
            assertEquals(1, l.ourRoutes(false, "main").size(), "the shared blackhole stays while gw6 is master");

            verified(six.onTransition(event(GW6, ReportedState.MASTER, ReportedState.FAULT), deadline(six)));
            assertEquals(0, l.ourRoutes(false, "main").size(), "gone with its last master");
        }
    }

    /** {@code ip -j rule show} in the router, vrrpd's (protocol 200) only. */
    private static JsonNode ourRules(GatewayLab l) {
        var out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        for (JsonNode r : Lab.json(l.lab.in(l.r, "ip", "-j", "rule", "show"))) {
            String p = r.path("protocol").asText("");
            if (p.equals("200") || p.equals("vrrpd")) {
                out.add(r);
            }
        }
        return out;
    }
}
