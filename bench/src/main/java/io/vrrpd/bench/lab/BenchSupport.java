package io.vrrpd.bench.lab;

import io.vrrpd.lab.KeepalivedPeer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shared pieces of the opt-in lab benchmarks: /proc readings (CPU ticks, RSS, PSS) over a process
 * and its descendants, a CPU burner pinned to one core, percentiles, keepalived started without a
 * sync group, and a JVM's GC counters through {@code jstat}.
 */
final class BenchSupport {
    private BenchSupport() {
    }

    /** Clock ticks per second for /proc/PID/stat (USER_HZ; 100 on every Linux this lab runs). */
    static final long CLK_TCK = clockTicks();

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /** Machine-wide busy and total ticks (all cores) from the first line of /proc/stat: {busy, total}. */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            for (int i = 1; i < Math.min(f.length, 9); i++) {   // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            return new long[] {total - idle, total};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** /proc/loadavg's first three fields. */
    static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** The threads of {@code pid} by name (digits folded to #), most common first: /proc/PID/task/TID/comm. */
    static String threadNames(long pid) {
        java.util.Map<String, Long> m = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks.toList()) {
                try {
                    m.merge(Files.readString(t.resolve("comm")).trim().replaceAll("\\d+", "#"), 1L, Long::sum);
                } catch (IOException e) {
                    // thread ended
                }
            }
        } catch (IOException e) {
            return "?";
        }
        return m.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + "=" + e.getValue()).toList().toString();
    }

    /** {@code pid} and all its live descendants. */
    static List<Long> tree(long pid) {
        List<Long> pids = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(h -> {
            pids.add(h.pid());
            h.descendants().forEach(d -> pids.add(d.pid()));
        });
        return pids;
    }

    /** utime + stime (ticks) of one process, from /proc/PID/stat; 0 when it is gone. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command (field 2) may contain spaces: fields after the last ')' are fixed
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            // f[0] is field 3 (state): utime is field 14, stime field 15
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException e) {
            return 0;
        }
    }

    static long cpuTicks(List<Long> pids) {
        return pids.stream().mapToLong(BenchSupport::cpuTicks).sum();
    }

    /** One field (kB) of /proc/PID/status, e.g. VmRSS, VmHWM; 0 when absent. */
    static long statusKb(long pid, String field) {
        return procKb(Path.of("/proc", Long.toString(pid), "status"), field);
    }

    /** Proportional set size (kB) from /proc/PID/smaps_rollup: shared pages split between sharers. */
    static long pssKb(long pid) {
        return procKb(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss");
    }

    private static long procKb(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone or unreadable
        }
        return 0;
    }

    /** The command name of a process (/proc/PID/comm). */
    static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    /** The {@code q}-quantile (0..1, nearest rank) of sorted {@code values}. */
    static double quantile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static String ratio(double vrrpd, double keepalived) {
        if (keepalived == 0) {
            return vrrpd == 0 ? "1 (both 0)" : "inf";
        }
        return String.format(Locale.ROOT, "%.2f", vrrpd / keepalived);
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String run(List<String> cmd, String stdin, Duration bound) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(cmd + " did not end within " + bound);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Deletes {@code cidrs} from {@code ifname} in {@code ns} in one {@code ip -batch}, ignoring absent ones. */
    static void deleteAddresses(String ns, String ifname, List<String> cidrs) {
        StringBuilder b = new StringBuilder();
        for (String c : cidrs) {
            b.append("addr del ").append(c).append(" dev ").append(ifname).append('\n');
        }
        run(List.of("ip", "-n", ns, "-force", "-batch", "-"), b.toString(), Duration.ofSeconds(30));
    }

    /** How many of {@code addresses} are on {@code ifname} in {@code ns}. */
    static long present(String ns, String ifname, List<String> addresses) {
        java.util.Set<String> have = new java.util.HashSet<>(KeepalivedPeer.addresses(ns, ifname));
        return addresses.stream().filter(have::contains).count();
    }

    /**
     * {@code sha256sum /dev/zero} pinned with taskset to one core: keeps that core 100 % busy.
     * taskset execs, so the started process is sha256sum itself; only that PID is ever signalled.
     */
    static final class CpuBurner implements AutoCloseable {
        private final Process process;
        final int core;

        CpuBurner(int core) {
            this.core = core;
            try {
                process = new ProcessBuilder("taskset", "-c", Integer.toString(core), "sha256sum", "/dev/zero")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sleep(Duration.ofMillis(200));
            String c = comm(process.pid());
            if (!process.isAlive() || !c.equals("sha256sum")) {
                process.destroyForcibly();
                throw new IllegalStateException("CPU burner " + process.pid() + " is " + c + ", expected sha256sum");
            }
        }

        long pid() {
            return process.pid();
        }

        long cpuTicks() {
            return BenchSupport.cpuTicks(process.pid());
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /** keepalived for the benchmarks: independent instances (no sync group), plus its log's state lines. */
    static final class Keepalived implements AutoCloseable {
        private static final Pattern STATE = Pattern.compile("\\((\\S+)\\) Entering (MASTER|BACKUP|FAULT) STATE");
        final String ns;
        final Path dir;
        private final KeepalivedPeer peer;

        private Keepalived(KeepalivedPeer peer) {
            this.peer = peer;
            this.ns = peer.namespace();
            this.dir = peer.logFile().getParent();
        }

        static Keepalived start(String ns, List<KeepalivedPeer.Config> instances) {
            return new Keepalived(KeepalivedPeer.startIndependent(ns, instances));
        }

        long mainPid() {
            return peer.mainPid();
        }

        Path logFile() {
            return peer.logFile();
        }

        String log() {
            return peer.log();
        }

        /** "Entering X STATE" lines in the log from character {@code from} on, as "instance X". */
        List<String> stateLines(int from) {
            String log = log();
            Matcher m = STATE.matcher(log.substring(Math.min(from, log.length())));
            List<String> out = new ArrayList<>();
            while (m.find()) {
                out.add(m.group(1) + " " + m.group(2));
            }
            return out;
        }

        @Override
        public void close() {
            peer.close();
        }
    }

    /** {@code jstat -gc PID} as field name -> value (YGC, YGCT, FGC, FGCT, GCT, ...); empty on failure. */
    static java.util.Map<String, String> jstatGc(long pid) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        try {
            String out = run(List.of(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(), "-gc",
                    Long.toString(pid)), null, Duration.ofSeconds(30));
            String[] lines = out.trim().split("\n");
            if (lines.length >= 2) {
                String[] k = lines[0].trim().split("\\s+");
                String[] v = lines[1].trim().split("\\s+");
                for (int i = 0; i < Math.min(k.length, v.length); i++) {
                    m.put(k[i], v[i]);
                }
            }
        } catch (RuntimeException e) {
            m.put("error", e.getMessage());
        }
        return m;
    }

    /** Turns on GC logging in a running JVM ({@code jcmd PID VM.log}); returns jcmd's output. */
    static String enableGcLog(long pid, Path file) {
        try {
            return run(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid),
                    "VM.log", "output=" + file, "what=gc,safepoint", "decorators=utctime,uptime,level,tags"),
                    null, Duration.ofSeconds(30)).trim();
        } catch (RuntimeException e) {
            return "jcmd failed: " + e.getMessage();
        }
    }
}
