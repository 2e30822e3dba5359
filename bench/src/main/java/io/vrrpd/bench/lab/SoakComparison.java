package io.vrrpd.bench.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.bench.lab.BenchSupport.CpuBurner;
import io.vrrpd.bench.lab.BenchSupport.Keepalived;
import io.vrrpd.lab.LabFiles;
import io.vrrpd.lab.AdvertCapture;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.KeepalivedPeer;
import io.vrrpd.lab.VrrpdPeer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.vrrpd.lab.BladeLab.LAN_IF;

/**
 * A measurement, not an assertion: the stability soak of DESIGN.md ("transitions that should not
 * happen, during a soak at 10 ms adverts with the other core busy"), vrrpd and keepalived 2.2.7
 * one after the other in the same lab and the same run.
 *
 * <p>Per implementation: r1 (priority 150) and r2 (priority 100), each with an IPv4 instance
 * (VRID 51, 192.0.2.1) and an IPv6 instance (VRID 51, fe80::1 + 2001:db8:1::1), 10 ms adverts, no
 * sync group. A {@code sha256sum /dev/zero} pinned to core {@code lab.bench.burn.core} (default 1)
 * runs for the whole test. Once r1 holds every VIP and r2 none (and 2 s more), every state
 * transition on either router is one that should not happen: counted from the logs (vrrpd's
 * {@code X -> Y} lines, keepalived's {@code Entering X STATE}) and, for vrrpd, from the
 * {@code master-transitions} counters of the status call {@code vrrpctl status --json} makes.
 * During the last {@code lab.bench.soak.capture.seconds} (default 30) adverts are captured on r2's
 * eth0 (what the backup sees), and the master's inter-advert intervals give p50/p99/max.
 * vrrpd's JVMs get GC + safepoint logging switched on at run time ({@code jcmd PID VM.log}).
 *
 * <pre>
 * bin/lab-bench soak \
 *     [-Dlab.bench.soak.seconds=180] [-Dlab.bench.soak.capture.seconds=30]
 * </pre>
 * The report is printed and written to {@code bench/target/lab/soak-10ms.md}.
 */
public final class SoakComparison {
    private static final Duration INTERVAL = Duration.ofMillis(10);
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Duration CONVERGE_BOUND = Duration.ofSeconds(30);
    /** Master_Down_Interval at priority 100, 10 ms: 3 × 10 ms + (256 − 100) × 10 ms / 256. */
    private static final double MASTER_DOWN_MS = 3 * 10 + (256 - 100) * 10 / 256.0;
    static final Pattern VRRPD_TRANSITION =
            Pattern.compile("(\\S+) \\((ipv4|ipv6) vrid (\\d+) on (\\S+)\\): (\\w+) -> (\\w+) \\(([^\\n]*)\\)");

    /** What one implementation did during its soak. */
    record Result(String name, double convergeSeconds, List<String> r1Transitions, List<String> r2Transitions,
                  Map<String, Long> masterTransitionCounters, Map<String, Stats> intervals, long r2Adverts,
                  double r1CpuSeconds, double r2CpuSeconds, double burnerCpuSeconds, double soakSeconds,
                  boolean r1StillMaster, String gc, String files, double machineBusyCores, String load) {
    }

    /** Inter-advert intervals (ms) of one source. */
    record Stats(int adverts, double p50, double p99, double max, long over20, long overMasterDown) {
        static Stats of(List<AdvertCapture.Advert> adverts) {
            List<Double> gaps = new ArrayList<>();
            for (int i = 1; i < adverts.size(); i++) {
                gaps.add((adverts.get(i).time() - adverts.get(i - 1).time()) * 1000);
            }
            List<Double> s = gaps.stream().sorted().toList();
            return new Stats(adverts.size(), BenchSupport.quantile(s, 0.5), BenchSupport.quantile(s, 0.99),
                    s.isEmpty() ? Double.NaN : s.get(s.size() - 1), s.stream().filter(g -> g > 20).count(),
                    s.stream().filter(g -> g > MASTER_DOWN_MS).count());
        }
    }

    /** Runs the benchmark (see the class comment for the properties it reads) and writes its table. */
    public static void main(String[] args) throws IOException {
        new SoakComparison().soak10ms();
    }

    void soak10ms() throws IOException {
        Duration soak = Duration.ofSeconds(Long.getLong("lab.bench.soak.seconds", 180));
        Duration tail = Duration.ofSeconds(Math.min(Long.getLong("lab.bench.soak.capture.seconds", 30), soak.toSeconds()));
        int core = Integer.getInteger("lab.bench.burn.core", 1);
        Instant started = Instant.now();
        List<Result> results = new ArrayList<>();
        try (BladeLab bl = BladeLab.create(); CpuBurner burner = new CpuBurner(core)) {
            System.out.printf("burner: sha256sum pid %d pinned to core %d%n", burner.pid(), core);
            for (String which : System.getProperty("lab.bench.soak.order", "vrrpd,keepalived").split(",")) {
                results.add(which.trim().equals("vrrpd") ? soakVrrpd(bl, burner, soak, tail) : soakKeepalived(bl, burner, soak, tail));
            }
            results.sort(java.util.Comparator.comparing(r -> r.name().startsWith("vrrpd") ? 0 : 1));
        }
        String text = report(results, soak, tail, core, started);
        System.out.println(text);
        Path out = LabFiles.baseDir().resolve("soak-10ms.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
    }

    private Result soakVrrpd(BladeLab bl, CpuBurner burner, Duration soak, Duration tail) {
        VrrpdPeer.Config v4 = VrrpdPeer.Config.ipv4("gw4", 150).withAdvertInterval(INTERVAL);
        VrrpdPeer.Config v6 = VrrpdPeer.Config.ipv6("gw6", 150).withAdvertInterval(INTERVAL);
        long t0 = System.nanoTime();
        VrrpdPeer r1 = bl.vrrpd(bl.r1(), v4, v6);
        VrrpdPeer r2 = bl.vrrpd(bl.r2(), v4.withPriority(100), v6.withPriority(100));
        try {
            Path gc1 = r1.logFile().resolveSibling("gc.log");
            Path gc2 = r2.logFile().resolveSibling("gc.log");
            String jcmd1 = BenchSupport.enableGcLog(r1.pid(), gc1);
            String jcmd2 = BenchSupport.enableGcLog(r2.pid(), gc2);
            BooleanSupplier converged = () -> r1.holdsVip() && !r2.holdsAnyVip()
                    && "MASTER".equals(r1.state("gw4")) && "MASTER".equals(r1.state("gw6"))
                    && "BACKUP".equals(r2.state("gw4")) && "BACKUP".equals(r2.state("gw6"));
            double convergeSeconds = awaitConverged(converged, t0, "vrrpd", r1.log() + r2.log());
            BenchSupport.sleep(SETTLE);
            if (!converged.getAsBoolean()) {
                throw new IllegalStateException("vrrpd lost convergence within the settle time");
            }
            int log1 = r1.log().length();
            int log2 = r2.log().length();
            Map<String, Long> counters0 = counters(r1, r2);
            Map<String, String> jstat1a = BenchSupport.jstatGc(r1.pid());
            Map<String, String> jstat2a = BenchSupport.jstatGc(r2.pid());
            long cpu1 = BenchSupport.cpuTicks(BenchSupport.tree(r1.pid()));
            long cpu2 = BenchSupport.cpuTicks(BenchSupport.tree(r2.pid()));
            long burn = burner.cpuTicks();
            long[] m0 = BenchSupport.machineTicks();
            String load0 = BenchSupport.loadavg();
            long w0 = System.nanoTime();
            AdvertCapture cap = soakAndCapture(bl, soak, tail);
            double window = (System.nanoTime() - w0) / 1e9;
            long[] m1 = BenchSupport.machineTicks();
            double busyCores = (m1[0] - m0[0]) / (double) BenchSupport.CLK_TCK / window;
            String load = load0 + " -> " + BenchSupport.loadavg();
            double c1 = (BenchSupport.cpuTicks(BenchSupport.tree(r1.pid())) - cpu1) / (double) BenchSupport.CLK_TCK;
            double c2 = (BenchSupport.cpuTicks(BenchSupport.tree(r2.pid())) - cpu2) / (double) BenchSupport.CLK_TCK;
            double cb = (burner.cpuTicks() - burn) / (double) BenchSupport.CLK_TCK;
            Map<String, Long> counters1 = counters(r1, r2);
            Map<String, Long> delta = new LinkedHashMap<>();
            counters1.forEach((k, v) -> delta.put(k, v - counters0.getOrDefault(k, 0L)));
            Map<String, String> jstat1b = BenchSupport.jstatGc(r1.pid());
            Map<String, String> jstat2b = BenchSupport.jstatGc(r2.pid());
            boolean still = converged.getAsBoolean();
            String gc = "r1: " + gcSummary(gc1, jstat1a, jstat1b, jcmd1) + "\n" + "r2: " + gcSummary(gc2, jstat2a, jstat2b, jcmd2);
            return new Result("vrrpd", convergeSeconds, vrrpdTransitions(r1.log(), log1), vrrpdTransitions(r2.log(), log2),
                    delta, intervals(bl, cap), r2Adverts(bl, cap), c1, c2, cb, window, still, gc,
                    r1.logFile().getParent() + " " + r2.logFile().getParent() + " " + cap.pcapFile(), busyCores, load);
        } finally {
            r1.crash();
            r2.crash();
            r1.removeVips();
            r2.removeVips();
        }
    }

    private Result soakKeepalived(BladeLab bl, CpuBurner burner, Duration soak, Duration tail) {
        KeepalivedPeer.Config v4 = KeepalivedPeer.Config.ipv4("gw4", 150).withAdvertInterval(INTERVAL);
        KeepalivedPeer.Config v6 = KeepalivedPeer.Config.ipv6("gw6", 150).withAdvertInterval(INTERVAL);
        long t0 = System.nanoTime();
        try (Keepalived r1 = Keepalived.start(bl.r1(), List.of(v4, v6));
             Keepalived r2 = Keepalived.start(bl.r2(), List.of(v4.withPriority(100), v6.withPriority(100)))) {
            List<String> vips = new ArrayList<>(v4.vipAddresses());
            vips.addAll(v6.vipAddresses());
            BooleanSupplier converged = () -> BenchSupport.present(bl.r1(), LAN_IF, vips) == vips.size()
                    && BenchSupport.present(bl.r2(), LAN_IF, vips) == 0;
            double convergeSeconds = awaitConverged(converged, t0, "keepalived", r1.log() + r2.log());
            BenchSupport.sleep(SETTLE);
            if (!converged.getAsBoolean()) {
                throw new IllegalStateException("keepalived lost convergence within the settle time");
            }
            int log1 = r1.log().length();
            int log2 = r2.log().length();
            long cpu1 = BenchSupport.cpuTicks(BenchSupport.tree(r1.mainPid()));
            long cpu2 = BenchSupport.cpuTicks(BenchSupport.tree(r2.mainPid()));
            long burn = burner.cpuTicks();
            long[] m0 = BenchSupport.machineTicks();
            String load0 = BenchSupport.loadavg();
            long w0 = System.nanoTime();
            AdvertCapture cap = soakAndCapture(bl, soak, tail);
            double window = (System.nanoTime() - w0) / 1e9;
            long[] m1 = BenchSupport.machineTicks();
            double busyCores = (m1[0] - m0[0]) / (double) BenchSupport.CLK_TCK / window;
            String load = load0 + " -> " + BenchSupport.loadavg();
            double c1 = (BenchSupport.cpuTicks(BenchSupport.tree(r1.mainPid())) - cpu1) / (double) BenchSupport.CLK_TCK;
            double c2 = (BenchSupport.cpuTicks(BenchSupport.tree(r2.mainPid())) - cpu2) / (double) BenchSupport.CLK_TCK;
            double cb = (burner.cpuTicks() - burn) / (double) BenchSupport.CLK_TCK;
            boolean still = converged.getAsBoolean();
            Result r = new Result("keepalived 2.2.7", convergeSeconds, r1.stateLines(log1), r2.stateLines(log2),
                    Map.of(), intervals(bl, cap), r2Adverts(bl, cap), c1, c2, cb, window, still, "(not a JVM)",
                    r1.dir + " " + r2.dir + " " + cap.pcapFile(), busyCores, load);
            return r;
        } finally {
            BenchSupport.deleteAddresses(bl.r1(), LAN_IF, List.of("192.0.2.1/24", "fe80::1/64", "2001:db8:1::1/64"));
            BenchSupport.deleteAddresses(bl.r2(), LAN_IF, List.of("192.0.2.1/24", "fe80::1/64", "2001:db8:1::1/64"));
        }
    }

    private static double awaitConverged(BooleanSupplier converged, long t0, String name, String logsIfNot) {
        long deadline = t0 + CONVERGE_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (converged.getAsBoolean()) {
                    return (System.nanoTime() - t0) / 1e9;
                }
            } catch (RuntimeException e) {
                // not answering yet
            }
            BenchSupport.sleep(Duration.ofMillis(50));
        }
        throw new IllegalStateException(name + " did not converge (r1 all VIPs, r2 none) within " + CONVERGE_BOUND
                + "; logs:\n" + logsIfNot);
    }

    /** Sleeps through the soak, capturing on r2's eth0 for its last {@code tail}; returns the stopped capture. */
    private static AdvertCapture soakAndCapture(BladeLab bl, Duration soak, Duration tail) {
        BenchSupport.sleep(soak.minus(tail));
        AdvertCapture cap = bl.capture(bl.r2(), LAN_IF);
        BenchSupport.sleep(tail);
        cap.stop();
        return cap;
    }

    private static Map<String, Stats> intervals(BladeLab bl, AdvertCapture cap) {
        Map<String, Stats> m = new LinkedHashMap<>();
        m.put("IPv4 (r1 " + bl.lanAddress(bl.r1(), Family.IPV4) + ")", Stats.of(cap.from(bl.lanAddress(bl.r1(), Family.IPV4))));
        m.put("IPv6 (r1 " + bl.linkLocal(bl.r1()) + ")", Stats.of(cap.from(bl.linkLocal(bl.r1()))));
        return m;
    }

    private static long r2Adverts(BladeLab bl, AdvertCapture cap) {
        return cap.from(bl.lanAddress(bl.r2(), Family.IPV4)).size() + cap.from(bl.linkLocal(bl.r2())).size();
    }

    private static Map<String, Long> counters(VrrpdPeer r1, VrrpdPeer r2) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (VrrpdPeer p : List.of(r1, r2)) {
            String router = p == r1 ? "r1" : "r2";
            for (JsonNode i : p.status().path("instances")) {
                m.put(router + " " + i.path("name").asText() + " master-transitions",
                        i.path("counters").path("master-transitions").asLong());
            }
        }
        return m;
    }

    static List<String> vrrpdTransitions(String log, int from) {
        List<String> out = new ArrayList<>();
        for (String line : log.substring(Math.min(from, log.length())).split("\n")) {
            Matcher m = VRRPD_TRANSITION.matcher(line);
            if (m.find()) {
                out.add(line.split(" ", 2)[0] + " " + m.group(1) + " " + m.group(5) + "->" + m.group(6) + " (" + m.group(7) + ")");
            }
        }
        return out;
    }

    private static final Pattern GC_PAUSE = Pattern.compile("\\[gc\\s*\\].*Pause.* (\\d+\\.\\d+)ms");
    private static final Pattern SAFEPOINT = Pattern.compile("Total: (\\d+) ns");

    private static String gcSummary(Path log, Map<String, String> before, Map<String, String> after, String jcmd) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "jstat over the soak: young GCs %s -> %s (YGCT %s -> %s s), full GCs %s -> %s;",
                before.get("YGC"), after.get("YGC"), before.get("YGCT"), after.get("YGCT"), before.get("FGC"), after.get("FGC")));
        try {
            List<Double> pauses = new ArrayList<>();
            List<String> long_ = new ArrayList<>();
            long maxSafepointNs = 0;
            long safepoints = 0;
            for (String line : Files.readAllLines(log)) {
                Matcher m = GC_PAUSE.matcher(line);
                if (m.find()) {
                    pauses.add(Double.parseDouble(m.group(1)));
                }
                if (s0(line) >= 10_000_000L || (m.find(0) && Double.parseDouble(m.group(1)) >= 10)) {
                    long_.add(line.substring(1, line.indexOf(']')) + " " + line.substring(line.lastIndexOf(']') + 1).trim());
                }
                Matcher s = SAFEPOINT.matcher(line);
                if (s.find()) {
                    safepoints++;
                    maxSafepointNs = Math.max(maxSafepointNs, Long.parseLong(s.group(1)));
                }
            }
            b.append(String.format(Locale.ROOT, " GC log (whole life): %d pauses, max %.3f ms, total %.1f ms; %d safepoints, max %.3f ms (%s)",
                    pauses.size(), pauses.stream().mapToDouble(d -> d).max().orElse(0),
                    pauses.stream().mapToDouble(d -> d).sum(), safepoints, maxSafepointNs / 1e6, log));
            b.append("\n   GC pauses / safepoints >= 10 ms: ").append(long_);
        } catch (IOException e) {
            b.append(" no GC log (").append(jcmd).append(')');
        }
        return b.toString();
    }

    /** The "Total: N ns" of a safepoint log line, else 0. */
    private static long s0(String line) {
        Matcher s = SAFEPOINT.matcher(line);
        return s.find() ? Long.parseLong(s.group(1)) : 0;
    }

    private static String report(List<Result> rs, Duration soak, Duration tail, int core, Instant started) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Soak at 10 ms adverts, %d s per implementation (capture: last %d s on r2 eth0), "
                + "sha256sum burner pinned to core %d, started %s, %d cores%n%n", soak.toSeconds(), tail.toSeconds(), core,
                started, Runtime.getRuntime().availableProcessors()));
        b.append("| measure | vrrpd | keepalived 2.2.7 | ratio vrrpd/keepalived |\n|---|---|---|---|\n");
        Result v = rs.get(0);
        Result k = rs.get(1);
        row(b, "transitions after convergence, r1 (master)", v.r1Transitions().size(), k.r1Transitions().size());
        row(b, "transitions after convergence, r2 (backup)", v.r2Transitions().size(), k.r2Transitions().size());
        row(b, "adverts from r2 in the capture", v.r2Adverts(), k.r2Adverts());
        for (String fam : v.intervals().keySet()) {
            String kf = k.intervals().keySet().stream().filter(x -> x.startsWith(fam.substring(0, 4))).findFirst().orElseThrow();
            Stats sv = v.intervals().get(fam);
            Stats sk = k.intervals().get(kf);
            String f = fam.substring(0, 4);
            row(b, f + " master adverts captured", sv.adverts(), sk.adverts());
            row(b, f + " inter-advert p50 (ms)", sv.p50(), sk.p50());
            row(b, f + " inter-advert p99 (ms)", sv.p99(), sk.p99());
            row(b, f + " inter-advert max (ms)", sv.max(), sk.max());
            row(b, f + " intervals > 20 ms", sv.over20(), sk.over20());
            row(b, String.format(Locale.ROOT, f + " intervals > %.2f ms (master-down)", MASTER_DOWN_MS), sv.overMasterDown(), sk.overMasterDown());
        }
        row(b, "CPU, r1 daemon (% of one core)", 100 * v.r1CpuSeconds() / v.soakSeconds(), 100 * k.r1CpuSeconds() / k.soakSeconds());
        row(b, "CPU, r2 daemon (% of one core)", 100 * v.r2CpuSeconds() / v.soakSeconds(), 100 * k.r2CpuSeconds() / k.soakSeconds());
        row(b, "CPU, burner (% of one core)", 100 * v.burnerCpuSeconds() / v.soakSeconds(), 100 * k.burnerCpuSeconds() / k.soakSeconds());
        row(b, "machine busy over the soak (cores, of 2)", v.machineBusyCores(), k.machineBusyCores());
        row(b, "  of which not the daemons nor the burner (cores)", v.machineBusyCores() - (v.r1CpuSeconds() + v.r2CpuSeconds() + v.burnerCpuSeconds()) / v.soakSeconds(),
                k.machineBusyCores() - (k.r1CpuSeconds() + k.r2CpuSeconds() + k.burnerCpuSeconds()) / k.soakSeconds());
        row(b, "start r1 + r2 until converged (s; vrrpd: incl. 2 JVM starts)", v.convergeSeconds(), k.convergeSeconds());
        b.append(String.format("| r1 still master at the end | %s | %s | |%n", v.r1StillMaster(), k.r1StillMaster()));
        b.append("\nRaw:\n\n```\n");
        for (Result r : rs) {
            b.append(r.name()).append(String.format(Locale.ROOT, ": soak window %.1f s, CPU s r1 %.2f r2 %.2f burner %.2f%n",
                    r.soakSeconds(), r.r1CpuSeconds(), r.r2CpuSeconds(), r.burnerCpuSeconds()));
            b.append("  load average (1/5/15 min) at the soak's start -> end: ").append(r.load()).append('\n');
            b.append("  r1 transitions after convergence: ").append(r.r1Transitions()).append('\n');
            b.append("  r2 transitions after convergence: ").append(r.r2Transitions()).append('\n');
            if (!r.masterTransitionCounters().isEmpty()) {
                b.append("  master-transitions counter deltas over the soak: ").append(r.masterTransitionCounters()).append('\n');
            }
            r.intervals().forEach((fam, s) -> b.append("  ").append(fam).append(": ").append(s).append('\n'));
            b.append("  GC: ").append(r.gc().replace("\n", "\n      ")).append('\n');
            b.append("  files: ").append(r.files()).append('\n');
        }
        b.append("```\n");
        return b.toString();
    }

    private static void row(StringBuilder b, String what, double v, double k) {
        boolean integral = what.contains("transitions") || what.contains("adverts") || what.contains("intervals >");
        String fv = integral ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
        String fk = integral ? Long.toString((long) k) : String.format(Locale.ROOT, "%.3f", k);
        b.append("| ").append(what).append(" | ").append(fv).append(" | ").append(fk).append(" | ")
                .append(BenchSupport.ratio(v, k)).append(" |\n");
    }
}
