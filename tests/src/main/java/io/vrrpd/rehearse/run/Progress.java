package io.vrrpd.rehearse.run;

import io.vrrpd.lab.LabPlan;
import io.vrrpd.rehearse.lab.LabDerivation;
import io.vrrpd.rehearse.measure.BladeSample;
import io.vrrpd.rehearse.measure.Expectation;
import io.vrrpd.rehearse.measure.Measures;
import io.vrrpd.rehearse.measure.TimeText;
import io.vrrpd.rehearse.measure.ProbeKind;
import io.vrrpd.rehearse.measure.Reported;
import io.vrrpd.rehearse.measure.Sample;
import io.vrrpd.rehearse.measure.StepSpan;
import io.vrrpd.rehearse.scenario.BladeSpec;
import io.vrrpd.rehearse.scenario.Scenario;
import io.vrrpd.rehearse.scenario.Step;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a rehearsal prints: the lab it built, each step as it runs (what the blades report and
 * whether the client gets out, the time spent and the time allowed), and at the end a table per
 * step and the verdict. On a terminal the running line is rewritten in place; otherwise it is
 * printed every two seconds.
 */
final class Progress {
    private static final long EVERY = Duration.ofSeconds(2).toNanos();

    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private long lastLine = Long.MIN_VALUE;
    private boolean pending;

    Progress(PrintStream out) {
        this.out = out;
    }

    PrintStream out() {
        return out;
    }

    void header(Scenario s, LabDerivation.Derived d) {
        out.println("vrrp-rehearse: " + s.name() + " (" + s.steps().size() + " steps)");
        if (!s.description().isBlank()) {
            out.println("  " + s.description().strip().replaceAll("\\s*\n\\s*", "\n  "));
        }
        LabPlan p = d.plan();
        for (BladeSpec b : s.blades().values()) {
            LabPlan.Blade lb = p.blade(b.name());
            out.println("  blade " + b.name() + ": " + b.daemon().key() + " " + b.config().getFileName()
                    + (b.command() == null ? "" : " (" + String.join(" ", b.command()) + ")") + "; "
                    + lb.ports().stream().map(port -> port.ifname() + " " + String.join(" ", port.addresses()))
                    .collect(Collectors.joining("; ")));
        }
        out.println("  client " + String.join(" ", p.client().addresses()) + " via " + p.client().gateway4()
                + (p.client().gateway6() == null ? "" : " / " + p.client().gateway6()) + "; upstream "
                + String.join(" ", p.upstream().addresses()) + "; targets " + String.join(" ", p.upstream().targets())
                + "; replies via " + p.upstream().returnRoutes().stream().map(r -> String.join("+", r.via()))
                .collect(Collectors.joining(" / ")));
        out.println("  sampled every " + ms(s.lab().probeInterval().toNanos()) + "; probes icmp and tcp:"
                + s.lab().tcpPort() + " in " + d.topology().probedFamilies().stream().map(f -> f.key())
                .collect(Collectors.joining(" and ")));
    }

    void stepStarted(Step step, int total) {
        endPending();
        out.println("[" + step.index() + "/" + total + "] " + step.text());
        lastLine = System.nanoTime();
    }

    void waiting(Step step, long elapsed, Duration allowed, Sample sample, String why, Map<ProbeKind, Boolean> working) {
        long now = System.nanoTime();
        if (!terminal && now - lastLine < EVERY) {
            return;
        }
        lastLine = now;
        String line = String.format(Locale.ROOT, "    %s of %s allowed: %s; client %s; %s", seconds(elapsed),
                seconds(allowed.toNanos()), blades(sample), client(working), why);
        if (terminal) {
            out.print("\r" + line + "\033[K");
            pending = true;
        } else {
            out.println(line);
        }
    }

    void stepEnded(Step step, StepSpan span, List<String> notes) {
        endPending();
        if (span.hasSettled()) {
            out.println("    settled " + seconds(span.settled() - span.acted()) + " after the action");
        } else if (!step.settle().isZero()) {
            out.println("    not settled within " + seconds(step.settle().toNanos()));
        }
        notes.forEach(n -> out.println("    note: " + n));
    }

    private void endPending() {
        if (pending) {
            out.println();
            pending = false;
        }
    }

    private static String blades(Sample s) {
        if (s == null) {
            return "no sample yet";
        }
        List<String> parts = new ArrayList<>();
        s.blades().forEach((name, b) -> parts.add(name + " " + blade(b)));
        return String.join(", ", parts);
    }

    private static String blade(BladeSample b) {
        if (!b.powered()) {
            return "off";
        }
        if (!b.running()) {
            return "stopped";
        }
        Map<String, Long> counts = new TreeMap<>(b.reported().values().stream()
                .collect(Collectors.groupingBy(Reported::state, Collectors.counting())));
        return counts.isEmpty() ? "silent" : counts.entrySet().stream()
                .map(e -> e.getKey() + (e.getValue() > 1 ? "x" + e.getValue() : "")).collect(Collectors.joining("+"));
    }

    private static String client(Map<ProbeKind, Boolean> working) {
        return working.entrySet().stream().map(e -> e.getKey().key() + (e.getValue() ? " ok" : " DOWN"))
                .collect(Collectors.joining(" "));
    }

    void summary(Rehearsal.Result r) {
        endPending();
        Measures.Run m = r.measures();
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"STEP", "ACTION", "TIME", "SETTLED", "OUTAGE", "LOST", "DUAL-MASTER", "FALSE-MASTER",
                "NO-MASTER", "TRANSITIONS"});
        for (Measures.Step s : m.steps()) {
            rows.add(new String[] {Integer.toString(s.index()), s.text(), seconds(s.duration()),
                    s.settled() >= 0 ? seconds(s.settled() - s.acted()) : "no", ms(s.outage()), Integer.toString(s.lost()),
                    ms(s.dualMaster()), ms(s.falseMaster()), ms(s.noMaster()),
                    s.transitions().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", "))});
        }
        rows.add(new String[] {"", "whole run", seconds(r.timeline().end()), "", ms(m.maxOutage()), "", ms(m.dualMaster()),
                ms(m.falseMaster()), ms(m.noMaster()), ""});
        table(rows);
        Measures.Step worst = m.steps().stream().max(java.util.Comparator.comparingLong(Measures.Step::outage)).orElse(null);
        if (worst != null) {
            out.printf(Locale.ROOT, "%nclient outage through the virtual gateway: %.3f s (longest gap between two replies,"
                            + " step %d: %s); probes lost: %d%n", worst.outage() / 1e9, worst.index(), worst.text(),
                    m.steps().stream().mapToInt(Measures.Step::lost).sum());
        }
        Measures.Sampling sm = m.sampling();
        out.printf(Locale.ROOT, "sampling: %d samples, interval median %s, p99 %s, max %s; one sample took median %s,"
                        + " p99 %s; sampler thread %.1f%% of a core%n", sm.samples(), ms(sm.medianInterval()),
                ms(sm.p99Interval()), ms(sm.maxInterval()), ms(sm.medianCost()), ms(sm.p99Cost()), r.samplerCpuPercent());
        out.println();
        List<String[]> verdicts = new ArrayList<>();
        verdicts.add(new String[] {"EXPECTATION", "LIMIT", "MEASURED", "VERDICT"});
        for (Expectation e : r.expectations()) {
            verdicts.add(new String[] {e.name(), value(e, e.limit()), value(e, e.measured()),
                    e.passed() ? "pass" : "FAIL" + (e.detail().isEmpty() ? "" : ": " + e.detail())});
        }
        table(verdicts);
        out.println();
        List<String> failed = r.expectations().stream().filter(e -> !e.passed()).map(Expectation::name).toList();
        out.println(r.passed() ? "vrrp-rehearse: " + r.scenario().name() + " PASSED (every expectation held)"
                : "vrrp-rehearse: " + r.scenario().name() + " FAILED: " + String.join(", ", failed));
    }

    private static String value(Expectation e, double v) {
        if (e.count()) {
            return Long.toString(Math.round(v));
        }
        if (!e.duration()) {
            return v >= 1 ? "true" : "false";
        }
        return Double.isInfinite(v) ? "never" : ms(Math.round(v * 1e6));
    }

    private void table(List<String[]> rows) {
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                b.append(i == r.length - 1 ? r[i] : String.format(Locale.ROOT, "%-" + w[i] + "s  ", r[i]));
            }
            out.println(b.toString().stripTrailing());
        }
    }

    static String ms(long nanos) {
        return TimeText.ms(nanos);
    }

    static String seconds(long nanos) {
        return TimeText.seconds(nanos);
    }
}
