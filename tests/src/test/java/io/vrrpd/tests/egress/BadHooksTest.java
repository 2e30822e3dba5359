package io.vrrpd.tests.egress;

import io.vrrpd.lab.VrrpdPeer;
import io.vrrpd.lab.LabFiles;
import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.hooks.kernel.NamespaceLab;
import io.vrrpd.lab.AdvertCapture;
import io.vrrpd.lab.BladeLab;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exec hooks that misbehave, on r1 alone with three IPv4 instances (VRIDs 61, 62, 63, 100 ms
 * adverts): one whose program exits 3, one whose program sleeps past its 1 s timeout, one whose
 * program takes 5 s (timeout 6 s). The first two report EGRESS_FAILED (exit status, timeout; the
 * stuck program and its children are killed), the third stays ACTIVATING for the 5 s and then
 * reports MASTER. Meanwhile the adverts keep their cadence (hooks run on their own threads; the
 * advert timer never waits for them): captured on r1's eth0 while the slow hook runs, at least 40
 * adverts in the 5 s, a median interval of 100 ms ± 10 ms and no gap of 300 ms or more, which is
 * what a backup would take for a dead master (its master-down interval is about 361 ms). A hook
 * run on the loop would leave one 5 s gap. This is asserted on a warm daemon (slow drained and
 * undrained, so the 5 s hook runs again); the first run, right after the daemon's JVM started, is
 * measured and printed too. The jitter itself (p99) is a benchmark figure, printed here and
 * recorded in bench/results/advert-jitter-slow-hook.md, not asserted: on a loaded machine it
 * measures the machine.
 *
 * <p>The warm run is also the regression test for re-verification overlapping a takeover:
 * without the fix in EgressSupervisor, a periodic re-verification repeated the exec hook's
 * previous verdict (the cold run's "exited 0") and "slow" reported MASTER 2.5 s into its 5 s hook.
 */
class BadHooksTest {
    private static final Duration CONVERGE = Duration.ofSeconds(10);

    @Test
    void failingAndStuckHooksReportEgressFailedAndASlowHookDoesNotDisturbTheAdverts() throws IOException {
        try (BladeLab lab = BladeLab.create()) {
            Path dir = LabFiles.newDir("badhooks-");
            Path failing = BladeConfigs.script(dir, "failing.sh", "echo 'upstream says no' >&2\nexit 3");
            Path stuck = BladeConfigs.script(dir, "stuck.sh", "sleep 30");
            // slow only when taking over, so that leaving master (drain) and the stop action stay quick
            Path slow = BladeConfigs.script(dir, "slow.sh", "if grep -q '\"to\" *: *\"activating\"'; then sleep 5; fi");
            String yaml = "instances:\n"
                    + instance("failing", 61) + instance("stuck", 62) + instance("slow", 63)
                    + "hooks:\n"
                    + BladeConfigs.execHook("failing", "2s", failing)
                    + BladeConfigs.execHook("stuck", "1s", stuck)
                    + BladeConfigs.execHook("slow", "6s", slow);
            String source = lab.lanAddress(lab.r1(), io.vrrpd.lab.Family.IPV4);
            AdvertCapture cap = lab.capture(lab.r1(), BladeLab.LAN_IF);
            try (VrrpdPeer r1 = VrrpdPeer.start(lab.r1(), yaml)) {
                r1.awaitState("failing", "EGRESS_FAILED", CONVERGE);
                r1.awaitState("stuck", "EGRESS_FAILED", CONVERGE);
                r1.awaitState("slow", "MASTER", CONVERGE);
                // a few more adverts after MASTER, so the window is closed on both sides
                int seen = cap.packetCount();
                await("adverts after MASTER").atMost(CONVERGE).pollInterval(Duration.ofMillis(50))
                        .until(() -> cap.packetCount() >= seen + 9);

                JsonNode f = r1.instance("failing");
                System.out.println("failing: " + f.path("last-transition") + " egress " + f.path("egress"));
                String fr = f.path("last-transition").path("reason").asText() + " " + f.path("egress").path("detail").asText();
                assertTrue(fr.contains("exit 3") && fr.contains("upstream says no"), "failing hook: " + f);
                assertTrue(r1.transitions("failing").stream().noneMatch(t -> t.to().equals("MASTER")), "" + r1.transitions("failing"));

                JsonNode s = r1.instance("stuck");
                System.out.println("stuck: " + s.path("last-transition") + " egress " + s.path("egress"));
                String sr = s.path("last-transition").path("reason").asText() + " " + s.path("egress").path("detail").asText();
                assertTrue(sr.contains("exceeded its deadline") && sr.contains("killed"),
                        "stuck hook: " + s);
                assertTrue(r1.transitions("stuck").stream().noneMatch(t -> t.to().equals("MASTER")), "" + r1.transitions("stuck"));
                VrrpdPeer.Transition stuckAct = r1.first("stuck", "ACTIVATING", Instant.EPOCH);
                VrrpdPeer.Transition stuckFail = r1.first("stuck", "EGRESS_FAILED", Instant.EPOCH);
                System.out.printf(Locale.ROOT, "stuck: ACTIVATING -> EGRESS_FAILED in %d ms (timeout 1 s)%n",
                        Duration.between(stuckAct.at(), stuckFail.at()).toMillis());
                assertNoProcessRunning(lab.r1(), stuck.toString());

                VrrpdPeer.Transition act = r1.first("slow", "ACTIVATING", Instant.EPOCH);
                VrrpdPeer.Transition master = r1.first("slow", "MASTER", Instant.EPOCH);
                Duration activating = Duration.between(act.at(), master.at());
                System.out.println("slow: " + r1.transitions("slow") + " (ACTIVATING for " + activating.toMillis() + " ms)");
                assertTrue(activating.compareTo(Duration.ofMillis(4900)) >= 0,
                        "slow hook: MASTER after only " + activating + " although its program runs 5 s: " + r1.transitions("slow"));

                // Again on a warm daemon: drain "slow" and take it back, so its 5 s hook runs during a
                // takeover long after start-up (the cold run above shares the CPU with JVM start-up).
                r1.vrrpctl("drain", "slow");
                r1.awaitState("slow", "INIT", CONVERGE);
                Instant again = Instant.now();
                r1.vrrpctl("undrain", "slow");
                await("slow MASTER again").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                        .until(() -> r1.first("slow", "MASTER", again) != null);
                int seen2 = cap.packetCount();
                await("adverts after MASTER").atMost(CONVERGE).pollInterval(Duration.ofMillis(50))
                        .until(() -> cap.packetCount() >= seen2 + 9);
                VrrpdPeer.Transition act2 = r1.first("slow", "ACTIVATING", again);
                VrrpdPeer.Transition master2 = r1.first("slow", "MASTER", again);
                System.out.println("slow, warm: " + r1.transitions("slow").stream().filter(t -> !t.at().isBefore(again)).toList());
                assertTrue(Duration.between(act2.at(), master2.at()).compareTo(Duration.ofMillis(4900)) >= 0,
                        "slow hook (warm): " + r1.transitions("slow"));

                // Advert cadence while the slow hook ran: from ACTIVATING to MASTER of "slow".
                List<AdvertCapture.Advert> adverts = cap.from(source);
                for (int vrid : new int[] {63, 61, 62}) {
                    List<Double> cold = gaps(adverts, vrid, act.at(), master.at());
                    print("cold start", vrid, cold);
                    if (vrid == 63) {
                        assertTrue(Math.abs(percentile(cold, 50) - 100) <= 5, "cold: " + cold);
                    }
                }
                for (int vrid : new int[] {63, 61, 62}) {
                    List<Double> warm = gaps(adverts, vrid, act2.at(), master2.at());
                    print("warm daemon", vrid, warm);
                    if (vrid == 63) {
                        double median = percentile(warm, 50);
                        double max = warm.get(warm.size() - 1);
                        assertTrue(Math.abs(median - 100) <= 10 && max < 300,
                                "advert interval during the slow hook (warm daemon): median " + median + " max " + max
                                        + " ms (expected: median 100 ± 10 ms, no gap of 300 ms or more); " + warm);
                    }
                }
            }
        }
    }

    /** Sorted inter-advert intervals (ms) of one VRID between two instants. */
    private static List<Double> gaps(List<AdvertCapture.Advert> adverts, int vrid, Instant fromAt, Instant toAt) {
        double from = fromAt.getEpochSecond() + fromAt.getNano() / 1e9;
        double to = toAt.getEpochSecond() + toAt.getNano() / 1e9;
        List<Double> gaps = new ArrayList<>();
        Double prev = null;
        for (AdvertCapture.Advert a : adverts) {
            if (a.vrid() != vrid || a.time() < from || a.time() > to) {
                continue;
            }
            if (prev != null) {
                gaps.add((a.time() - prev) * 1000);
            }
            prev = a.time();
        }
        List<Double> sorted = gaps.stream().sorted().toList();
        assertTrue(sorted.size() >= 40, "vrid " + vrid + ": only " + sorted.size() + " advert intervals in " + (to - from) + " s");
        return sorted;
    }

    private static void print(String run, int vrid, List<Double> sorted) {
        System.out.printf(Locale.ROOT, "MEASURE advert interval vrid %d during the 5 s slow hook (%s): n=%d min %.2f / "
                        + "p50 %.2f / p99 %.2f / max %.2f ms%n", vrid, run, sorted.size(), sorted.get(0), percentile(sorted, 50),
                percentile(sorted, 99), sorted.get(sorted.size() - 1));
    }

    private static String instance(String name, int vrid) {
        return "  " + name + ":\n"
                + "    family: ipv4\n"
                + "    interface: eth0\n"
                + "    vrid: " + vrid + "\n"
                + "    priority: 150\n"
                + "    advert-interval: 100ms\n"
                + "    virtual-addresses: [192.0.2." + vrid + "/24]\n";
    }

    /** Nearest-rank percentile of a sorted list. */
    static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static void assertNoProcessRunning(String ns, String needle) throws IOException {
        String pids = NamespaceLab.run("ip", "netns", "pids", ns).trim();
        List<String> found = new ArrayList<>();
        for (String pid : pids.split("\\s+")) {
            if (pid.isEmpty()) {
                continue;
            }
            Path cmdline = Path.of("/proc", pid, "cmdline");
            if (Files.exists(cmdline)) {
                try {
                    String c = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ');
                    if (c.contains(needle) || c.startsWith("sleep 30")) {
                        found.add(pid + ": " + c);
                    }
                } catch (IOException gone) {
                    // exited meanwhile
                }
            }
        }
        assertEquals(List.of(), found, "the timed-out hook's program (or its child) still runs in " + ns);
    }
}
