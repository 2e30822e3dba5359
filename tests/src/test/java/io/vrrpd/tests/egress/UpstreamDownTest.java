package io.vrrpd.tests.egress;

import io.vrrpd.lab.VrrpdPeer;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.ClientProbe;
import io.vrrpd.lab.Family;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A would-be master whose upstream is unreachable: r2 (priority 150, demote-by 100) starts with
 * its switch port towards the upstream down (its eth1 has no carrier) while r1 (priority 100,
 * healthy egress) is master. r2 preempts, reports ACTIVATING then EGRESS_FAILED and never
 * MASTER; demoted to priority 50 it hands mastership back to r1, which reports MASTER with its
 * egress verified. Once r2's upstream is back and its readiness held through the hold-down,
 * its priority returns and it takes over with verified egress.
 */
class UpstreamDownTest {
    private static final Duration CONVERGE = Duration.ofSeconds(10);
    private static final List<String> INSTANCES = List.of("gw4", "gw6");

    @Test
    void aMasterWithoutUpstreamReportsEgressFailedNeverMasterAndTheHealthyPeerTakesOver() {
        try (BladeLab lab = BladeLab.create()) {
            String hooks = BladeConfigs.gatewayHooks("demote", 100, "1s", "2s");
            try (VrrpdPeer r1 = VrrpdPeer.start(lab.r1(), BladeConfigs.blade(100, hooks))) {
                for (String i : INSTANCES) {
                    r1.awaitState(i, "MASTER", CONVERGE);
                }
                lab.in(lab.sw(), "ip", "link", "set", "r2-up", "down");
                Instant r2Start = Instant.now();
                try (VrrpdPeer r2 = VrrpdPeer.start(lab.r2(), BladeConfigs.blade(150, hooks))) {
                    for (String i : INSTANCES) {
                        await(i + " on r2 reports EGRESS_FAILED").atMost(CONVERGE).pollInterval(Duration.ofMillis(20))
                                .until(() -> r2.transitions(i).stream().anyMatch(t -> t.to().equals("EGRESS_FAILED")));
                    }
                    for (String i : INSTANCES) {
                        r2.awaitState(i, "BACKUP", CONVERGE);
                        r1.awaitState(i, "MASTER", CONVERGE);
                    }
                    // Hold the situation for a while: r2's readiness keeps failing, so it stays demoted.
                    Instant holdUntil = Instant.now().plusSeconds(3);
                    await("r2 stays BACKUP").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                            .until(() -> {
                                for (String i : INSTANCES) {
                                    assertEquals("BACKUP", r2.state(i), "r2 " + i + ": " + r2.transitions(i));
                                    assertEquals("MASTER", r1.state(i), "r1 " + i + ": " + r1.transitions(i));
                                }
                                return Instant.now().isAfter(holdUntil);
                            });
                    System.out.println("r2 transitions with its upstream down: " + r2.transitions());
                    System.out.println("r1 transitions meanwhile: " + r1.transitions());
                    for (String i : INSTANCES) {
                        assertTrue(r2.transitions(i).stream().noneMatch(t -> t.to().equals("MASTER")),
                                "r2 " + i + " reported MASTER without an upstream: " + r2.transitions(i));
                        var s = r2.instance(i);
                        assertTrue(s.path("effective-priority").asInt() <= 50,
                                "r2 " + i + " still advertises " + s.path("effective-priority") + " (expected: demoted to 50 or held at 1): " + s);
                        assertTrue(r1.instance(i).path("egress").path("verified").asBoolean(), "r1 " + i + ": " + r1.instance(i));
                    }
                    assertEquals("MASTER", r1.groupState("gw"));
                    // The ECMP return path hashes the client's flow to r2's dead upstream address; take that
                    // next hop out on the upstream host, as its routing would once r2's link is gone.
                    lab.in(lab.upstream(), "ip", "route", "replace", "192.0.2.0/24", "via", "198.51.100.2");
                    lab.in(lab.upstream(), "ip", "-6", "route", "replace", "2001:db8:1::/64", "via", "2001:db8:ff::2");
                    for (Family f : Family.values()) {
                        assertTrue(Routes.hasVrrpdDefault(lab.r1(), f), "r1 " + f + ": " + Routes.defaults(lab.r1(), f));
                        assertTrue(ClientProbe.reachable(lab.client(), f), "client cannot reach the " + f + " target via r1");
                    }

                    // The upstream comes back: after the hold-down r2 gets its priority back and takes over, verified.
                    Instant upAt = Instant.now();
                    lab.in(lab.sw(), "ip", "link", "set", "r2-up", "up");
                    for (String i : INSTANCES) {
                        r2.awaitState(i, "MASTER", Duration.ofSeconds(15));
                        r1.awaitState(i, "BACKUP", CONVERGE);
                    }
                    for (String i : INSTANCES) {
                        var master = r2.first(i, "MASTER", upAt);
                        System.out.printf("r2 %s MASTER %.1f s after its upstream came back (hold-down 2 s)%n", i,
                                Duration.between(upAt, master.at()).toMillis() / 1000.0);
                        assertTrue(Duration.between(upAt, master.at()).compareTo(Duration.ofSeconds(2)) >= 0,
                                "r2 " + i + " took over before the hold-down: " + r2.transitions(i));
                    }
                    for (Family f : Family.values()) {
                        assertTrue(Routes.hasVrrpdDefault(lab.r2(), f), "r2 " + f + ": " + Routes.defaults(lab.r2(), f));
                    }
                }
            }
        }
    }
}
