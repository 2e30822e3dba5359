package io.vrrpd.rehearse.builtin;

import io.vrrpd.rehearse.lab.LabDerivation;
import io.vrrpd.rehearse.report.ReportChecks;
import io.vrrpd.rehearse.report.ReportPage;
import io.vrrpd.rehearse.report.ReportWriter;
import io.vrrpd.rehearse.run.Rehearsal;
import io.vrrpd.rehearse.scenario.Scenario;
import io.vrrpd.rehearse.scenario.ScenarioReader;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A scenario rehearsed in-process, as {@code vrrp-rehearse run FILE --report DIR} would: what it
 * printed (progress, the shows, the tables), its result, and its report written under
 * {@code target/rehearsal-reports/NAME/}, whose page is checked in chromium when it is installed
 * (its screenshot kept as {@code NAME.png}).
 */
public record Rehearsed(Rehearsal.Result result, String output) {

    /** Runs the built-in scenario {@code name}. */
    public static Rehearsed builtin(String name) throws Exception {
        return file(BuiltinScenarios.extract(name).orElseThrow(), name);
    }

    /** Runs the scenario in {@code file}, keeping its report as {@code name}. */
    public static Rehearsed file(Path file, String name) throws Exception {
        Scenario s = ScenarioReader.read(file);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                buffer.write(b);
                System.out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                buffer.write(b, off, len);
                System.out.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        Rehearsal.Result r = Rehearsal.run(s, LabDerivation.derive(s), tee);
        tee.flush();
        Path dir = ReportChecks.KEPT.resolve(name).toAbsolutePath();
        ReportWriter.write(dir, r);
        if (ReportPage.chromiumInstalled()) {
            ReportChecks.check(dir, name).close();
        }
        return new Rehearsed(r, buffer.toString(StandardCharsets.UTF_8));
    }

    /** The failed expectations, for messages. */
    public String failures() {
        return result.expectations().stream().filter(e -> !e.passed()).map(e -> e.name() + ": " + e.measured() + " > "
                + e.limit() + (e.detail().isEmpty() ? "" : " (" + e.detail() + ")")).toList() + "; notes " + result.notes();
    }
}
