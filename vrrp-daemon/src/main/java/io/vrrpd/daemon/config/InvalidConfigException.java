package io.vrrpd.daemon.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that cannot be used, with every problem found in it (never empty). */
public final class InvalidConfigException extends Exception {

    private final List<ConfigProblem> problems;

    public InvalidConfigException(List<ConfigProblem> problems) {
        super(describe(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid config has at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in file order (problems without a location last). */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String describe(List<ConfigProblem> problems) {
        return problems.size() + " configuration problem" + (problems.size() == 1 ? "" : "s") + ":\n"
                + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    }
}
