package io.vrrpd.daemon.vrrpctl;

import io.vrrpd.daemon.config.ConfigDiff;
import io.vrrpd.daemon.config.ConfigLoader;
import io.vrrpd.daemon.config.ConfigProblem;
import io.vrrpd.daemon.config.InvalidConfigException;
import io.vrrpd.daemon.config.SysfsInterfaceDirectory;
import io.vrrpd.daemon.config.VrrpdConfig;
import io.vrrpd.daemon.config.PluginLoading;
import io.vrrpd.hooks.HookLoadException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code vrrpctl diff OLD NEW}: what a reload from OLD to NEW would change. Exit 0 when nothing
 * breaks, 1 when a change loses a hook or sync-group binding, 2 when either file is invalid
 * (every problem listed, as {@code validate} would).
 */
@Command(name = "diff", description = {"Show what changes between two configurations: instances added, removed or renamed, "
        + "VRIDs, priorities, hook and sync-group bindings. Lines starting with '!' would break a binding.",
        "Exit 0: no breaking change; 1: a binding would break; 2: a file is invalid."})
final class DiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OLD")
    Path before;

    @Parameters(index = "1", paramLabel = "NEW")
    Path after;

    @Option(names = "--plugins", paramLabel = "DIR", defaultValue = PluginLoading.DEFAULT_DIR,
            description = "Directory of hook plugin jars, as vrrpd's (default: ${DEFAULT-VALUE}).")
    Path plugins;

    @Override
    public Integer call() {
        try (PluginLoading loading = PluginLoading.from(plugins)) {
            return diff(loading.loader());
        } catch (HookLoadException e) {
            System.err.println("vrrpctl: hook plugins in " + plugins + ": " + e.getMessage());
            return Vrrpctl.EXIT_USAGE;
        }
    }

    private int diff(ConfigLoader loader) {
        VrrpdConfig a = load(loader, before);
        VrrpdConfig b = load(loader, after);
        if (a == null || b == null) {
            return Vrrpctl.EXIT_USAGE;
        }
        List<ConfigDiff.Change> changes = ConfigDiff.between(a, b);
        if (changes.isEmpty()) {
            System.out.println("no changes");
        }
        changes.forEach(System.out::println);
        return changes.stream().anyMatch(ConfigDiff.Change::breaking) ? Vrrpctl.EXIT_DAEMON_ERROR : Vrrpctl.EXIT_OK;
    }

    private static VrrpdConfig load(ConfigLoader loader, Path file) {
        try {
            return loader.loadFile(file, new SysfsInterfaceDirectory());
        } catch (InvalidConfigException e) {
            System.err.println("vrrpctl: " + file + " is not valid:");
            for (ConfigProblem p : e.problems()) {
                System.err.println("  " + p);
            }
            return null;
        }
    }
}
