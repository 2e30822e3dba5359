package io.vrrpd.tests.egress;

import io.vrrpd.lab.VrrpdPeer;
import io.vrrpd.lab.LabFiles;
import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.ClientProbe;
import io.vrrpd.lab.Family;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Incident 003 (Debian at Bytemark) in the lab: IPv4 and IPv6 instances in one sync group on two
 * blades, default-gateway hooks bound to them, and a mass-reboot-like restart of the active
 * blade (its daemon killed with SIGKILL, its default routes and VIPs gone as after a reboot, then
 * started again). The blade that takes over must report ACTIVATING first and MASTER only once
 * its kernel holds the default route via the upstream (proto 200) and egress through it works;
 * the rebooted blade, preempting back, must do the same.
 */
class BytemarkRebootTest {
    private static final Duration CONVERGE = Duration.ofSeconds(10);
    private static final List<String> INSTANCES = List.of("gw4", "gw6");

    @Test
    void afterTheActiveBladeRebootsThePeerReportsMasterOnlyOnceItsDefaultRoutesAreInstalledAndVerified() {
        try (BladeLab lab = BladeLab.create()) {
            Path dir = LabFiles.newDir("bytemark-");
            Path events1 = dir.resolve("events-r1");
            Path events2 = dir.resolve("events-r2");
            String hooks = BladeConfigs.gatewayHooks("demote", 100, "1s", "2s");
            String cfgA = BladeConfigs.blade(150, hooks,
                    BladeConfigs.groupExecHook(BladeConfigs.notifyScript(dir.resolve("a"), events1), "2s"));
            String cfgB = BladeConfigs.blade(100, hooks,
                    BladeConfigs.groupExecHook(BladeConfigs.notifyScript(dir.resolve("b"), events2), "2s"));
            // the notify scripts live in per-blade dirs
            VrrpdPeer r1 = VrrpdPeer.start(lab.r1(), cfgA);
            VrrpdPeer r2 = null;
            VrrpdPeer r1again = null;
            try {
                for (String i : INSTANCES) {
                    r1.awaitState(i, "MASTER", CONVERGE);
                }
                assertEquals("MASTER", r1.groupState("gw"));
                r2 = VrrpdPeer.start(lab.r2(), cfgB);
                for (String i : INSTANCES) {
                    r2.awaitState(i, "BACKUP", CONVERGE);
                }
                for (Family f : Family.values()) {
                    assertTrue(Routes.hasVrrpdDefault(lab.r1(), f), "r1 (master) has no vrrpd default route " + f
                            + ": " + Routes.defaults(lab.r1(), f));
                    assertEquals(0, Routes.defaults(lab.r2(), f).size(),
                            "r2 (backup) has a default route before taking over: " + Routes.defaults(lab.r2(), f));
                    assertTrue(ClientProbe.reachable(lab.client(), f), "client cannot reach the " + f + " target through r1");
                }

                // The mass reboot: r1's daemon dies, the reboot wipes its routes and VIPs.
                Instant crashAt;
                try (RouteMonitor mon2 = RouteMonitor.start(lab.r2())) {
                    crashAt = Instant.now();
                    r1.crash();
                    Routes.loseKernelStateLikeAReboot(lab.r1());
                    for (String i : INSTANCES) {
                        r2.awaitState(i, "MASTER", CONVERGE);
                    }
                    assertEquals("MASTER", r2.groupState("gw"));
                    assertActivatingThenMasterWithTheRouteInBetween("r2", r2, mon2, crashAt);
                }
                for (Family f : Family.values()) {
                    assertTrue(Routes.hasVrrpdDefault(lab.r2(), f), "r2 reports MASTER without the " + f + " default route: "
                            + Routes.defaults(lab.r2(), f));
                    await("client reaches the " + f + " target through r2").atMost(CONVERGE).pollInterval(Duration.ofMillis(50))
                            .until(() -> ClientProbe.reachable(lab.client(), f));
                }
                for (String i : INSTANCES) {
                    JsonNode s = r2.instance(i);
                    assertTrue(s.path("egress").path("verified").asBoolean(), "r2 " + i + " egress not verified: " + s);
                }
                // The exec hook bound through `sync-groups: [gw]` ran for both members.
                await("r2's group-bound exec hook ran for gw4 and gw6").atMost(CONVERGE).until(() ->
                        BladeConfigs.events(events2).stream().filter(e -> e.path("to").asText().equals("activating"))
                                .map(e -> e.path("instance").path("name").asText()).distinct().count() == 2);

                // r1 comes back after its reboot and preempts (priority 150): the same order there.
                Instant backAt;
                try (RouteMonitor mon1 = RouteMonitor.start(lab.r1())) {
                    backAt = Instant.now();
                    r1again = VrrpdPeer.start(lab.r1(), cfgA);
                    for (String i : INSTANCES) {
                        r1again.awaitState(i, "MASTER", CONVERGE);
                        r2.awaitState(i, "BACKUP", CONVERGE);
                    }
                    assertActivatingThenMasterWithTheRouteInBetween("r1 (rebooted)", r1again, mon1, backAt);
                }
                for (Family f : Family.values()) {
                    Family fam = f;
                    await("r2 withdrew its " + f + " default route (on-backup: withdraw)").atMost(CONVERGE)
                            .until(() -> Routes.defaults(lab.r2(), fam).size() == 0);
                    await("client reaches the " + f + " target through r1 again").atMost(CONVERGE)
                            .pollInterval(Duration.ofMillis(50)).until(() -> ClientProbe.reachable(lab.client(), fam));
                }
                // The real CLI agrees.
                JsonNode cli = r1again.vrrpctlStatus();
                for (JsonNode i : cli.path("instances")) {
                    assertEquals("MASTER", i.path("state").asText(), "vrrpctl status --json: " + cli);
                }
            } finally {
                if (r1again != null) {
                    r1again.close();
                }
                if (r2 != null) {
                    r2.close();
                }
                r1.close();
            }
        }
    }

    /**
     * For each instance: after {@code since} the first reported state change is to ACTIVATING,
     * MASTER follows, the vrrpd default route of its family appeared between the two, and no
     * MASTER was reported before the route existed.
     */
    static void assertActivatingThenMasterWithTheRouteInBetween(String who, VrrpdPeer d, RouteMonitor mon, Instant since) {
        for (String i : INSTANCES) {
            Family f = i.equals("gw4") ? Family.IPV4 : Family.IPV6;
            List<VrrpdPeer.Transition> seq = d.transitions(i).stream().filter(t -> !t.at().isBefore(since)).toList();
            List<String> states = seq.stream().map(VrrpdPeer.Transition::to).toList();
            System.out.println(who + " " + i + " reported: " + seq);
            int activating = states.indexOf("ACTIVATING");
            int master = states.indexOf("MASTER");
            assertTrue(activating >= 0 && master > activating,
                    who + " " + i + ": expected ACTIVATING then MASTER, got " + seq);
            assertFalse(states.subList(0, activating).contains("MASTER"), who + " " + i + ": MASTER before ACTIVATING: " + seq);
            assertEquals(List.of(), d.mastersWithoutTakeoverVerdict(i),
                    who + " " + i + ": MASTER reported before the taking-over hook run verified (log " + d.logFile() + ")");
            Instant activatingAt = seq.get(activating).at();
            Instant masterAt = seq.get(master).at();
            RouteMonitor.Event added = mon.first(since, e -> !e.deleted() && e.isVrrpdDefaultVia(Routes.gateway(f)));
            assertNotNull(added, who + " " + i + ": no vrrpd default route added after " + since + "; " + mon.events());
            System.out.printf("%s %s: ACTIVATING %s, route added %s (+%.1f ms), MASTER %s (+%.1f ms)%n", who, i,
                    activatingAt, added.at(), millis(activatingAt, added.at()), masterAt, millis(activatingAt, masterAt));
            assertFalse(added.at().isAfter(masterAt),
                    who + " " + i + ": MASTER reported at " + masterAt + " before the default route appeared at " + added.at());
            assertFalse(added.at().isBefore(activatingAt.minusMillis(1)),
                    who + " " + i + ": the route appeared at " + added.at() + ", before ACTIVATING at " + activatingAt);
            RouteMonitor.Event deleted = mon.first(added.at(), e -> e.deleted() && e.isVrrpdDefaultVia(Routes.gateway(f)));
            assertTrue(deleted == null || deleted.at().isAfter(masterAt),
                    who + " " + i + ": the route vanished at " + deleted + " before MASTER at " + masterAt);
        }
    }

    static double millis(Instant a, Instant b) {
        return Duration.between(a, b).toNanos() / 1e6;
    }
}
