package io.vrrpd.daemon.config;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code vrrpd --check --config FILE}: load the file and say whether it is usable, without
 * touching the network.
 */
public final class ConfigCheck {

    /** Exit status when the file is usable. */
    public static final int OK = 0;
    /** Exit status when it is not: one line per problem was printed. */
    public static final int INVALID = 2;

    private ConfigCheck() {}

    /**
     * Prints {@code FILE: 2 instances, 1 sync group, 2 hooks OK} to {@code out} and returns 0,
     * or prints {@code file:line:col: path: what is wrong (expected: what would be valid)} per
     * problem to {@code err}, then a count, and returns 2.
     */
    public static int run(Path configFile, InterfaceDirectory interfaces, PrintStream out, PrintStream err) {
        return run(new ConfigLoader(HookTypeRegistry.discover(ConfigLoader.class.getClassLoader())), configFile,
                interfaces, out, err);
    }

    /** {@link #run(Path, InterfaceDirectory, PrintStream, PrintStream)} with the hook types of {@code loader} (plugins). */
    public static int run(ConfigLoader loader, Path configFile, InterfaceDirectory interfaces, PrintStream out,
                          PrintStream err) {
        try {
            VrrpdConfig c = loader.loadFile(configFile, interfaces);
            out.println(configFile + ": " + plural(c.instances().size(), "instance") + ", "
                    + plural(c.syncGroups().size(), "sync group") + ", " + plural(c.hooks().size(), "hook") + " OK");
            return OK;
        } catch (InvalidConfigException e) {
            e.problems().forEach(err::println);
            err.println(configFile + ": " + plural(e.problems().size(), "problem") + ", not loaded");
            return INVALID;
        }
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
