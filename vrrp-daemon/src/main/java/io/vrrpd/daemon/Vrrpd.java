package io.vrrpd.daemon;

import io.vrrpd.daemon.config.ConfigCheck;
import io.vrrpd.daemon.config.Host;
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
 * <p>Exit codes: {@link ExitCode}.
 */
@Command(name = "vrrpd", mixinStandardHelpOptions = true, versionProvider = Vrrpd.Version.class,
        description = "VRRPv3 (RFC 9568) daemon that reports MASTER only once egress is verified.",
        exitCodeListHeading = "%nExit codes:%n")
public final class Vrrpd implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "YAML configuration (docs/configuration.md, installed as vrrpd.yaml(5)).")
    Path config;

    @Option(names = "--check", description = "Validate the configuration, print every problem, and exit 0 (valid) or 2.")
    boolean check;

    @Option(names = "--offline", description = {"With --check: check away from the router (in the config's CI, on a build host).",
            "Everything but facts of this machine is checked; those checks (interfaces present, exec programs,"
                    + " plugin hook types unless --plugins is given) are skipped and listed."})
    boolean offline;

    @Option(names = "--socket", paramLabel = "PATH", defaultValue = "/run/vrrpd/vrrpd.sock",
            description = "Control socket (default: ${DEFAULT-VALUE}); one per daemon.")
    Path socket;

    @Option(names = "--socket-group", paramLabel = "GROUP",
            description = "Group that owns the control socket (mode 0660): its members may read (status, watch).")
    String socketGroup;

    @Option(names = "--operator-group", paramLabel = "GROUP",
            description = "Members of GROUP may also act (drain, undrain); root and vrrpd's own user always may.")
    String operatorGroup;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Directory of hook plugin jars (default: " + PluginLoading.DEFAULT_DIR
                    + ", absent means none; --check --offline reads one only when given).")
    Path plugins;

    @Option(names = "--metrics", paramLabel = "HOST:PORT", description = "Serve Prometheus metrics; HOST defaults to loopback. Off by default.")
    String metrics;

    @Option(names = "--state-dir", paramLabel = "DIR", description = {"Keep what must survive a restart here (the MACs of the "
            + "interfaces bound by name, to name a renamed one after a reboot); the unit uses /var/lib/vrrpd. Off by default."})
    Path stateDir;

    @Option(names = "--take-over", description = {"Take over from the vrrpd running on --socket without a re-election:"
            + " receive its state, continue its instances as it ran them (same masters, VIPs and routes left in the kernel),"
            + " then retire it (no priority 0). Nothing running there: start normally. See README, \"Upgrading vrrpd\"."})
    boolean takeOver;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Parses {@code args}, runs, and returns the exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command line, its help listing every {@link ExitCode} (the man page is made from it too). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Vrrpd()).setExitCodeExceptionMapper(t -> ExitCode.FAILURE.code())
                .setParameterExceptionHandler((ex, a) -> {
                    ex.getCommandLine().getErr().println("vrrpd: " + ex.getMessage());
                    ex.getCommandLine().usage(ex.getCommandLine().getErr());
                    return ExitCode.CONFIG.code();
                });
        cl.getCommandSpec().usageMessage().exitCodeList(ExitCode.helpTable());
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        if (offline && !check) {
            System.err.println("vrrpd: --offline applies to --check only");
            return ExitCode.CONFIG.code();
        }
        if (takeOver && check) {
            System.err.println("vrrpd: --take-over starts a daemon; it does not go with --check");
            return ExitCode.CONFIG.code();
        }
        Path pluginDir = PluginLoading.dir(plugins, offline);
        if (check) {
            try (PluginLoading loading = PluginLoading.from(pluginDir, config)) {
                boolean valid = ConfigCheck.run(loading.loader(), config,
                        offline ? Host.OFFLINE : Host.of(new SysfsInterfaceDirectory()), System.out, System.err);
                return (valid ? ExitCode.OK : ExitCode.CONFIG).code();
            } catch (HookLoadException e) {
                System.err.println("vrrpd: hook plugins in " + pluginDir + ": " + e.getMessage());
                return ExitCode.CONFIG.code();
            }
        }
        return Daemon.run(new DaemonOptions(config, socket, socketGroup, operatorGroup, metrics, pluginDir, stateDir,
                takeOver)).code();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {build()};
        }

        /** {@code vrrpd VERSION}, or {@code vrrpd dev} outside a packaged jar. */
        static String build() {
            String v = Vrrpd.class.getPackage().getImplementationVersion();
            return "vrrpd " + (v == null ? "dev" : v);
        }
    }
}
