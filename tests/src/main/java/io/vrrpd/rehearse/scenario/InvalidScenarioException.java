package io.vrrpd.rehearse.scenario;

import io.vrrpd.daemon.config.ConfigProblem;

import java.util.List;
import java.util.stream.Collectors;

/** A scenario that cannot be rehearsed, with every problem found in it and in its blades' configs (never empty). */
public final class InvalidScenarioException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public InvalidScenarioException(List<ConfigProblem> problems) {
        super(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ":\n"
                + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid scenario has at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem, the scenario file's in file order first, then those in the configs. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
