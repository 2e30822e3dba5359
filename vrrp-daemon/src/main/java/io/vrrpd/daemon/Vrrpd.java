package io.vrrpd.daemon;

import io.vrrpd.daemon.config.ConfigCheck;
import io.vrrpd.daemon.config.PluginLoading;
import io.vrrpd.hooks.HookLoadException;
import io.vrrpd.daemon.config.SysfsInterfaceDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code vrrpd}: the daemon, in the foreground. {@code --check} validates a config and exits.
 *
 * <p>Exit codes: 0 clean stop (SIGTERM) or valid config; 1 runtime failure; 2 invalid config or
 * usage; 3 missing privileges or native libraries.
 */
@Command(name = "vrrpd", mixinStandardHelpOptions = true, versionProvider = Vrrpd.Version.class,
        description = "VRRPv3 (RFC 9568) daemon that reports MASTER only once egress is verified.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly, or --check found the config valid", "1:runtime failure",
                "2:invalid configuration or usage", "3:missing privileges (CAP_NET_RAW, CAP_NET_ADMIN) or native libraries"})
public final class Vrrpd implements Callable<Integer> {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_CONFIG = 2;
    public static final int EXIT_PRIVILEGES = 3;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "YAML configuration (see docs/configuration.md).")
    Path config;

    @Option(names = "--check", description = "Validate the configuration, print every problem, and exit 0 (valid) or 2.")
    boolean check;

    @Option(names = "--socket", paramLabel = "PATH", defaultValue = "/run/vrrpd/vrrpd.sock",
            description = "Control socket (default: ${DEFAULT-VALUE}); one per daemon.")
    Path socket;

    @Option(names = "--socket-group", paramLabel = "GROUP", description = "Group that owns the control socket (mode 0660).")
    String socketGroup;

    @Option(names = "--plugins", paramLabel = "DIR", defaultValue = PluginLoading.DEFAULT_DIR,
            description = "Directory of hook plugin jars (default: ${DEFAULT-VALUE}; absent means none).")
    Path plugins;

    @Option(names = "--metrics", paramLabel = "HOST:PORT", description = "Serve Prometheus metrics; HOST defaults to loopback. Off by default.")
    String metrics;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Parses {@code args}, runs, and returns the exit code. */
    public static int run(String... args) {
        return new CommandLine(new Vrrpd()).setExitCodeExceptionMapper(t -> EXIT_FAILURE)
                .setParameterExceptionHandler((ex, a) -> {
                    ex.getCommandLine().getErr().println("vrrpd: " + ex.getMessage());
                    ex.getCommandLine().usage(ex.getCommandLine().getErr());
                    return EXIT_CONFIG;
                })
                .execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (check) {
            try (PluginLoading plugins = PluginLoading.from(this.plugins)) {
                return ConfigCheck.run(plugins.loader(), config, new SysfsInterfaceDirectory(), System.out, System.err);
            } catch (HookLoadException e) {
                System.err.println("vrrpd: hook plugins in " + this.plugins + ": " + e.getMessage());
                return EXIT_CONFIG;
            }
        }
        return Daemon.run(new DaemonOptions(config, socket, socketGroup, metrics, plugins));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Vrrpd.class.getPackage().getImplementationVersion();
            return new String[] {"vrrpd " + (v == null ? "dev" : v)};
        }
    }
}
