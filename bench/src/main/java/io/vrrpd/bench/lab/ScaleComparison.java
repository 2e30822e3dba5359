package io.vrrpd.bench.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.bench.lab.BenchSupport.Keepalived;
import io.vrrpd.lab.LabFiles;
import io.vrrpd.lab.AdvertCapture;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.KeepalivedPeer;
import io.vrrpd.lab.ManyInstances;
import io.vrrpd.lab.VrrpdPeer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static io.vrrpd.lab.BladeLab.LAN_IF;
import static io.vrrpd.lab.ManyInstances.allVipCidrs;
import static io.vrrpd.lab.ManyInstances.bare;

/**
 * A measurement, not an assertion: DESIGN.md's scale measure, "CPU and memory for 255 VRIDs × 2
 * families on one interface pair, against keepalived", vrrpd and keepalived 2.2.7 one after the
 * other in the same lab and run.
 *
 * <p>255 IPv4 instances (VRID n, VIP 192.0.2.n/24; the four n that collide with lab addresses or
 * the broadcast, 2, 3, 100 and 255, get 203.0.113.n/32 instead) and 255 IPv6 instances (VRID n,
 * VIPs fe80::n/64 then 2001:db8:1::1:n/64, n in hex) on eth0 of r1 (priority 150) and r2
 * (priority 100), no sync group. Once all 510 are MASTER on r1 (every VIP on r1's eth0, none on
 * r2's; for vrrpd also the reported states) and {@code lab.bench.scale.settle.seconds} (10) more,
 * utime + stime from /proc/PID/stat of every process of the implementation (keepalived: main and
 * its VRRP child) is read over {@code lab.bench.scale.seconds} (60), then RSS / PSS / VmHWM from
 * /proc. Then 5 s of adverts are captured on r2's eth0 to check the master really sends them all.
 * Intervals in ms from {@code lab.bench.scale.intervals} (default 1000; e.g. 1000,100).
 *
 * <pre>
 * bin/lab-bench scale
 * </pre>
 * The report is printed and written to {@code bench/target/lab/scale-255x2.md}.
 */
public final class ScaleComparison {
    private static final Duration CONVERGE_BOUND = Duration.ofSeconds(Long.getLong("lab.bench.scale.converge.seconds", 60));
    private static final Duration CAPTURE = Duration.ofSeconds(5);

    /** One router's readings over the window. */
    record Usage(double cpuSeconds, long rssKb, long pssKb, long hwmKb, int processes, int threads, String extra) {
    }

    record Result(String name, int intervalMs, double startToConverged, double windowSeconds, Usage r1, Usage r2,
                  double r1AdvertsPerSecond, long r2Adverts, int vridsSeen4, int vridsSeen6, String notes,
                  long r2MasterBeforeConverged, long transitionsAfterConverged) {
    }

    /** Runs the benchmark (see the class comment for the properties it reads) and writes its table. */
    public static void main(String[] args) throws IOException {
        new ScaleComparison().scale255x2();
    }

    void scale255x2() throws IOException {
        int vrids = Integer.getInteger("lab.bench.scale.vrids", 255);
        Duration window = Duration.ofSeconds(Long.getLong("lab.bench.scale.seconds", 60));
        Duration settle = Duration.ofSeconds(Long.getLong("lab.bench.scale.settle.seconds", 10));
        List<Integer> intervals = Arrays.stream(System.getProperty("lab.bench.scale.intervals", "1000").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        Instant started = Instant.now();
        List<Result> results = new ArrayList<>();
        try (BladeLab bl = BladeLab.create()) {
            List<String> which = Arrays.stream(System.getProperty("lab.bench.scale.implementations", "vrrpd,keepalived")
                    .split(",")).map(String::trim).toList();
            for (int ms : intervals) {
                if (which.contains("vrrpd")) {
                    Result v = runVrrpd(bl, vrids, Duration.ofMillis(ms), settle, window);
                    System.out.println(v);
                    results.add(v);
                }
                if (which.contains("keepalived")) {
                    Result k = runKeepalived(bl, vrids, Duration.ofMillis(ms), settle, window);
                    System.out.println(k);
                    results.add(k);
                }
            }
        }
        String text = report(results, vrids, window, settle, started);
        System.out.println(text);
        Path out = LabFiles.baseDir().resolve("scale-255x2.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
    }

    private Result runVrrpd(BladeLab bl, int vrids, Duration interval, Duration settle, Duration window) {
        List<String> vips = bare(allVipCidrs(vrids));
        long t0 = System.nanoTime();
        VrrpdPeer r1 = ManyInstances.start(bl, bl.r1(), ManyInstances.vrrpd(vrids, 150, interval));
        VrrpdPeer r2 = null;
        try {
            r2 = ManyInstances.start(bl, bl.r2(), ManyInstances.vrrpd(vrids, 100, interval));
            VrrpdPeer b = r2;
            BooleanSupplier converged = () -> BenchSupport.present(bl.r1(), LAN_IF, vips) == vips.size()
                    && BenchSupport.present(bl.r2(), LAN_IF, vips) == 0
                    && states(r1).getOrDefault("MASTER", 0L) == 2L * vrids
                    && states(b).getOrDefault("BACKUP", 0L) == 2L * vrids;
            double conv = awaitConverged(converged, t0, "vrrpd", () -> states(r1) + " / " + states(b));
            int log1 = r1.log().length();
            int log2 = r2.log().length();
            long r2Early = SoakComparison.vrrpdTransitions(r2.log().substring(0, log2), 0).stream()
                    .filter(l -> l.contains("BACKUP->MASTER")).count();
            BenchSupport.sleep(settle);
            long sent0 = advertsSent(r1);
            Map<String, String> g1 = BenchSupport.jstatGc(r1.pid());
            Map<String, String> g2 = BenchSupport.jstatGc(r2.pid());
            long[] cpu0 = {BenchSupport.cpuTicks(BenchSupport.tree(r1.pid())), BenchSupport.cpuTicks(BenchSupport.tree(r2.pid()))};
            long w0 = System.nanoTime();
            BenchSupport.sleep(window);
            long[] cpu1 = {BenchSupport.cpuTicks(BenchSupport.tree(r1.pid())), BenchSupport.cpuTicks(BenchSupport.tree(r2.pid()))};
            double w = (System.nanoTime() - w0) / 1e9;
            long sent1 = advertsSent(r1);
            Usage u1 = usage(r1.pid(), cpu1[0] - cpu0[0], jvmExtra(r1.pid(), g1));
            Usage u2 = usage(r2.pid(), cpu1[1] - cpu0[1], jvmExtra(r2.pid(), g2));
            System.out.printf(Locale.ROOT, "vrrpd @ %d ms window %.1f s: r1 %s%n  r2 %s%n", interval.toMillis(), w, u1, u2);
            boolean still = converged.getAsBoolean();
            Captured cap = capture(bl);
            String notes = String.format(Locale.ROOT, "r1 adverts-sent over the window (status counters, all instances): %d "
                    + "(%.1f/s; expected %.1f/s); converged still at the end: %s; JVM flags as VrrpdPeer: %s; logs %s %s", sent1 - sent0, (sent1 - sent0) / w,
                    2.0 * vrids * 1000 / interval.toMillis(), still, String.join(" ", VrrpdPeer.jvmFlags()),
                    r1.logFile(), r2.logFile());
            List<String> late = new ArrayList<>(SoakComparison.vrrpdTransitions(r1.log(), log1));
            late.addAll(SoakComparison.vrrpdTransitions(r2.log(), log2));
            return new Result("vrrpd", (int) interval.toMillis(), conv, w, u1, u2, cap.r1PerSecond, cap.r2, cap.vrids4,
                    cap.vrids6, notes + "; transitions after convergence (both routers): "
                    + (late.size() > 20 ? late.subList(0, 20) + " ..." : late) + "; " + cap.file, r2Early, late.size());
        } finally {
            r1.crash();
            if (r2 != null) {
                r2.crash();
            }
            BenchSupport.deleteAddresses(bl.r1(), LAN_IF, allVipCidrs(vrids));
            BenchSupport.deleteAddresses(bl.r2(), LAN_IF, allVipCidrs(vrids));
        }
    }

    private Result runKeepalived(BladeLab bl, int vrids, Duration interval, Duration settle, Duration window) {
        List<KeepalivedPeer.Config> c1 = ManyInstances.keepalived(vrids, 150, interval);
        List<KeepalivedPeer.Config> c2 = ManyInstances.keepalived(vrids, 100, interval);
        List<String> vips = bare(allVipCidrs(vrids));
        long t0 = System.nanoTime();
        Keepalived r1 = Keepalived.start(bl.r1(), c1);
        Keepalived r2 = null;
        try {
            r2 = Keepalived.start(bl.r2(), c2);
            Keepalived b = r2;
            BooleanSupplier converged = () -> BenchSupport.present(bl.r1(), LAN_IF, vips) == vips.size()
                    && BenchSupport.present(bl.r2(), LAN_IF, vips) == 0;
            double conv = awaitConverged(converged, t0, "keepalived",
                    () -> BenchSupport.present(bl.r1(), LAN_IF, vips) + " VIPs on r1, " + BenchSupport.present(bl.r2(), LAN_IF, vips) + " on r2");
            int log1 = r1.log().length();
            int log2 = r2.log().length();
            long r2Early = r2.stateLines(0).stream().filter(l -> l.endsWith("MASTER")).count();
            BenchSupport.sleep(settle);
            long[] cpu0 = {BenchSupport.cpuTicks(BenchSupport.tree(r1.mainPid())), BenchSupport.cpuTicks(BenchSupport.tree(r2.mainPid()))};
            long w0 = System.nanoTime();
            BenchSupport.sleep(window);
            long[] cpu1 = {BenchSupport.cpuTicks(BenchSupport.tree(r1.mainPid())), BenchSupport.cpuTicks(BenchSupport.tree(r2.mainPid()))};
            double w = (System.nanoTime() - w0) / 1e9;
            Usage u1 = usage(r1.mainPid(), cpu1[0] - cpu0[0], "");
            Usage u2 = usage(r2.mainPid(), cpu1[1] - cpu0[1], "");
            System.out.printf(Locale.ROOT, "keepalived @ %d ms window %.1f s: r1 %s%n  r2 %s%n", interval.toMillis(), w, u1, u2);
            boolean still = converged.getAsBoolean();
            long masters = r1.stateLines(0).stream().filter(l -> l.endsWith("MASTER")).count();
            long r2masters = b.stateLines(0).stream().filter(l -> l.endsWith("MASTER")).count();
            Captured cap = capture(bl);
            String notes = String.format(Locale.ROOT, "r1 log 'Entering MASTER STATE' lines: %d, r2: %d; converged still at the end: %s; "
                    + "processes r1 %s; dirs %s %s", masters, r2masters, still,
                    BenchSupport.tree(r1.mainPid()).stream().map(p -> p + "/" + BenchSupport.comm(p)).toList(), r1.dir, b.dir);
            List<String> late = new ArrayList<>(r1.stateLines(log1));
            late.addAll(b.stateLines(log2));
            return new Result("keepalived 2.2.7", (int) interval.toMillis(), conv, w, u1, u2, cap.r1PerSecond, cap.r2,
                    cap.vrids4, cap.vrids6, notes + "; transitions after convergence (both routers): "
                    + (late.size() > 20 ? late.subList(0, 20) + " ..." : late) + "; " + cap.file, r2Early, late.size());
        } finally {
            if (r2 != null) {
                r2.close();
            }
            r1.close();
            BenchSupport.deleteAddresses(bl.r1(), LAN_IF, allVipCidrs(vrids));
            BenchSupport.deleteAddresses(bl.r2(), LAN_IF, allVipCidrs(vrids));
        }
    }

    private static Map<String, Long> states(VrrpdPeer p) {
        List<String> s = new ArrayList<>();
        for (JsonNode i : p.status().path("instances")) {
            s.add(i.path("state").asText());
        }
        return s.stream().collect(Collectors.groupingBy(x -> x, Collectors.counting()));
    }

    private static long advertsSent(VrrpdPeer p) {
        long sum = 0;
        for (JsonNode i : p.status().path("instances")) {
            sum += i.path("counters").path("adverts-sent").asLong();
        }
        return sum;
    }

    private static double awaitConverged(BooleanSupplier converged, long t0, String name,
                                         java.util.function.Supplier<String> state) {
        long deadline = t0 + CONVERGE_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (converged.getAsBoolean()) {
                    return (System.nanoTime() - t0) / 1e9;
                }
            } catch (RuntimeException e) {
                // not answering yet
            }
            BenchSupport.sleep(Duration.ofMillis(250));
        }
        // Measured anyway: an implementation that cannot converge at this scale is a result, not an error.
        System.out.println(name + ": NOT CONVERGED (all MASTER on r1, BACKUP on r2) within " + CONVERGE_BOUND + ": " + state.get());
        return Double.NaN;
    }

    private static Usage usage(long pid, long ticks, String extra) {
        List<Long> pids = BenchSupport.tree(pid);
        long rss = 0;
        long pss = 0;
        long hwm = 0;
        int threads = 0;
        for (long p : pids) {
            rss += BenchSupport.statusKb(p, "VmRSS");
            hwm += BenchSupport.statusKb(p, "VmHWM");
            pss += BenchSupport.pssKb(p);
            threads += (int) BenchSupport.statusKb(p, "Threads");
        }
        return new Usage(ticks / (double) BenchSupport.CLK_TCK, rss, pss, hwm, pids.size(), threads, extra);
    }

    private static String jvmExtra(long pid, Map<String, String> before) {
        Map<String, String> gc = BenchSupport.jstatGc(pid);
        // jstat -gc columns depend on the collector: ZGC (the launcher's) has no survivor or eden
        // figures and counts concurrent cycles (CGC); Serial and G1 count young and full ones.
        double heapUsed = kb(gc, "S0U") + kb(gc, "S1U") + kb(gc, "EU") + kb(gc, "OU");
        double heapCap = kb(gc, "S0C") + kb(gc, "S1C") + kb(gc, "EC") + kb(gc, "OC");
        return String.format(Locale.ROOT, "heap used %.0f kB of %.0f kB committed, metaspace used %s kB, "
                        + "GCs over the window: young %s -> %s, concurrent %s -> %s (CGCT %s -> %s s), full %s; threads %s",
                heapUsed, heapCap, gc.get("MU"), before.get("YGC"), gc.get("YGC"), before.get("CGC"), gc.get("CGC"),
                before.get("CGCT"), gc.get("CGCT"), gc.get("FGC"), BenchSupport.threadNames(pid));
    }

    /** A jstat figure in kB, 0 when the collector does not report it ("-" or missing). */
    private static double kb(Map<String, String> gc, String column) {
        try {
            return Double.parseDouble(gc.getOrDefault(column, "-"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private record Captured(double r1PerSecond, long r2, int vrids4, int vrids6, String file) {
    }

    private static Captured capture(BladeLab bl) {
        AdvertCapture cap = bl.capture(bl.r2(), LAN_IF);
        long c0 = System.nanoTime();
        BenchSupport.sleep(CAPTURE);
        cap.stop();
        double secs = (System.nanoTime() - c0) / 1e9;
        List<AdvertCapture.Advert> v4 = cap.from(bl.lanAddress(bl.r1(), Family.IPV4));
        List<AdvertCapture.Advert> v6 = cap.from(bl.linkLocal(bl.r1()));
        long r2 = cap.from(bl.lanAddress(bl.r2(), Family.IPV4)).size() + cap.from(bl.linkLocal(bl.r2())).size();
        int vr4 = (int) v4.stream().mapToInt(AdvertCapture.Advert::vrid).distinct().count();
        int vr6 = (int) v6.stream().mapToInt(AdvertCapture.Advert::vrid).distinct().count();
        return new Captured((v4.size() + v6.size()) / secs, r2, vr4, vr6, "capture " + cap.pcapFile());
    }

    private static String report(List<Result> rs, int vrids, Duration window, Duration settle, Instant started) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Scale: %d VRIDs x 2 families (%d instances) per router, r1 priority 150 "
                + "(master of all), r2 100; CPU window %d s after convergence + %d s settle; started %s; %d cores%n%n",
                vrids, 2 * vrids, window.toSeconds(), settle.toSeconds(), started, Runtime.getRuntime().availableProcessors()));
        for (int i = 0; i + 1 < rs.size() && rs.size() % 2 == 0; i += 2) {
            Result v = rs.get(i);
            Result k = rs.get(i + 1);
            b.append(String.format(Locale.ROOT, "### %d ms adverts%n%n", v.intervalMs()));
            b.append("| measure | vrrpd | keepalived 2.2.7 | ratio vrrpd/keepalived |\n|---|---|---|---|\n");
            row(b, "r1 (master) CPU, % of one core", 100 * v.r1().cpuSeconds() / v.windowSeconds(), 100 * k.r1().cpuSeconds() / k.windowSeconds(), "%.2f");
            row(b, "r2 (backup) CPU, % of one core", 100 * v.r2().cpuSeconds() / v.windowSeconds(), 100 * k.r2().cpuSeconds() / k.windowSeconds(), "%.2f");
            row(b, "r1 RSS (MiB)", v.r1().rssKb() / 1024.0, k.r1().rssKb() / 1024.0, "%.1f");
            row(b, "r2 RSS (MiB)", v.r2().rssKb() / 1024.0, k.r2().rssKb() / 1024.0, "%.1f");
            row(b, "r1 PSS (MiB)", v.r1().pssKb() / 1024.0, k.r1().pssKb() / 1024.0, "%.1f");
            row(b, "r2 PSS (MiB)", v.r2().pssKb() / 1024.0, k.r2().pssKb() / 1024.0, "%.1f");
            row(b, "r1 adverts/s seen on r2's eth0", v.r1AdvertsPerSecond(), k.r1AdvertsPerSecond(), "%.1f");
            b.append(String.format(Locale.ROOT, "| start r1 + r2 until all converged (s) | %s | %s | %s |%n", conv(v), conv(k),
                    Double.isNaN(v.startToConverged()) || Double.isNaN(k.startToConverged()) ? ""
                            : BenchSupport.ratio(v.startToConverged(), k.startToConverged())));
            b.append(String.format(Locale.ROOT, "| VRIDs seen from r1 (IPv4 / IPv6) | %d / %d | %d / %d | |%n", v.vridsSeen4(),
                    v.vridsSeen6(), k.vridsSeen4(), k.vridsSeen6()));
            b.append(String.format(Locale.ROOT, "| adverts from r2 in the capture | %d | %d | |%n", v.r2Adverts(), k.r2Adverts()));
            b.append(String.format(Locale.ROOT, "| r2 BACKUP->MASTER before convergence (start-up, of %d instances) | %d | %d | |%n",
                    2 * vrids, v.r2MasterBeforeConverged(), k.r2MasterBeforeConverged()));
            b.append(String.format(Locale.ROOT, "| transitions after convergence (settle + window + capture, both routers) | %d | %d | |%n%n",
                    v.transitionsAfterConverged(), k.transitionsAfterConverged()));
        }
        b.append("Raw:\n\n```\n");
        for (Result r : rs) {
            b.append(r.name()).append(" @ ").append(r.intervalMs()).append(" ms, window ")
                    .append(String.format(Locale.ROOT, "%.1f s", r.windowSeconds())).append('\n');
            b.append("  r1: ").append(r.r1()).append('\n');
            b.append("  r2: ").append(r.r2()).append('\n');
            b.append("  ").append(r.notes()).append('\n');
        }
        b.append("```\n");
        return b.toString();
    }

    private static String conv(Result r) {
        return Double.isNaN(r.startToConverged()) ? "**not converged in " + CONVERGE_BOUND.toSeconds() + " s** (measured anyway)"
                : String.format(Locale.ROOT, "%.1f", r.startToConverged());
    }

    private static void row(StringBuilder b, String what, double v, double k, String fmt) {
        b.append("| ").append(what).append(" | ").append(String.format(Locale.ROOT, fmt, v)).append(" | ")
                .append(String.format(Locale.ROOT, fmt, k)).append(" | ").append(BenchSupport.ratio(v, k)).append(" |\n");
    }
}
