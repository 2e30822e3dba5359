package io.vrrpd.daemon.vrrpctl;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code vrrpctl}: the operator's CLI. Talks to a running vrrpd over its control socket.
 *
 * <p>Exit codes: 0 success; 1 the daemon answered with an error; 2 usage or invalid input;
 * 3 the daemon is not running or its socket is not accessible.
 */
@Command(name = "vrrpctl", mixinStandardHelpOptions = true, versionProvider = Vrrpctl.Version.class,
        description = "Inspect and steer a running vrrpd.",
        subcommands = {StatusCommand.class, ImportKeepalivedCommand.class, WatchCommand.class, DrainCommand.Drain.class, DrainCommand.Undrain.class,
                ValidateCommand.class, DiffCommand.class, picocli.AutoComplete.GenerateCompletion.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the daemon answered with an error", "2:usage error or invalid input",
                "3:vrrpd is not running or its socket is not accessible"})
public final class Vrrpctl {
    public static final int EXIT_OK = 0;
    public static final int EXIT_DAEMON_ERROR = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_UNREACHABLE = 3;

    @Option(names = "--socket", paramLabel = "PATH", scope = CommandLine.ScopeType.INHERIT,
            description = "Control socket of the daemon (default: ${DEFAULT-VALUE}).", defaultValue = "/run/vrrpd/vrrpd.sock")
    Path socket;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this). */
    public static int run(String... args) {
        return new CommandLine(new Vrrpctl()).setExitCodeExceptionMapper(t -> EXIT_USAGE).execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Vrrpctl.class.getPackage().getImplementationVersion();
            return new String[] {"vrrpctl " + (v == null ? "dev" : v)};
        }
    }
}
