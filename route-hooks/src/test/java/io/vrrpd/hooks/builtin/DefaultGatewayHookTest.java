package io.vrrpd.hooks.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.hooks.Hook;
import io.vrrpd.hooks.HookResult;
import io.vrrpd.hooks.HookResult.Failed;
import io.vrrpd.hooks.HookResult.FailureReason;
import io.vrrpd.hooks.HookResult.Verified;
import io.vrrpd.hooks.HookRunner;
import io.vrrpd.hooks.ReportedState;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.OnBackup;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.Probe;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.ProbeSource;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.ProbeType;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.vrrpd.hooks.builtin.GatewayLab.GW4;
import static io.vrrpd.hooks.builtin.GatewayLab.GW6;
import static io.vrrpd.hooks.builtin.GatewayLab.NET4;
import static io.vrrpd.hooks.builtin.GatewayLab.NET6;
import static io.vrrpd.hooks.builtin.GatewayLab.UP4;
import static io.vrrpd.hooks.builtin.GatewayLab.UP6;
import static io.vrrpd.hooks.builtin.GatewayLab.addr;
import static io.vrrpd.hooks.builtin.GatewayLab.deadline;
import static io.vrrpd.hooks.builtin.GatewayLab.event;
import static io.vrrpd.hooks.builtin.GatewayLab.takeover;
import static io.vrrpd.hooks.builtin.GatewayLab.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default-gateway hook against the real kernel in lab namespaces; {@code ip -j route} observes. */
class DefaultGatewayHookTest {

    private static Verified verified(HookResult r) {
        return assertInstanceOf(Verified.class, r, () -> "expected Verified, got " + r);
    }

    private static Failed failed(HookResult r, FailureReason reason) {
        Failed f = assertInstanceOf(Failed.class, r, () -> "expected Failed(" + reason + "), got " + r);
        assertEquals(reason, f.reason(), f::toString);
        return f;
    }

    @Test
    void ipv4TakeoverInstallsTaggedRouteAndVerifiesThenBackupWithdrawsIt() throws Exception {
        try (GatewayLab l = GatewayLab.create(); HookRunner runner = new HookRunner("test-hook")) {
            Hook hook = l.hook(DefaultGatewayConfig.of(List.of("gw4"), UP4, "up0"), GW4);
            HookResult r = runner.onTransition(hook, takeover(GW4)).get(5, TimeUnit.SECONDS);
            Verified v = verified(r);
            assertTrue(v.detail().contains("via 198.51.100.1 dev up0"), v::detail);
            assertTrue(v.detail().contains("neighbour 198.51.100.1 REACHABLE"), v::detail);

            JsonNode routes = l.ourRoutes(false, "main");
            assertEquals(1, routes.size(), routes::toString);
            assertEquals("default", routes.get(0).get("dst").asText());
            assertEquals("198.51.100.1", routes.get(0).get("gateway").asText());
            assertEquals("up0", routes.get(0).get("dev").asText());

            Verified back = verified(runner.onTransition(hook, event(GW4, ReportedState.MASTER, ReportedState.BACKUP))
                    .get(5, TimeUnit.SECONDS));
            assertTrue(back.detail().startsWith("withdrew"), back::detail);
            assertEquals(0, l.ourRoutes(false, "main").size());
            // withdrawing again is not an error: the route is simply not there
            assertTrue(verified(hook.onTransition(event(GW4, ReportedState.BACKUP, ReportedState.FAULT), deadline(hook)))
                    .detail().startsWith("nothing to withdraw"));
        }
    }

    @Test
    void ipv6TakeoverInstallsTaggedRouteAndVerifiesThenFaultWithdrawsIt() throws Exception {
        try (GatewayLab l = GatewayLab.create()) {
            Hook hook = l.hook(DefaultGatewayConfig.of(List.of("gw6"), UP6, "up0"), GW6);
            Verified v = verified(hook.onTransition(takeover(GW6), deadline(hook)));
            assertTrue(v.detail().contains("2001:db8:99::1 via 2001:db8:ff::1 dev up0"), v::detail);
            JsonNode routes = l.ourRoutes(true, "main");
            assertEquals(1, routes.size(), routes::toString);
            assertEquals("2001:db8:ff::1", routes.get(0).get("gateway").asText());
            assertEquals("up0", routes.get(0).get("dev").asText());

            verified(hook.onTransition(event(GW6, ReportedState.MASTER, ReportedState.FAULT), deadline(hook)));
            assertEquals(0, l.ourRoutes(true, "main").size());
        }
    }

    @Test
    void onBackupKeepLeavesTheRouteAndViaReplacesIt() throws Exception {
        try (GatewayLab l = GatewayLab.create()) {
            Hook keep = l.hook(DefaultGatewayConfig.of(List.of("gw4"), UP4, "up0").withOnBackup(OnBackup.KEEP), GW4);
            verified(keep.onTransition(takeover(GW4), deadline(keep)));
            verified(keep.onTransition(event(GW4, ReportedState.MASTER, ReportedState.BACKUP), deadline(keep)));
            JsonNode routes = l.ourRoutes(false, "main");
            assertEquals(1, routes.size(), routes::toString);
            assertEquals("198.51.100.1", routes.get(0).get("gateway").asText());

            Hook via = l.hook(DefaultGatewayConfig.of(List.of("gw4"), UP4, "up0")
                    .withOnBackup(OnBackup.via(addr("198.51.100.2"))), GW4);
            verified(via.onTransition(takeover(GW4), deadline(via)));
            verified(via.onTransition(event(GW4, ReportedState.MASTER, ReportedState.BACKUP), deadline(via)));
            routes = l.ourRoutes(false, "main");
            assertEquals(1, routes.size(), routes::toString);
            assertEquals("198.51.100.2", routes.get(0).get("gateway").asText());
            // taking over again puts the master's gateway back in place of the backup's
            verified(via.onTransition(takeover(GW4), deadline(via)));
            routes = l.ourRoutes(false, "main");
            assertEquals(1, routes.size(), routes::toString);
            assertEquals("198.51.100.1", routes.get(0).get("gateway").asText());
        }
    }

    @Test
    void routeIsWithdrawnOnlyWhenNoBoundInstanceIsMasterAnyMore() throws Exception {
        try (GatewayLab l = GatewayLab.create()) {
            var other = new io.vrrpd.hooks.InstanceRef("gw4b", io.vrrpd.core.AddressFamily.IPV4, 52, "lan0");
            Hook hook = l.hook(DefaultGatewayConfig.of(List.of("gw4", "gw4b"), UP4, "up0"), GW4, other);
            verified(hook.onTransition(takeover(GW4), deadline(hook)));
            verified(hook.onTransition(takeover(other), deadline(hook)));
            assertTrue(verified(hook.onTransition(event(GW4, ReportedState.MASTER, ReportedState.BACKUP), deadline(hook)))
                    .detail().contains("still master for gw4b"));
            assertEquals(1, l.ourRoutes(false, "main").size());
            verified(hook.onStop(event(other, ReportedState.MASTER, ReportedState.INIT), deadline(hook)));
            assertEquals(0, l.ourRoutes(false, "main").size());
        }
    }

    @Test
    void reverifyRestoresADeletedRouteAndSaysSo() throws Exception {
        try (GatewayLab l = GatewayLab.create()) {
            Hook hook = l.hook(DefaultGatewayConfig.of(List.of("gw4"), UP4, "up0"), GW4);
            verified(hook.onTransition(takeover(GW4), deadline(hook)));
            Verified steady = verified(hook.reverify(GW4, deadline(hook)));
            assertEquals(List.of(), steady.restored());

            l.lab.in(l.r, "ip", "route", "del", "default", "proto", "200");
            assertEquals(0, l.ourRoutes(false, "main").size());
            Verified again = verified(hook.reverify(GW4, deadline(hook)));
            assertEquals(1, again.restored().size(), again::toString);
            assertTrue(again.restored().get(0).contains("default via 198.51.100.1 dev up0"), again::toString);
            assertEquals(1, l.ourRoutes(false, "main").size());
        }
    }

    @Test
    void reverifyRestoresADeletedIpv6RouteDespiteTheKernelsMetric1024() throws Exception {
        try (GatewayLab l = GatewayLab.create()) {
            Hook hook = l.hook(DefaultGatewayConfig.of(List.of("gw6"), UP6, "up0"), GW6);
            verified(hook.onTransition(takeover(GW6), deadline(hook)));
            assertEquals(List.of(), verified(hook.reverify(GW6, deadline(hook))).restored(), "nothing was missing");
            l.lab.in(l.r, "ip", "-6", "route", "del", "default", "proto", "200");
            assertEquals(1, verified(hook.reverify(GW6, deadline(hook))).restored().size());
            assertEquals(1, l.ourRoutes(true, "main").size());
        }
    }

    @Test
    void gatewayAddressGoneFromUpstreamFailsNeighbourResolutionWithEvidence() throws Exception {
        try (GatewayLab l = GatewayLab.create()) {
            l.lab.in(l.u, "ip", "addr", "del", "198.51.100.1/24", "dev", "eth0");
            Hook hook = l.hook(DefaultGatewayConfig.of(List.of("gw4"), UP4, "up0")
                    .withVerify(verify(Duration.ofMillis(800), null)), GW4);
            Failed f = failed(hook.onTransition(takeover(GW4), deadline(hook)), FailureReason.NEIGHBOR_UNRESOLVED);
            assertTrue(f.evidence().routeSeen().contains("via 198.51.100.1 dev up0"), f::toString);
            assertNotNull(f.evidence().neighborState(), f::toString);
            assertTrue(f.evidence().neighborState().matches("198\\.51\\.100\\.1 (INCOMPLETE|FAILED|NONE)"), f::toString);
            // installed all the same: the route is there for when the gateway comes back
            assertEquals(1, l.ourRoutes(false, "main").size());
        }
    }

    @Test
    void aStaleEntryOfADeadGatewayDoesNotVerify() throws Exception {
        try (GatewayLab l = GatewayLab.create()) {
            Hook hook = l.hook(DefaultGatewayConfig.of(List.of("gw4"), UP4, "up0")
                    .withVerify(verify(Duration.ofMillis(1500), null)), GW4);
            verified(hook.onTransition(takeover(GW4), deadline(hook)));
            // the gateway dies, but its MAC stays in the table as STALE, as it would for a while
            l.lab.in(l.u, "ip", "addr", "del", "198.51.100.1/24", "dev", "eth0");
            l.lab.in(l.r, "ip", "neigh", "change", "198.51.100.1", "dev", "up0", "nud", "stale");
            Failed f = failed(hook.reverify(GW4, deadline(hook)), FailureReason.NEIGHBOR_UNRESOLVED);
            assertTrue(f.evidence().neighborState().matches("198\\.51\\.100\\.1 (PROBE|FAILED)"), f::toString);
            assertTrue(f.detail().contains("did not answer ARP/NDP on up0"), f::toString);
        }
    }

    @Test
    void upstreamLinkDownFailsNeighbourResolutionInBothFamiliesWithEvidence() throws Exception {
        try (GatewayLab l = GatewayLab.create()) {
            l.lab.in(l.u, "ip", "link", "set", "eth0", "down");
            Hook hook = l.hook(DefaultGatewayConfig.of(List.of("gw6"), UP6, "up0")
                    .withVerify(verify(Duration.ofMillis(800), null)), GW6);
            Failed f = failed(hook.onTransition(takeover(GW6), deadline(hook)), FailureReason.NEIGHBOR_UNRESOLVED);
            // the kernel keeps a route over a link without carrier, so the lookup still points at it
            assertEquals("2001:db8:99::1 via 2001:db8:ff::1 dev up0 table 254", f.evidence().routeSeen(), f::toString);
            assertEquals("2001:db8:ff::1 INCOMPLETE", f.evidence().neighborState(), f::toString);

            Hook v4 = l.hook(DefaultGatewayConfig.of(List.of("gw4"), UP4, "up0")
                    .withVerify(verify(Duration.ofMillis(800), null)), GW4);
            Failed f4 = failed(v4.onTransition(takeover(GW4), deadline(v4)), FailureReason.NEIGHBOR_UNRESOLVED);
            assertEquals("203.0.113.1 via 198.51.100.1 dev up0 table 254", f4.evidence().routeSeen(), f4::toString);
            assertTrue(f4.evidence().neighborState().matches("198\\.51\\.100\\.1 (INCOMPLETE|FAILED)"), f4::toString);
        }
    }

    /** Every default route of the family in table main, whoever added it, as "via GATEWAY proto PROTO". */
    private static List<String> defaults(GatewayLab l, boolean v6) {
        List<String> out = new java.util.ArrayList<>();
        l.lab.ipJson(l.r, v6 ? "-6" : "-4", "route", "show", "default").forEach(r ->
                out.add("via " + r.path("gateway").asText() + " proto " + r.path("protocol").asText()));
        return out;
    }

    /**
     * An operator's default route in our table with our metric: a replace would take it over and
     * the withdrawal on backup would then leave the router with no default route at all. The hook
     * uses it as it is when it leads via our gateway, refuses to replace it otherwise (naming it),
     * and never withdraws it.
     */
    @Test
    void aDefaultRouteVrrpdDidNotAddIsNeitherReplacedNorWithdrawn() throws Exception {
        try (GatewayLab l = GatewayLab.create()) {
            l.lab.in(l.r, "ip", "route", "add", "default", "via", "198.51.100.2", "dev", "up0", "proto", "static");
            Hook hook = l.hook(DefaultGatewayConfig.of(List.of("gw4"), UP4, "up0"), GW4);
            Failed f = failed(hook.onTransition(takeover(GW4), deadline(hook)), FailureReason.ROUTE_NOT_INSTALLED);
            assertTrue(f.detail().contains("default via 198.51.100.2") && f.detail().contains("not added by vrrpd"),
                    f::detail);
            assertEquals(List.of("via 198.51.100.2 proto static"), defaults(l, false), "not replaced");
            verified(hook.onTransition(event(GW4, ReportedState.EGRESS_FAILED, ReportedState.BACKUP), deadline(hook)));
            assertEquals(List.of("via 198.51.100.2 proto static"), defaults(l, false), "not withdrawn");

            l.lab.in(l.r, "ip", "-6", "route", "add", "default", "via", "2001:db8:ff::1", "dev", "up0", "proto", "static");
            Hook v6 = l.hook(DefaultGatewayConfig.of(List.of("gw6"), UP6, "up0"), GW6);
            Verified v = verified(v6.onTransition(takeover(GW6), deadline(v6)));
            assertTrue(v.detail().contains("via 2001:db8:ff::1 dev up0"), v::detail);
            verified(v6.onTransition(event(GW6, ReportedState.MASTER, ReportedState.BACKUP), deadline(v6)));
            assertEquals(List.of("via 2001:db8:ff::1 proto static"), defaults(l, true),
                    "an operator's route via our gateway is used as it is and kept");
        }
    }

    @Test
    void aMoreSpecificOperatorRouteIsAFibMismatch() throws Exception {
        try (GatewayLab l = GatewayLab.create()) {
            l.lab.in(l.r, "ip", "route", "add", "203.0.113.0/24", "via", "198.51.100.2", "dev", "up0");
            Hook hook = l.hook(DefaultGatewayConfig.of(List.of("gw4"), UP4, "up0"), GW4);
            Failed f = failed(hook.onTransition(takeover(GW4), deadline(hook)), FailureReason.FIB_MISMATCH);
            assertEquals("203.0.113.1 via 198.51.100.2 dev up0 table 254", f.evidence().routeSeen(), f::toString);
        }
    }

    @Test
    void missingInterfaceIsRouteNotInstalledNamingIt() throws Exception {
        try (GatewayLab l = GatewayLab.create()) {
            Hook hook = l.hook(DefaultGatewayConfig.of(List.of("gw4"), UP4, "wan9"), GW4);
            Failed f = failed(hook.onTransition(takeover(GW4), deadline(hook)), FailureReason.ROUTE_NOT_INSTALLED);
            assertTrue(f.detail().contains("interface wan9 does not exist"), f::toString);
            assertEquals("203.0.113.1: RTM_GETROUTE: Network is unreachable (errno 101)", f.evidence().routeSeen(), f::toString);
        }
    }

    @Test
    void tcpProbeToAListenerOrAClosedPortVerifiesAndSaysWhich() throws Exception {
        try (GatewayLab l = GatewayLab.create(); ServerSocketChannel listener = l.listenUpstream(NET4)) {
            int open = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            Hook hook = l.hook(DefaultGatewayConfig.of(List.of("gw4"), UP4, "up0")
                    .withVerify(verify(Duration.ofSeconds(2), new Probe(ProbeType.TCP, NET4, open, null))), GW4);
            Verified v = verified(hook.onTransition(takeover(GW4), deadline(hook)));
            assertTrue(v.detail().contains("tcp 203.0.113.1:" + open + " connected"), v::detail);

            int closed = l.closedPortUpstream(NET4);
            Hook refused = l.hook(DefaultGatewayConfig.of(List.of("gw4"), UP4, "up0")
                    .withVerify(verify(Duration.ofSeconds(2), new Probe(ProbeType.TCP, NET4, closed, null))), GW4);
            Verified rv = verified(refused.onTransition(takeover(GW4), deadline(refused)));
            assertTrue(rv.detail().contains("refused (the target answered"), rv::detail);
        }
    }

    @Test
    void tcpProbeFromTheVipFailsWithoutAReturnRouteAndPassesWithOne() throws Exception {
        try (GatewayLab l = GatewayLab.create()) {
            int closed = l.closedPortUpstream(NET4);
            Hook hook = l.hook(DefaultGatewayConfig.of(List.of("gw4"), UP4, "up0").withVerify(
                    verify(Duration.ofMillis(700), new Probe(ProbeType.TCP, NET4, closed, ProbeSource.VIP))), GW4);
            Failed f = failed(hook.onTransition(takeover(GW4), deadline(hook)), FailureReason.PROBE_FAILED);
            assertTrue(f.evidence().probeError().contains("tcp 203.0.113.1:" + closed + " from 192.0.2.1"), f::toString);
            assertTrue(f.evidence().routeSeen().contains("via 198.51.100.1 dev up0"), f::toString);
            assertTrue(f.evidence().neighborState().contains("REACHABLE"), f::toString);

            l.addReturnRoutes();
            Verified v = verified(hook.reverify(GW4, deadline(hook)));
            assertTrue(v.detail().contains("from 192.0.2.1 refused"), v::detail);
        }
    }

    @Test
    void ipv6TcpProbeFromTheVip() throws Exception {
        try (GatewayLab l = GatewayLab.create()) {
            l.addReturnRoutes();
            int closed = l.closedPortUpstream(NET6);
            Hook hook = l.hook(DefaultGatewayConfig.of(List.of("gw6"), UP6, "up0").withVerify(
                    verify(Duration.ofSeconds(2), new Probe(ProbeType.TCP, NET6, closed, ProbeSource.VIP))), GW6);
            Verified v = verified(hook.onTransition(takeover(GW6), deadline(hook)));
            assertTrue(v.detail().contains("tcp [2001:db8:99::1]:" + closed + " from 2001:db8:1::1 refused"), v::detail);
        }
    }

    @Test
    void icmpProbeIsARealEchoThatFailsWhenTheTargetIgnoresEchoes() throws Exception {
        try (GatewayLab l = GatewayLab.create()) {
            Hook hook = l.hook(DefaultGatewayConfig.of(List.of("gw4"), UP4, "up0").withVerify(
                    verify(Duration.ofMillis(800), new Probe(ProbeType.ICMP, NET4, null, null))), GW4);
            Verified v = verified(hook.onTransition(takeover(GW4), deadline(hook)));
            assertTrue(v.detail().contains("icmp echo 203.0.113.1 answered"), v::detail);
            // TCP-echo fallback (port 7, refused) would still say reachable: this proves ICMP is used
            l.lab.in(l.u, "sysctl", "-qw", "net.ipv4.icmp_echo_ignore_all=1");
            Failed f = failed(hook.reverify(GW4, deadline(hook)), FailureReason.PROBE_FAILED);
            assertTrue(f.evidence().probeError().contains("no reply"), f::toString);
        }
    }

    @Test
    void routeInAnotherTableWithMetricIsVerifiedThroughThePolicyRuleForTheVip() throws Exception {
        try (GatewayLab l = GatewayLab.create()) {
            Hook hook = l.hook(DefaultGatewayConfig.of(List.of("gw4"), UP4, "up0").withTableAndMetric(100, 50), GW4);
            Failed f = failed(hook.onTransition(takeover(GW4), deadline(hook)), FailureReason.FIB_MISMATCH);
            assertTrue(f.evidence().routeSeen().contains("from 192.0.2.1"), f::toString);
            JsonNode routes = l.ourRoutes(false, "100");
            assertEquals(1, routes.size(), routes::toString);
            assertEquals(50, routes.get(0).get("metric").asInt());

            l.lab.in(l.r, "ip", "rule", "add", "from", "192.0.2.1", "lookup", "100");
            Verified v = verified(hook.reverify(GW4, deadline(hook)));
            assertTrue(v.detail().contains("203.0.113.1 from 192.0.2.1 via 198.51.100.1 dev up0 table 100"), v::detail);
        }
    }

    @Test
    void whileBackupReverifyChecksReadinessWithoutInstallingAnything() throws Exception {
        try (GatewayLab l = GatewayLab.create()) {
            Hook hook = l.hook(DefaultGatewayConfig.of(List.of("gw4"), UP4, "up0")
                    .withVerify(verify(Duration.ofMillis(800), null)), GW4);
            Verified ready = verified(hook.reverify(GW4, deadline(hook)));
            assertTrue(ready.detail().startsWith("ready"), ready::detail);
            assertEquals(0, l.ourRoutes(false, "main").size());
            l.lab.in(l.r, "ip", "link", "set", "up0", "down");
            Failed f = failed(hook.reverify(GW4, deadline(hook)), FailureReason.NEIGHBOR_UNRESOLVED);
            assertTrue(f.detail().contains("up0 is down"), f::toString);
        }
    }

    @Test
    void ipv6LinkLocalGatewayIsInstalledAndVerified() throws Exception {
        try (GatewayLab l = GatewayLab.create()) {
            l.lab.in(l.u, "ip", "addr", "add", "fe80::1/64", "dev", "eth0", "nodad");
            Hook hook = l.hook(DefaultGatewayConfig.of(List.of("gw6"), addr("fe80::1"), "up0"), GW6);
            Verified v = verified(hook.onTransition(takeover(GW6), deadline(hook)));
            assertTrue(v.detail().contains("lookup 2001:db8:99::1 via fe80::1 dev up0"), v::detail);
            assertTrue(v.detail().contains("neighbour fe80::1 REACHABLE"), v::detail);
            JsonNode routes = l.ourRoutes(true, "main");
            assertEquals(1, routes.size(), routes::toString);
            assertEquals("fe80::1", routes.get(0).get("gateway").asText());
            l.lab.in(l.r, "ip", "-6", "route", "flush", "proto", "200");
            assertEquals(1, verified(hook.reverify(GW6, deadline(hook))).restored().size());
        }
    }

    @Test
    void theRunnersDeadlineBoundsASlowNeighbourResolution() throws Exception {
        try (GatewayLab l = GatewayLab.create(); HookRunner runner = new HookRunner("test-hook")) {
            l.lab.in(l.u, "ip", "addr", "del", "198.51.100.1/24", "dev", "eth0");
            Hook hook = l.hook(DefaultGatewayConfig.of(List.of("gw4"), UP4, "up0")
                    .withVerify(verify(Duration.ofMillis(500), null)), GW4);
            var f = runner.onTransition(hook, takeover(GW4));
            // the hook stops its own wait just before the deadline, so it reports why, not just TIMEOUT
            org.awaitility.Awaitility.await().atMost(Duration.ofMillis(900)).until(f::isDone);
            failed(f.get(), FailureReason.NEIGHBOR_UNRESOLVED);
        }
    }

    @Test
    void kernelEventsAboutOurRouteOrInterfaceAskForImmediateReverification() throws Exception {
        try (GatewayLab l = GatewayLab.create()) {
            Hook hook = l.hook(DefaultGatewayConfig.of(List.of("gw4"), UP4, "up0"), GW4);
            verified(hook.onTransition(takeover(GW4), deadline(hook)));
            java.util.Queue<io.vrrpd.hooks.kernel.KernelEvent> relevant = new java.util.concurrent.ConcurrentLinkedQueue<>();
            try (var watch = l.kernel.watch(e -> {
                if (hook.affectedBy(e)) {
                    relevant.add(e);
                }
            })) {
                // an IPv6 route of ours and an unrelated route are not this hook's business
                l.lab.in(l.r, "ip", "route", "add", "203.0.113.0/24", "via", "198.51.100.2", "proto", "200");
                l.lab.in(l.r, "ip", "route", "del", "203.0.113.0/24", "via", "198.51.100.2", "proto", "200");
                l.lab.in(l.r, "ip", "route", "del", "default", "proto", "200");
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !relevant.isEmpty());
                var first = relevant.peek();
                var deleted = assertInstanceOf(io.vrrpd.hooks.kernel.KernelEvent.RouteDeleted.class, first, first::toString);
                assertEquals(UP4, deleted.route().gateway());
                assertEquals(1, verified(hook.reverify(GW4, deadline(hook))).restored().size());

                relevant.clear();
                l.lab.in(l.r, "ip", "link", "set", "up0", "down");
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> relevant.stream()
                        .anyMatch(e -> e instanceof io.vrrpd.hooks.kernel.KernelEvent.LinkChanged));

                // an address back on the uplink (after a flush): a route it could not restore, it can now
                relevant.clear();
                l.lab.in(l.r, "ip", "addr", "add", "198.51.100.9/24", "dev", "up0");
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> relevant.stream()
                        .anyMatch(e -> e instanceof io.vrrpd.hooks.kernel.KernelEvent.AddressAdded));
            }
        }
    }
}
