package io.vrrpd.daemon.vrrpctl;

import io.vrrpd.daemon.config.ConfigCheck;
import io.vrrpd.daemon.config.SysfsInterfaceDirectory;
import io.vrrpd.daemon.config.PluginLoading;
import io.vrrpd.hooks.HookLoadException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code vrrpctl validate FILE}: exactly {@code vrrpd --check --config FILE}. */
@Command(name = "validate", description = "Validate a configuration as vrrpd --check does: exit 0 when valid, 2 with every problem listed.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The YAML configuration.")
    Path file;

    @Option(names = "--plugins", paramLabel = "DIR", defaultValue = PluginLoading.DEFAULT_DIR,
            description = "Directory of hook plugin jars, as vrrpd's (default: ${DEFAULT-VALUE}).")
    Path plugins;

    @Override
    public Integer call() {
        try (PluginLoading loading = PluginLoading.from(plugins)) {
            return ConfigCheck.run(loading.loader(), file, new SysfsInterfaceDirectory(), System.out, System.err)
                    ? Vrrpctl.EXIT_OK : Vrrpctl.EXIT_USAGE;
        } catch (HookLoadException e) {
            System.err.println("vrrpctl: hook plugins in " + plugins + ": " + e.getMessage());
            return Vrrpctl.EXIT_USAGE;
        }
    }
}
