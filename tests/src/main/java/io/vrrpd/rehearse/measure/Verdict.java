package io.vrrpd.rehearse.measure;

import io.vrrpd.rehearse.scenario.Expectations;
import io.vrrpd.rehearse.scenario.Scenario;
import io.vrrpd.rehearse.scenario.Step;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Holds the scenario's expectations against the measures: the whole run's, then each step's. */
public final class Verdict {
    private Verdict() {
    }

    /** Every expectation the scenario states, in order: the run's, then per step {@code within} and {@code expect}. */
    public static List<Expectation> of(Scenario scenario, Measures.Run run) {
        List<Expectation> out = new ArrayList<>();
        Expectations e = scenario.expect();
        limit(out, "false-master", e.falseMaster(), run.falseMaster(), "");
        limit(out, "dual-master", e.dualMaster(), run.dualMaster(), "");
        limit(out, "outage", e.outage(), run.maxOutage(), "the longest in any one step");
        limit(out, "no-master", e.noMaster(), run.noMaster(), "");
        if (e.convergedAtEnd() != null) {
            boolean held = run.convergedAtEnd() == e.convergedAtEnd();
            out.add(new Expectation("converged-at-end", e.convergedAtEnd() ? 1 : 0, run.convergedAtEnd() ? 1 : 0, false,
                    held, held ? "" : run.notConvergedBecause()));
        }
        e.reportedAtEnd().forEach((blade, states) -> {
            Map<String, String> now = run.reportedAtEnd().getOrDefault(blade, Map.of());
            List<String> wrong = new ArrayList<>();
            states.forEach((instance, state) -> {
                if (instance.equals(Expectations.EVERY)) {
                    if (now.isEmpty()) {
                        wrong.add("it reports nothing");
                    }
                    now.forEach((i, s) -> {
                        if (!s.equals(state)) {
                            wrong.add(i + " reports " + s);
                        }
                    });
                } else if (!state.equals(now.get(instance))) {
                    wrong.add(instance + " reports " + (now.containsKey(instance) ? now.get(instance) : "nothing"));
                }
            });
            String expected = String.join(", ", states.entrySet().stream().map(x -> (x.getKey().equals(Expectations.EVERY)
                    ? "" : x.getKey() + " ") + x.getValue()).toList());
            out.add(new Expectation("reported-at-end " + blade + " " + expected, 1, wrong.isEmpty() ? 1 : 0, false,
                    wrong.isEmpty(), wrong.isEmpty() ? "" : String.join(", ", wrong)));
        });
        for (int i = 0; i < scenario.steps().size() && i < run.steps().size(); i++) {
            Step s = scenario.steps().get(i);
            Measures.Step m = run.steps().get(i);
            String name = "step " + s.index() + " (" + s.text() + ")";
            if (s.within() != null) {
                long took = m.settled() >= 0 ? m.settled() - m.acted() : Long.MAX_VALUE;
                boolean held = m.settled() >= 0 && took <= s.within().toNanos();
                out.add(new Expectation(name + " settles within", ms(s.within().toNanos()),
                        m.settled() >= 0 ? ms(took) : Double.POSITIVE_INFINITY, true, held,
                        held ? "" : "did not settle within " + io.vrrpd.hooks.Durations.format(s.within())));
            }
            Expectations x = s.expect();
            limit(out, name + " false-master", x.falseMaster(), m.falseMaster(), "");
            limit(out, name + " dual-master", x.dualMaster(), m.dualMaster(), "");
            limit(out, name + " outage", x.outage(), m.outage(), "");
            limit(out, name + " no-master", x.noMaster(), m.noMaster(), "");
            if (x.transitions() != null) {
                int most = m.transitions().values().stream().mapToInt(Integer::intValue).max().orElse(0);
                out.add(Expectation.count(name + " transitions", x.transitions(), most, "per blade: " + m.transitions()));
            }
            if (x.lost() != null) {
                out.add(Expectation.count(name + " lost", x.lost(), m.lost(), m.lost() + " probe(s) unanswered"));
            }
        }
        return out;
    }

    private static void limit(List<Expectation> out, String name, Duration limit, long measured, String detail) {
        if (limit != null) {
            boolean held = measured <= limit.toNanos();
            out.add(new Expectation(name, ms(limit.toNanos()), ms(measured), true, held, held ? "" : detail));
        }
    }

    static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }

    /** Whether every expectation held. */
    public static boolean passed(List<Expectation> expectations) {
        return expectations.stream().allMatch(Expectation::passed);
    }
}
