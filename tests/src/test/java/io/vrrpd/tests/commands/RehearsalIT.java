package io.vrrpd.tests.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vrrpd.rehearse.report.ReportChecks;
import io.vrrpd.rehearse.report.ReportPage;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Bytemark outage rehearsed both ways with {@code bin/vrrp-rehearse}, as an operator runs it:
 * the keepalived pair fails (exit 1) on false-MASTER, the same pair migrated to vrrpd passes
 * (exit 0) with no false MASTER and the failover within the RFC floor plus the verification.
 * Both write their report, whose page loads clean in chromium (its screenshot kept under
 * target/rehearsal-reports/), and leave nothing behind.
 */
class RehearsalIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Kept with the test output, beside the screenshots of their pages. */
    private final Path reports = ReportChecks.KEPT;

    private static JsonNode expectation(JsonNode report, String name) {
        for (JsonNode e : report.path("expectations")) {
            if (e.path("name").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no expectation " + name + " in " + report.toPrettyString());
    }

    @Test
    void theKeepalivedPairAfterTheUpgradeFailsOnFalseMaster() throws Exception {
        RepoCommand.assumeLab(true);
        Path dir = reports.resolve("bytemark-keepalived");
        RepoCommand r = RepoCommand.run(Duration.ofMinutes(3), "vrrp-rehearse", "run", "bytemark-keepalived",
                "--report", dir.toAbsolutePath().toString());
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("vrrp-rehearse: bytemark-keepalived FAILED: false-master"), r.output());
        JsonNode report = JSON.readTree(dir.resolve("report.json").toFile());
        assertFalse(report.path("passed").asBoolean(true));
        JsonNode fm = expectation(report, "false-master");
        assertFalse(fm.path("passed").asBoolean(true));
        assertTrue(fm.path("measured").asDouble() > 1000, "seconds of MASTER without a default route: " + fm);
        JsonNode crash = report.path("steps").get(1);
        assertEquals("crash: a", crash.path("step").asText());
        assertTrue(crash.path("false-master-by-blade-ms").path("b").asDouble() > 1000,
                "b takes over without a default route: " + crash);
        assertTrue(Files.readAllLines(dir.resolve("timeline.jsonl")).size() > 1000);
        r.leftNoNamespaces();
        if (ReportPage.chromiumInstalled()) {
            try (ReportPage page = ReportChecks.check(dir, "bytemark-keepalived")) {
                assertTrue(ReportChecks.falseMasterMarks(page, "b").stream().anyMatch(m -> m[1] - m[0] > 1000),
                        "the page marks b's false MASTER after a's crash");
            }
        }
    }

    @Test
    void theSamePairMigratedToVrrpdPasses() throws Exception {
        RepoCommand.assumeLab(false);
        Path dir = reports.resolve("bytemark-vrrpd");
        RepoCommand r = RepoCommand.run(Duration.ofMinutes(3), "vrrp-rehearse", "run", "bytemark-vrrpd",
                "--report", dir.toAbsolutePath().toString());
        assertEquals(0, r.exit(), r.output());
        JsonNode report = JSON.readTree(dir.resolve("report.json").toFile());
        assertTrue(report.path("passed").asBoolean(false), report.toPrettyString());
        assertEquals(0.0, expectation(report, "false-master").path("measured").asDouble());
        for (JsonNode step : report.path("steps")) {
            assertTrue(step.path("outage-ms").asDouble() <= 500, "outage within the RFC floor plus verification: " + step);
        }
        JsonNode crash = report.path("steps").get(1);
        assertTrue(crash.path("outage-ms").asDouble() > 200, "a real failover was measured: " + crash);
        for (String line : List.of(Files.readAllLines(dir.resolve("timeline.jsonl")).get(0))) {
            assertEquals("header", JSON.readTree(line).path("kind").asText());
        }
        r.leftNoNamespaces();
        if (ReportPage.chromiumInstalled()) {
            try (ReportPage page = ReportChecks.check(dir, "bytemark-vrrpd")) {
                assertEquals(List.of(), ReportChecks.falseMasterMarks(page, "a"));
                assertTrue(page.all("svg#timeline g.lane[data-name=b] g.row[data-row=state] rect.seg[data-value=MASTER]").size() > 0,
                        "b's lane shows its takeover");
                assertEquals(4, page.all("svg#timeline g.lane[data-name=b] g.row[data-row=protocol]").size(),
                        "a protocol-state row under each of b's four instances");
            }
        }
    }

    @Test
    void aKeepalivedVrrpv2PairMovesToVrrpdAndToVrrpv3OneBladeAtATime() throws Exception {
        RepoCommand.assumeLab(true);
        Path dir = reports.resolve("v2-migration");
        RepoCommand r = RepoCommand.run(Duration.ofMinutes(4), "vrrp-rehearse", "run", "keepalived-v2-migration",
                "--report", dir.toAbsolutePath().toString());
        assertEquals(0, r.exit(), r.output());
        JsonNode report = JSON.readTree(dir.resolve("report.json").toFile());
        assertTrue(report.path("passed").asBoolean(false), report.toPrettyString());
        assertEquals(0.0, expectation(report, "false-master").path("measured").asDouble());
        assertTrue(expectation(report, "dual-master").path("measured").asDouble() <= 1000, report.toPrettyString());
        JsonNode swapA = report.path("steps").get(2);
        assertEquals("upgrade: a to vrrpd, config blade-a-v2.yaml", swapA.path("step").asText());
        assertTrue(swapA.path("transitions").path("b").asInt() >= 1, "keepalived on a resigned to vrrpd on b: " + swapA);
        r.leftNoNamespaces();
    }
}
