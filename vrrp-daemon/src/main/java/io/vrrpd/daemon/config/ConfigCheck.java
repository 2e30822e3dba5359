package io.vrrpd.daemon.config;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;

/**
 * {@code vrrpd --check --config FILE} and {@code vrrpctl validate}: load the file and say whether
 * it is usable, without touching the network; with {@code --offline}, away from the router too.
 */
public final class ConfigCheck {

    private ConfigCheck() {}

    /**
     * Prints {@code FILE: 2 instances, 1 sync group, 2 hooks OK} to {@code out} and returns true,
     * or prints {@code file:line:col: path: what is wrong (expected: what would be valid)} per
     * problem to {@code err}, then a count, and returns false. Checked on this host, whose
     * interfaces {@code interfaces} lists.
     */
    public static boolean run(Path configFile, InterfaceDirectory interfaces, PrintStream out, PrintStream err) {
        return run(ConfigLoader.withClassPathHooks(), configFile, Host.of(interfaces), out, err);
    }

    /**
     * {@link #run(Path, InterfaceDirectory, PrintStream, PrintStream)} with the hook types of
     * {@code loader} (plugins), on {@code host}: offline, each check of a fact about the router is
     * skipped, and {@code out} lists them, one line per kind of fact.
     */
    public static boolean run(ConfigLoader loader, Path configFile, Host host, PrintStream out, PrintStream err) {
        ConfigReport report = loader.checkFile(configFile, host);
        String where = host.offline() ? " (offline)" : "";
        if (report.valid()) {
            VrrpdConfig c = report.config();
            out.println(configFile + ": " + plural(c.instances().size(), "instance") + ", "
                    + plural(c.syncGroups().size(), "sync group") + ", " + plural(c.hooks().size(), "hook") + " OK" + where);
        } else {
            report.problems().forEach(err::println);
            err.println(configFile + ": " + plural(report.problems().size(), "problem") + ", not loaded" + where);
        }
        Map<String, List<SkippedCheck>> byFact = new LinkedHashMap<>();
        report.skipped().forEach(s -> byFact.computeIfAbsent(s.fact(), f -> new ArrayList<>()).add(s));
        byFact.forEach((fact, skipped) -> out.println(configFile + ": skipped offline, " + fact + ": "
                + String.join(", ", skipped.stream().map(SkippedCheck::toString).toList())));
        if (host.offline() && report.skipped().isEmpty()) {
            out.println(configFile + ": skipped offline: nothing (the file names no fact of the router)");
        }
        return report.valid();
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
