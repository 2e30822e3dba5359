package io.vrrpd.daemon.config;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code vrrpd --check --config FILE}: load the file and say whether it is usable, without
 * touching the network.
 */
public final class ConfigCheck {

    private ConfigCheck() {}

    /**
     * Prints {@code FILE: 2 instances, 1 sync group, 2 hooks OK} to {@code out} and returns true,
     * or prints {@code file:line:col: path: what is wrong (expected: what would be valid)} per
     * problem to {@code err}, then a count, and returns false.
     */
    public static boolean run(Path configFile, InterfaceDirectory interfaces, PrintStream out, PrintStream err) {
        return run(ConfigLoader.withClassPathHooks(), configFile, interfaces, out, err);
    }

    /** {@link #run(Path, InterfaceDirectory, PrintStream, PrintStream)} with the hook types of {@code loader} (plugins). */
    public static boolean run(ConfigLoader loader, Path configFile, InterfaceDirectory interfaces, PrintStream out,
                          PrintStream err) {
        try {
            VrrpdConfig c = loader.loadFile(configFile, interfaces);
            out.println(configFile + ": " + plural(c.instances().size(), "instance") + ", "
                    + plural(c.syncGroups().size(), "sync group") + ", " + plural(c.hooks().size(), "hook") + " OK");
            return true;
        } catch (InvalidConfigException e) {
            e.problems().forEach(err::println);
            err.println(configFile + ": " + plural(e.problems().size(), "problem") + ", not loaded");
            return false;
        }
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
