package io.vrrpd.daemon.vrrpctl;

import io.vrrpd.daemon.migrate.KeepalivedImporter;
import io.vrrpd.daemon.migrate.KeepalivedSyntaxException;
import io.vrrpd.daemon.migrate.Reported;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vrrpctl import-keepalived FILE [-o OUT.yaml]}: converts a keepalived.conf into vrrpd
 * YAML. Works offline (no daemon, no socket). Whatever cannot be converted is reported on
 * stderr and as comments at the top of the YAML, one line each: FILE:LINE: CONSTRUCT: WHY.
 */
@Command(name = "import-keepalived",
        description = {"Convert a keepalived.conf (with its includes) into a vrrpd configuration.",
                "Every construct that is not converted is reported (stderr, and comments at the top of the"
                        + " output) with its file:line and what to do. See docs/migrating-from-keepalived.md."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:converted; nothing left over", "1:converted; some constructs are reported (read them)",
                "2:the input cannot be read or is not valid keepalived syntax (file:line on stderr)"})
public final class ImportKeepalivedCommand implements Callable<Integer> {

    public static final int EXIT_CONVERTED = 0;
    public static final int EXIT_REPORTED = 1;
    public static final int EXIT_UNPARSEABLE = 2;

    @Parameters(index = "0", paramLabel = "FILE", description = "keepalived configuration, e.g. /etc/keepalived/keepalived.conf")
    Path file;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.yaml", description = "Write the YAML here (default: standard output).")
    Path output;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        KeepalivedImporter.Result result;
        try {
            result = KeepalivedImporter.importFile(file);
        } catch (KeepalivedSyntaxException e) {
            err.println("vrrpctl import-keepalived: " + e.getMessage());
            return EXIT_UNPARSEABLE;
        }
        for (Reported r : result.reported()) {
            err.println(r);
        }
        if (output == null) {
            out.print(result.yaml());
            out.flush();
        } else {
            try {
                Files.writeString(output, result.yaml(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("vrrpctl import-keepalived: cannot write " + output + ": " + e.getMessage());
                return EXIT_UNPARSEABLE;
            }
        }
        err.printf("%s: %d instance%s, %d sync group%s, %d hook%s%s; %s%n", output == null ? file : output,
                result.instances(), result.instances() == 1 ? "" : "s",
                result.syncGroups(), result.syncGroups() == 1 ? "" : "s",
                result.hooks(), result.hooks() == 1 ? "" : "s",
                output == null ? "" : " written",
                result.reported().isEmpty() ? "everything converted"
                        : result.reported().size() + " item" + (result.reported().size() == 1 ? "" : "s")
                                + " not converted (listed above)");
        return result.exitCode();
    }
}
