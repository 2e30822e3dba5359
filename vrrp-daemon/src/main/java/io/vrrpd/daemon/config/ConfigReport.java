package io.vrrpd.daemon.config;

import java.util.List;

/**
 * What checking a file found: the config when it is valid, every problem when it is not, and the
 * checks skipped because the file was checked away from the router.
 *
 * @param config   the config, or null when there are problems
 * @param problems every problem, in file order; empty when valid
 * @param skipped  the facts of the router not checked (offline), in file order; empty otherwise
 */
public record ConfigReport(VrrpdConfig config, List<ConfigProblem> problems, List<SkippedCheck> skipped) {
    public ConfigReport {
        problems = List.copyOf(problems);
        skipped = List.copyOf(skipped);
    }

    public boolean valid() {
        return problems.isEmpty();
    }
}
