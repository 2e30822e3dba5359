package io.vrrpd.tests.egress;

import io.vrrpd.lab.VrrpdPeer;
import io.vrrpd.lab.BladeLab;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ten graceful handovers between the blades (r1 drained with the real {@code vrrpctl drain
 * --all}: r2 takes over; {@code vrrpctl undrain}: r1 preempts back), each checked for the order ACTIVATING, default route installed, MASTER; and
 * the time from protocol master (the ACTIVATING transition) to verified MASTER, per family,
 * from the daemon's own transition timestamps. Prints min / median / max of the ten.
 */
class HandoverTimingTest {
    private static final Duration CONVERGE = Duration.ofSeconds(10);
    private static final List<String> INSTANCES = List.of("gw4", "gw6");
    private static final int HANDOVERS = 10;

    @Test
    void tenGracefulHandoversEachReportMasterOnlyAfterTheRouteAndAreTimed() {
        String hooks = BladeConfigs.gatewayHooks("demote", 100, "1s", "2s");
        Map<String, List<Double>> millis = new HashMap<>();
        try (BladeLab lab = BladeLab.create();
             VrrpdPeer r1 = VrrpdPeer.start(lab.r1(), BladeConfigs.blade(150, hooks));
             VrrpdPeer r2 = VrrpdPeer.start(lab.r2(), BladeConfigs.blade(100, hooks));
             RouteMonitor mon1 = RouteMonitor.start(lab.r1());
             RouteMonitor mon2 = RouteMonitor.start(lab.r2())) {
            for (String i : INSTANCES) {
                r1.awaitState(i, "MASTER", CONVERGE);
                r2.awaitState(i, "BACKUP", CONVERGE);
            }
            for (int n = 0; n < HANDOVERS; n++) {
                boolean toR2 = n % 2 == 0;
                VrrpdPeer from = toR2 ? r1 : r2;
                VrrpdPeer to = toR2 ? r2 : r1;
                RouteMonitor mon = toR2 ? mon2 : mon1;
                Instant since = Instant.now();
                if (toR2) {
                    r1.drainAll();
                } else {
                    r1.undrainAll();
                }
                for (String i : INSTANCES) {
                    to.awaitState(i, "MASTER", CONVERGE);
                    from.awaitState(i, toR2 ? "INIT" : "BACKUP", CONVERGE); // drained: out of the election
                }
                String who = (toR2 ? "r2" : "r1") + " handover " + (n + 1);
                BytemarkRebootTest.assertActivatingThenMasterWithTheRouteInBetween(who, to, mon, since);
                for (String i : INSTANCES) {
                    Instant a = to.first(i, "ACTIVATING", since).at();
                    Instant m = to.first(i, "MASTER", since).at();
                    millis.computeIfAbsent(i, k -> new ArrayList<>()).add(Duration.between(a, m).toNanos() / 1e6);
                }
                // the old master withdraws its route (on-backup: withdraw) before the next round
                for (io.vrrpd.lab.Family f : io.vrrpd.lab.Family.values()) {
                    String oldNs = toR2 ? lab.r1() : lab.r2();
                    org.awaitility.Awaitility.await(oldNs + " withdrew its " + f + " route").atMost(CONVERGE)
                            .pollInterval(Duration.ofMillis(20)).until(() -> !Routes.hasVrrpdDefault(oldNs, f));
                }
            }
        }
        for (String i : INSTANCES) {
            List<Double> all = millis.get(i);
            List<Double> sorted = all.stream().sorted().toList();
            System.out.printf(Locale.ROOT, "MEASURE %s ACTIVATING -> MASTER over %d graceful handovers: min %.1f / median %.1f "
                            + "/ max %.1f ms; all %s%n", i, all.size(), sorted.get(0),
                    (sorted.get(4) + sorted.get(5)) / 2, sorted.get(sorted.size() - 1),
                    all.stream().map(d -> String.format(Locale.ROOT, "%.1f", d)).toList());
        }
    }
}
