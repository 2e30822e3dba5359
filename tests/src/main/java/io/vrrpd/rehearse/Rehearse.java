package io.vrrpd.rehearse;

import io.vrrpd.daemon.config.ConfigProblem;
import io.vrrpd.hooks.kernel.LabUnavailableException;
import io.vrrpd.rehearse.builtin.BuiltinScenarios;
import io.vrrpd.rehearse.lab.LabDerivation;
import io.vrrpd.rehearse.report.ReportWriter;
import io.vrrpd.rehearse.run.Rehearsal;
import io.vrrpd.rehearse.scenario.InvalidScenarioException;
import io.vrrpd.rehearse.scenario.Scenario;
import io.vrrpd.rehearse.scenario.ScenarioReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code vrrp-rehearse}: replays an upgrade, a migration or a mass reboot of a blade pair in a
 * namespace lab built from the blades' own configs, and says whether it went as expected
 * (docs/rehearsal.md). Exit codes: {@link RehearsalExit}.
 */
@Command(name = "vrrp-rehearse", mixinStandardHelpOptions = true, versionProvider = Rehearse.Version.class,
        description = "Rehearse an upgrade, a migration or a mass reboot of router blades in a namespace lab.",
        subcommands = {Rehearse.Run.class, Rehearse.Check.class, Rehearse.ListBuiltins.class, Rehearse.Report.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every expectation held (run), the scenario is valid (check)",
                "1:the rehearsal ran and an expectation failed",
                "2:the scenario is invalid (every problem listed), or the lab could not be built"})
public final class Rehearse {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (tests call this). */
    public static int execute(String... args) {
        return new CommandLine(new Rehearse()).setExitCodeExceptionMapper(t -> RehearsalExit.INVALID.code())
                .setParameterExceptionHandler((ex, a) -> {
                    ex.getCommandLine().getErr().println("vrrp-rehearse: " + ex.getMessage());
                    ex.getCommandLine().usage(ex.getCommandLine().getErr());
                    return RehearsalExit.INVALID.code();
                })
                .execute(args);
    }

    /** A scenario file, or the name of a built-in one (copied out first); null when it is neither. */
    static Path resolve(String scenario, PrintStream err) {
        Path p = Path.of(scenario);
        if (Files.isRegularFile(p)) {
            return p;
        }
        var builtin = BuiltinScenarios.extract(scenario);
        if (builtin.isPresent()) {
            return builtin.get();
        }
        err.println("vrrp-rehearse: " + scenario + " is neither a scenario file nor a built-in scenario (built-in: "
                + String.join(", ", BuiltinScenarios.names()) + ")");
        return null;
    }

    /** Reads and checks the scenario and its configs; null after printing every problem. */
    static LabDerivation.Derived checked(Path file, Scenario[] scenario, PrintStream err) {
        try {
            scenario[0] = ScenarioReader.read(file);
            return LabDerivation.derive(scenario[0]);
        } catch (InvalidScenarioException e) {
            for (ConfigProblem p : e.problems()) {
                err.println(p);
            }
            err.println(file + ": " + e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s") + ", not run");
            return null;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Build the lab, run the scenario's steps, measure, and print the verdict.")
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "SCENARIO", description = "A scenario file, or the name of a built-in scenario (see list).")
        String scenario;

        @Option(names = "--report", paramLabel = "DIR", description = "Also write report.json, timeline.jsonl and report.html here.")
        Path report;

        @Override
        public Integer call() {
            PrintStream out = System.out;
            PrintStream err = System.err;
            Path file = resolve(scenario, err);
            if (file == null) {
                return RehearsalExit.INVALID.code();
            }
            Scenario[] s = new Scenario[1];
            LabDerivation.Derived derived = checked(file, s, err);
            if (derived == null) {
                return RehearsalExit.INVALID.code();
            }
            Rehearsal.Result result;
            try {
                result = Rehearsal.run(s[0], derived, out);
            } catch (LabUnavailableException | IllegalStateException e) {
                err.println("vrrp-rehearse: the lab could not be built: " + e.getMessage());
                return RehearsalExit.INVALID.code();
            }
            if (report != null) {
                try {
                    ReportWriter.write(report, result);
                    out.println("report: " + report.resolve("report.html") + " (" + report.resolve("report.json") + ", "
                            + report.resolve("timeline.jsonl") + ")");
                } catch (IOException e) {
                    err.println("vrrp-rehearse: cannot write the report to " + report + ": " + e.getMessage());
                }
            }
            return (result.passed() ? RehearsalExit.PASSED : RehearsalExit.FAILED).code();
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check a scenario and every config it names, without building anything; list every problem.")
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "SCENARIO", description = "A scenario file, or the name of a built-in scenario.")
        String scenario;

        @Override
        public Integer call() {
            Path file = resolve(scenario, System.err);
            if (file == null) {
                return RehearsalExit.INVALID.code();
            }
            Scenario[] s = new Scenario[1];
            LabDerivation.Derived d = checked(file, s, System.err);
            if (d == null) {
                return RehearsalExit.INVALID.code();
            }
            System.out.println(scenario + ": " + s[0].blades().size() + " blades, " + s[0].steps().size() + " steps, "
                    + d.topology().vips().size() + " virtual addresses; expects " + s[0].expect().describe() + "; OK");
            return RehearsalExit.PASSED.code();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the built-in scenarios (run NAME runs one).")
    static final class ListBuiltins implements Callable<Integer> {
        @Override
        public Integer call() {
            for (String name : BuiltinScenarios.names()) {
                System.out.printf("%-22s %s%n", name, BuiltinScenarios.summary(name));
            }
            return RehearsalExit.PASSED.code();
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Write report.html again from the report.json and timeline.jsonl in DIR (as run --report DIR wrote them).")
    static final class Report implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "A directory that run --report wrote.")
        Path dir;

        @Override
        public Integer call() {
            try {
                System.out.println("report: " + ReportWriter.rewriteHtml(dir));
                return RehearsalExit.PASSED.code();
            } catch (IOException e) {
                System.err.println("vrrp-rehearse: cannot render " + dir + ": " + e.getMessage());
                return RehearsalExit.INVALID.code();
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Rehearse.class.getPackage().getImplementationVersion();
            return new String[] {"vrrp-rehearse " + (v == null ? "dev" : v)};
        }
    }
}
