package io.vrrpd.bench.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.lab.LabFiles;
import io.vrrpd.lab.AdvertCapture;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.ManyInstances;
import io.vrrpd.lab.VrrpdPeer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.vrrpd.lab.BladeLab.LAN_IF;
import static org.awaitility.Awaitility.await;

/**
 * A measurement, not an assertion: how late a daemon's adverts are while it becomes master of
 * 255 VRIDs × 2 families at once (the {@link ManyInstances} set at 100 ms adverts).
 *
 * <p>r1 (priority 150) and r2 (priority 100) converge, r1 master of all 510. Then, per round:
 * <ol>
 * <li><b>takeover</b>: {@code kill -9} of r1; r2's 510 backups expire together and take over.
 * Captured on r1's eth0 (r1 is dead; its port still hears the group).</li>
 * <li><b>preempt</b>: r1 restarts; its 510 instances start as backup, ignore r2's lower priority
 * and become master together, preempting r2, whose backups now watch r1's adverts: an r1 advert
 * later than r2's master-down interval (0.361 s) makes an r2 instance master again. Captured on
 * r2's eth0.</li>
 * </ol>
 * For each, per instance of the new master: its first advert after the old master's last
 * ("failover gap") and the longest gap between two of its adverts after that, from the pcap.
 * The loop should send every 100 ms; a gap above 0.361 s is a false failover on any watching backup.
 *
 * <pre>
 * bin/lab-bench mass-takeover \
 *     [-Dlab.bench.takeover.rounds=3]
 * </pre>
 * The report is printed and appended to {@code bench/target/lab/mass-takeover.md}.
 */
public final class MassTakeover {
    private static final int VRIDS = 255;
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(250);
    /** Adverts captured after the new master holds all 510. */
    private static final Duration AFTER = Duration.ofSeconds(3);
    private static final double MASTER_DOWN = 0.361;

    record Gaps(String phase, int instances, double failoverMin, double failoverMedian, double failoverMax,
                double gapMedian, double gapP99, double gapMax, int gapsOverMasterDown, long watcherFlaps) {
        String row() {
            String failover = Double.isNaN(failoverMin) ? "n/a (the old master still sends)"
                    : String.format(Locale.ROOT, "%.3f / %.3f / %.3f", failoverMin, failoverMedian, failoverMax);
            return String.format(Locale.ROOT, "| %s | %d | %s | %.3f / %.3f / %.3f | %d | %s |", phase, instances, failover,
                    gapMedian, gapP99, gapMax, gapsOverMasterDown, watcherFlaps < 0 ? "n/a" : Long.toString(watcherFlaps));
        }
    }

    /** Runs the benchmark (see the class comment for the properties it reads) and writes its table. */
    public static void main(String[] args) throws IOException {
        new MassTakeover().massTakeoverOf510Instances();
    }

    void massTakeoverOf510Instances() throws IOException {
        int rounds = Integer.getInteger("lab.bench.takeover.rounds", 1);
        List<Gaps> results = new ArrayList<>();
        try (BladeLab bl = BladeLab.create("fl", BladeLab.Switch.SNOOPING_NO_QUERIER, BladeLab.ReturnPath.ECMP)) {
            VrrpdPeer r1 = ManyInstances.start(bl, bl.r1(), ManyInstances.vrrpd(VRIDS, 150, INTERVAL));
            VrrpdPeer r2 = ManyInstances.start(bl, bl.r2(), ManyInstances.vrrpd(VRIDS, 100, INTERVAL));
            awaitAll(r1, "MASTER", r2, "BACKUP");
            for (int round = 1; round <= rounds; round++) {
                try (AdvertCapture cap = AdvertCapture.start(bl.r1(), LAN_IF)) {
                    await().atMost(BOUND).until(() -> cap.packetCount() > 2000);
                    r1.crash();
                    awaitAll(r2, "MASTER", null, null);
                    await().during(AFTER).atMost(AFTER.plusSeconds(5)).pollInterval(POLL)
                            .until(() -> notInState(r2, "MASTER") == 0);
                    cap.stop();
                    results.add(gaps("takeover " + round, cap, bl, bl.r1(), bl.r2(), -1));
                }
                try (AdvertCapture cap = AdvertCapture.start(bl.r2(), LAN_IF)) {
                    await().atMost(BOUND).until(() -> cap.packetCount() > 2000);
                    Map<String, Long> before = masterTransitions(r2);
                    r1 = ManyInstances.start(bl, bl.r1(), ManyInstances.vrrpd(VRIDS, 150, INTERVAL));
                    awaitAll(r1, "MASTER", r2, "BACKUP");
                    VrrpdPeer watching = r1;
                    await().during(AFTER).atMost(AFTER.plusSeconds(5)).pollInterval(POLL)
                            .until(() -> notInState(watching, "MASTER") == 0);
                    cap.stop();
                    Map<String, Long> after = masterTransitions(r2);
                    long flaps = after.entrySet().stream().filter(e -> e.getValue() > before.getOrDefault(e.getKey(), 0L))
                            .count();
                    results.add(gaps("preempt " + round, cap, bl, bl.r2(), bl.r1(), flaps));
                }
            }
        }
        StringBuilder report = new StringBuilder();
        report.append("| phase | instances | failover gap min / median / max (s) | new master's advert gap median / p99 / max (s) "
                + "| gaps > 0.361 s | watcher instances that became master again |\n|---|---|---|---|---|---|\n");
        results.forEach(g -> report.append(g.row()).append('\n'));
        System.out.println(report);
        Path out = LabFiles.baseDir().resolve("mass-takeover.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString(), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private static Gaps gaps(String phase, AdvertCapture cap, BladeLab bl, String oldNs, String newNs, long flaps) {
        Map<String, String> oldSrc = Map.of(bl.lanAddress(oldNs, Family.IPV4), "v4", bl.linkLocal(oldNs), "v6");
        Map<String, String> newSrc = Map.of(bl.lanAddress(newNs, Family.IPV4), "v4", bl.linkLocal(newNs), "v6");
        Map<String, Double> lastOld = new HashMap<>();
        Map<String, List<Double>> fromNew = new HashMap<>();
        for (AdvertCapture.Advert a : cap.adverts()) {
            if (oldSrc.containsKey(a.source()) && a.priority() > 0) {
                lastOld.put(oldSrc.get(a.source()) + "_" + a.vrid(), a.time());
            } else if (newSrc.containsKey(a.source())) {
                fromNew.computeIfAbsent(newSrc.get(a.source()) + "_" + a.vrid(), k -> new ArrayList<>()).add(a.time());
            }
        }
        List<Double> failover = new ArrayList<>();
        List<Double> gaps = new ArrayList<>();
        for (Map.Entry<String, List<Double>> e : fromNew.entrySet()) {
            List<Double> times = e.getValue();
            // every gap of the new master, from its first advert in the capture (in a preemption it
            // starts while the old master still sends, and its late adverts make the old one return)
            for (int i = 1; i < times.size(); i++) {
                gaps.add(times.get(i) - times.get(i - 1));
            }
            Double old = lastOld.get(e.getKey());
            if (old != null && flaps < 0) {
                times.stream().filter(t -> t > old).findFirst().ifPresent(t -> failover.add(t - old));
            }
        }
        failover.sort(null);
        gaps.sort(null);
        int over = (int) gaps.stream().filter(g -> g > MASTER_DOWN).count();
        return new Gaps(phase, fromNew.size(), pct(failover, 0), pct(failover, 50), pct(failover, 100), pct(gaps, 50),
                pct(gaps, 99), pct(gaps, 100), over, flaps);
    }

    private static double pct(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.size() - 1, Math.round(Math.ceil(p / 100.0 * sorted.size())) - (p == 0 ? 0 : 1));
        return sorted.get(Math.max(0, i));
    }

    private static void awaitAll(VrrpdPeer a, String aState, VrrpdPeer b, String bState) {
        await().atMost(BOUND).pollInterval(POLL).until(() -> notInState(a, aState) == 0
                && (b == null || notInState(b, bState) == 0));
    }

    private static int notInState(VrrpdPeer peer, String state) {
        int n = 0;
        for (JsonNode i : peer.status().path("instances")) {
            if (!state.equals(i.path("state").asText())) {
                n++;
            }
        }
        return n;
    }

    private static Map<String, Long> masterTransitions(VrrpdPeer peer) {
        Map<String, Long> out = new HashMap<>();
        for (JsonNode i : peer.status().path("instances")) {
            out.put(i.path("name").asText(), i.path("counters").path("master-transitions").asLong());
        }
        return out;
    }
}
