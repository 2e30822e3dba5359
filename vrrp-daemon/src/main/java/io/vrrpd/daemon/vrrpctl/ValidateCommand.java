package io.vrrpd.daemon.vrrpctl;

import io.vrrpd.daemon.config.ConfigCheck;
import io.vrrpd.daemon.config.Host;
import io.vrrpd.daemon.config.SysfsInterfaceDirectory;
import io.vrrpd.daemon.config.PluginLoading;
import io.vrrpd.hooks.HookLoadException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code vrrpctl validate [--offline] FILE}: exactly {@code vrrpd --check [--offline] --config FILE}. */
@Command(name = "validate", description = "Validate a configuration as vrrpd --check does: exit 0 when valid, 2 with every problem listed.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The YAML configuration.")
    Path file;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Directory of hook plugin jars, as vrrpd's (default: " + PluginLoading.DEFAULT_DIR
                    + "; with --offline, only one given).")
    Path plugins;

    @Option(names = "--offline", description = "Check away from the router: facts of this machine (interfaces present,"
            + " exec programs, plugin hook types unless --plugins is given) are skipped and listed.")
    boolean offline;

    @Override
    public Integer call() {
        Path dir = PluginLoading.dir(plugins, offline);
        try (PluginLoading loading = PluginLoading.from(dir)) {
            return ConfigCheck.run(loading.loader(), file, offline ? Host.OFFLINE : Host.of(new SysfsInterfaceDirectory()),
                    System.out, System.err) ? Vrrpctl.EXIT_OK : Vrrpctl.EXIT_USAGE;
        } catch (HookLoadException e) {
            System.err.println("vrrpctl: hook plugins in " + dir + ": " + e.getMessage());
            return Vrrpctl.EXIT_USAGE;
        }
    }
}
