package io.vrrpd.rehearse.run;

import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.rehearse.lab.LabDerivation;
import io.vrrpd.rehearse.measure.Convergence;
import io.vrrpd.rehearse.measure.Expectation;
import io.vrrpd.rehearse.measure.Measures;
import io.vrrpd.rehearse.measure.Probe;
import io.vrrpd.rehearse.measure.ProbeKind;
import io.vrrpd.rehearse.measure.Sample;
import io.vrrpd.rehearse.measure.StepSpan;
import io.vrrpd.rehearse.measure.Timeline;
import io.vrrpd.rehearse.measure.Verdict;
import io.vrrpd.rehearse.scenario.Action;
import io.vrrpd.rehearse.scenario.Scenario;
import io.vrrpd.rehearse.scenario.Step;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs one scenario in a lab built for it: builds the lab, starts the client's probes and the
 * sampler, starts every blade's daemon at the first step, runs the steps in order (each: its
 * action, then up to its settle time for the lab to converge and stay so for the settle hold),
 * and then computes the measures and the verdict from what was observed. Everything it started
 * is torn down at the end, also on failure or Ctrl-C (the lab's shutdown hook).
 */
public final class Rehearsal {
    private static final Duration POLL = Duration.ofMillis(20);

    /** What a run found: the timeline, its measures, the expectations checked, and notes per step. */
    public record Result(Scenario scenario, Timeline timeline, Measures.Run measures, List<Expectation> expectations,
                         Map<Integer, List<String>> notes, double samplerCpuPercent, Path runDir, long startEpochNanos) {
        public boolean passed() {
            return Verdict.passed(expectations);
        }
    }

    private final Scenario scenario;
    private final LabDerivation.Derived derived;
    private final Progress progress;
    private final RunClock clock = new RunClock();
    private final Map<String, BladeRuntime> blades = new LinkedHashMap<>();
    private final Map<Integer, List<String>> notes = new LinkedHashMap<>();

    private Rehearsal(Scenario scenario, LabDerivation.Derived derived, PrintStream out) {
        this.scenario = scenario;
        this.derived = derived;
        this.progress = new Progress(out);
    }

    /**
     * Runs {@code scenario} in the lab {@code derived} from its configs. Throws
     * {@link io.vrrpd.hooks.kernel.LabUnavailableException} or {@link IllegalStateException} when the
     * lab cannot be built.
     */
    public static Result run(Scenario scenario, LabDerivation.Derived derived, PrintStream out) {
        return new Rehearsal(scenario, derived, out).run();
    }

    private Result run() {
        progress.header(scenario, derived);
        Path runDir = BladeRuntime.runDir();
        try (BladeLab lab = BladeLab.create("rh", derived.plan())) {
            progress.out().println("  lab: namespaces " + lab.lab().prefix() + "*, files in " + runDir
                    + " (the namespaces go at the end)");
            if (scenario.steps().stream().anyMatch(s -> s.action() instanceof Action.Loss)) {
                LabFaults.requireLoss(lab);
            }
            for (var spec : scenario.blades().values()) {
                BladeRuntime b = new BladeRuntime(spec, lab, derived, runDir);
                lab.register(b);
                blades.put(spec.name(), b);
                if (spec.defaultRoutes()) {
                    b.addStartingRoutes();
                }
            }
            LabFaults faults = new LabFaults(lab);
            ClientEgress egress = new ClientEgress(lab, derived.topology().probedFamilies(), scenario.lab().probeInterval(),
                    scenario.lab().tcpPort());
            ClientView view = lab.register(new ClientView(lab, derived.topology()));
            Sampler sampler = new Sampler(List.copyOf(blades.values()), view, scenario.lab().probeInterval(), clock);
            lab.register(sampler);
            sampler.start();
            List<StepSpan> spans = new ArrayList<>();
            for (Step step : scenario.steps()) {
                spans.add(step(step, sampler, egress, faults, lab, spans.isEmpty()));
            }
            long end = clock.now();
            sampler.close();
            // the probes of the last moments are decided once their timeout has passed
            pause(ClientEgress.TIMEOUT.plusMillis(100));
            egress.stop();
            List<Probe> probes = egress.probes(clock).stream().filter(p -> p.sent() <= end).toList();
            Timeline timeline = new Timeline(derived.topology(), spans, sampler.samples(), probes, end);
            Measures.Run measures = Measures.of(timeline);
            List<Expectation> expectations = Verdict.of(scenario, measures);
            double cpu = sampler.wallNanos() == 0 ? 0 : 100.0 * sampler.cpuNanos() / sampler.wallNanos();
            Result result = new Result(scenario, timeline, measures, expectations, notes, cpu, runDir, clock.startEpochNanos());
            progress.summary(result);
            return result;
        } catch (KernelException e) {
            throw new IllegalStateException("cannot open rtnetlink in a blade's namespace: " + e.getMessage(), e);
        }
    }

    private StepSpan step(Step step, Sampler sampler, ClientEgress egress, LabFaults faults, BladeLab lab, boolean first) {
        long start = clock.now();
        progress.stepStarted(step, scenario.steps().size());
        try {
            if (first) {
                startAll();
            }
            act(step, faults, lab, sampler);
        } catch (RuntimeException e) {
            note(step, step.text() + " failed: " + e.getMessage());
        }
        long acted = clock.now();
        long settled = settle(step, acted, sampler, egress);
        long end = clock.now();
        StepSpan span = new StepSpan(step.index(), step.text(), start, acted, end, settled);
        progress.stepEnded(step, span, notes.getOrDefault(step.index(), List.of()));
        return span;
    }

    /** Starts every blade's daemon at once, as a pair of blades powered on together would. */
    private void startAll() {
        ExecutorService pool = Executors.newFixedThreadPool(blades.size());
        try {
            List<Future<?>> started = new ArrayList<>();
            for (BladeRuntime b : blades.values()) {
                started.add(pool.submit(b::start));
            }
            for (Future<?> f : started) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void act(Step step, LabFaults faults, BladeLab lab, Sampler sampler) {
        Action a = step.action();
        BladeRuntime b = a.blade() == null ? null : blades.get(a.blade());
        if (a instanceof Action.Crash) {
            b.crash(sampler::sampleNow);
        } else if (a instanceof Action.Boot boot) {
            pause(boot.after());
            b.boot(boot.rename(), boot.flushRoutes(), sampler::sampleNow);
        } else if (a instanceof Action.Start) {
            b.start();
        } else if (a instanceof Action.Kill) {
            b.kill();
        } else if (a instanceof Action.Stop) {
            String problem = b.stop();
            if (problem != null) {
                note(step, problem);
            }
        } else if (a instanceof Action.Upgrade u) {
            String problem = u.takeOver() ? b.takeOver(u.config(), u.command()) : b.upgrade(u.daemon(), u.config(), u.command());
            if (problem != null) {
                note(step, problem);
            }
        } else if (a instanceof Action.Reload r) {
            b.reload(r.config(), r.refused());
        } else if (a instanceof Action.Drain) {
            b.drain(true);
        } else if (a instanceof Action.Undrain) {
            b.drain(false);
        } else if (a instanceof Action.Link l) {
            b.link(l.ifname(), l.up());
        } else if (a instanceof Action.Partition p) {
            faults.partition(p.blades(), true);
            try {
                pause(p.duration());
            } finally {
                faults.partition(p.blades(), false);
            }
        } else if (a instanceof Action.Loss l) {
            faults.startLoss(l.percent());
            try {
                pause(l.duration());
            } finally {
                faults.stopLoss();
            }
        } else if (a instanceof Action.Delete d) {
            b.delete(d.route(), d.address());
        } else if (a instanceof Action.Flush) {
            b.flush();
        } else if (a instanceof Action.Wait w) {
            pause(w.duration());
        } else if (a instanceof Action.Show s) {
            new Show(progress.out(), lab, derived).show(b, s);
        }
    }

    /**
     * Waits until the lab has converged and stayed so for the settle hold; it must converge at most
     * the step's settle time after its action ended at {@code start} (the hold that confirms it may
     * end later, or a settle bound shorter than the hold could never be met). Returns when it
     * settled, that is when the convergence the hold confirmed began (run time), or -1.
     */
    private long settle(Step step, long start, Sampler sampler, ClientEgress egress) {
        long bound = start + step.settle().toNanos();
        long hold = scenario.lab().settleHold().toNanos();
        long convergedSince = -1;
        while (true) {
            Sample s = sampler.latest();
            Map<ProbeKind, Boolean> working = egress.workingNow();
            Optional<String> why = Convergence.check(derived.topology(), s, working);
            long now = clock.now();
            if (why.isEmpty()) {
                convergedSince = convergedSince < 0 ? now : convergedSince;
                if (now - convergedSince >= hold) {
                    return convergedSince;
                }
            } else {
                convergedSince = -1;
            }
            if (now >= bound && convergedSince < 0) {
                return -1;   // not converged by the bound; once converged in time, the hold may run past it
            }
            progress.waiting(step, now - start, step.settle(), s, why.orElse("converged"), working);
            pause(POLL);
        }
    }

    private void note(Step step, String text) {
        notes.computeIfAbsent(step.index(), k -> new ArrayList<>()).add(text);
    }

    private static void pause(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
