package io.vrrpd.daemon.migrate;

import io.vrrpd.daemon.config.ConfigLoader;
import io.vrrpd.daemon.config.ConfigProblem;
import io.vrrpd.daemon.config.Host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code vrrpctl import-keepalived}: keepalived.conf in, vrrpd YAML out, and what could not be
 * carried over {@link Reported}, never dropped (docs/migrating-from-keepalived.md). Three steps:
 * {@link KeepalivedParser} reads the syntax, {@link KeepalivedInterpreter} what keepalived would
 * run, {@link VrrpdYaml} writes it in vrrpd's terms; then the output is loaded by vrrpd's own
 * loader, and whatever it refuses is reported too.
 */
public final class KeepalivedImporter {

    /** The outcome: the YAML (with the report as comments at its top) and the report. */
    public record Result(String yaml, List<Reported> reported, int instances, int syncGroups, int hooks) {
        public Result {
            reported = List.copyOf(reported);
        }

        /** 0 when everything was converted, 1 when something is reported. */
        public int exitCode() {
            return reported.isEmpty() ? 0 : 1;
        }
    }

    private KeepalivedImporter() {
    }

    /** Reads, parses and converts {@code file}. */
    public static Result importFile(Path file) throws KeepalivedSyntaxException {
        return convert(file, KeepalivedParser.parse(file));
    }

    /** Converts {@code text} as the content of {@code file} (includes resolve next to it). */
    public static Result importText(Path file, String text) throws KeepalivedSyntaxException {
        return convert(file, KeepalivedParser.parse(file, text));
    }

    private static Result convert(Path file, KeepalivedParser.Parsed parsed) {
        List<Reported> reported = new ArrayList<>(parsed.reported());
        KeepalivedConfig keepalived = KeepalivedInterpreter.read(parsed.statements(), reported);
        VrrpdYaml out = new VrrpdYaml(file, keepalived, reported);
        String yaml = out.yaml();
        selfCheck(file, out, yaml, reported);
        reported.sort(Comparator.comparing((Reported r) -> r.source().file().equals(
                        file.toAbsolutePath().normalize()) ? "" : r.source().shown())
                .thenComparingInt(r -> r.source().line()));
        return new Result(out.header(reported) + yaml, reported, out.instanceCount(), out.syncGroupCount(),
                out.hookCount());
    }

    /** Loads the output with vrrpd's own loader; whatever it refuses is reported (never shipped silently). */
    private static void selfCheck(Path mainFile, VrrpdYaml out, String yaml, List<Reported> reported) {
        if (out.instanceCount() == 0) {
            reported.add(new Reported(new Source(mainFile.toAbsolutePath().normalize(),
                    mainFile.getFileName().toString(), 1), "vrrp_instance",
                    "no instance could be converted; the output is not a valid vrrpd configuration"));
            return;
        }
        // checked away from any router: the interfaces it names are the router's, not this machine's
        for (ConfigProblem p : ConfigLoader.withBuiltInHooks().check(Path.of("vrrpd.yaml"), yaml, Host.OFFLINE).problems()) {
            reported.add(new Reported(out.sourceOf(p.path()), "converted " + (p.path().isEmpty() ? "file" : p.path()),
                    "vrrpd would refuse it: " + p.message() + (p.hint().isEmpty() ? "" : " (expected: " + p.hint() + ")")));
        }
    }
}
