package io.vrrpd.rehearse.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vrrpd.rehearse.Rehearse;
import io.vrrpd.rehearse.measure.Measures;
import io.vrrpd.rehearse.measure.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * report.html rendered from a recorded run (the failing bytemark-keepalived rehearsal: its
 * report.json and timeline.jsonl as a run wrote them), fast and the same every time: the
 * recorded timeline reads back into the measures report.json holds, {@code vrrp-rehearse report}
 * renders the page from it, and in chromium the page loads clean, fetches nothing, has a lane per
 * blade and a labelled marker per step, marks b's false MASTER after a's crash where it was
 * measured, and shows its exact times on hover.
 */
class HtmlReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIXTURE = "/io/vrrpd/rehearse/report/bytemark-keepalived/";

    @TempDir
    Path dir;

    private Path recorded() throws IOException {
        try (InputStream json = getClass().getResourceAsStream(FIXTURE + "report.json");
             InputStream lines = new GZIPInputStream(getClass().getResourceAsStream(FIXTURE + "timeline.jsonl.gz"))) {
            Files.copy(json, dir.resolve("report.json"));
            Files.copy(lines, dir.resolve("timeline.jsonl"));
        }
        return dir;
    }

    @Test
    void theRecordedTimelineReadsBackIntoTheMeasuresItsReportHolds() throws Exception {
        JsonNode report = JSON.readTree(recorded().resolve("report.json").toFile());
        TimelineReader.Recorded rec;
        try (var in = new InputStreamReader(Files.newInputStream(dir.resolve("timeline.jsonl")), StandardCharsets.UTF_8)) {
            rec = TimelineReader.read(in);
        }
        Measures.Run m = Measures.of(rec.timeline());
        JsonNode totals = report.path("totals");
        assertEquals(totals.path("false-master-ms").asDouble(), m.falseMaster() / 1e6, 1.0);
        assertEquals(totals.path("no-master-ms").asDouble(), m.noMaster() / 1e6, 1.0);
        assertEquals(totals.path("outage-ms").asDouble(), m.maxOutage() / 1e6, 1.0);
        for (String blade : List.of("a", "b")) {
            double spans = m.where().falseMasterByBlade().get(blade).stream().mapToLong(Span::length).sum() / 1e6;
            assertEquals(totals.path("false-master-by-blade-ms").path(blade).asDouble(), spans, 1.0,
                    "the spans the page marks add up to the measure, " + blade);
        }
        Chart chart = Chart.of(rec.timeline(), m);
        assertEquals(List.of("a", "b", "vips", "client"), chart.lanes().stream().map(Chart.Lane::name).toList());
        Chart.Lane b = chart.lanes().get(1);
        assertTrue(b.rows().stream().anyMatch(r -> r.kind().equals("state") && r.label().equals("GW4")
                && r.segments().stream().anyMatch(s -> s.value().equals("MASTER"))), "b's GW4 was MASTER at some time");
        assertTrue(b.rows().stream().anyMatch(r -> r.kind().equals("route") && r.label().equals("ipv4 default route")
                && r.segments().stream().allMatch(s -> s.value().equals(Chart.MISSING))), "b never had an IPv4 default route");
    }

    @Test
    void thePageOfTheFailingBytemarkRunMarksBsFalseMasterAfterAsCrash() throws Exception {
        ReportPage.assumeChromium();
        assertEquals(0, Rehearse.execute("report", recorded().toString()));
        JsonNode report = JSON.readTree(dir.resolve("report.json").toFile());
        try (ReportPage page = ReportChecks.check(dir, "fixture-bytemark-keepalived")) {
            assertEquals("FAILED: false-master, outage, converged-at-end", page.one("#verdict").getText());
            assertEquals(report.path("expectations").size(), page.all("#expectations tbody tr").size());
            assertEquals(3, page.all("#expectations tbody tr.fail").size());
            assertEquals(List.of("1 converge: the lab converges", "2 crash: a", "3 boot: a after 3s, routes flushed",
                    "4 crash: b", "5 boot: b after 3s, routes flushed"),
                    page.all("svg#timeline g.step-marker text").stream().map(WebElement::getText).toList());
            assertEquals(List.of("GW4", "GW4 protocol", "GW6", "GW6 protocol", "UP4", "UP4 protocol", "UP6", "UP6 protocol",
                    "192.0.2.1", "fe80::1", "2001:db8:1::1", "uplink 198.51.100.254", "uplink fe80::254",
                    "uplink 2001:db8:ff::254", "ipv4 default route", "ipv6 default route"),
                    page.all("svg#timeline g.lane[data-name=b] g.row").stream().map(r -> r.getAttribute("data-label")).toList());
            assertEquals(List.of("ipv4 sends via", "ipv6 sends via", "ipv4 gets out", "ipv6 gets out"),
                    page.all("svg#timeline g.lane[data-kind=client] g.row").stream().map(r -> r.getAttribute("data-label")).toList());

            // step 2, crash: a — b takes over without a default route: a false MASTER of about 2.7 s inside the step
            JsonNode crash = report.path("steps").get(1);
            double from = crash.path("started-at").asDouble();
            double to = from + crash.path("duration-ms").asDouble();
            double[] mark = ReportChecks.falseMasterMarks(page, "b").stream().filter(m -> m[1] > from && m[0] < to)
                    .max((x, y) -> Double.compare(x[1] - x[0], y[1] - y[0])).orElseThrow(() -> new AssertionError(
                            "no false-MASTER mark on b in step 2"));
            assertTrue(mark[1] - mark[0] > 2000, "b's false MASTER after a's crash lasts seconds: " + (mark[1] - mark[0]));
            assertEquals(crash.path("false-master-by-blade-ms").path("b").asDouble(),
                    Math.min(to, mark[1]) - Math.max(from, mark[0]), 2.0, "the mark is the measure");
            WebElement rect = page.all("svg#timeline rect.false-master[data-blade=b]").stream()
                    .filter(r -> Double.parseDouble(r.getAttribute("data-from-ms")) == mark[0]).findFirst().orElseThrow();
            assertEquals("rgb(211, 47, 47)", rect.getCssValue("stroke"), "false MASTER stands out in red");

            page.hover(rect);
            WebElement readout = page.one("#readout");
            assertTrue(readout.isDisplayed(), "hovering shows the readout");
            String text = readout.getText();
            assertTrue(text.startsWith("t = "), text);
            assertTrue(text.contains("false-MASTER on b: " + String.format(java.util.Locale.ROOT, "%.3f s", mark[0] / 1000)),
                    "the exact start: " + text);
            assertTrue(text.contains(String.format(java.util.Locale.ROOT, "%.3f s", mark[1] / 1000)), "the exact end: " + text);
        }
    }

    @Test
    void theChecksSeeARequestAndAConsoleErrorWhenAPageHasThem() throws Exception {
        ReportPage.assumeChromium();
        // the control for "no request, no console error": a page that loads a file beside it and throws
        Path html = dir.resolve("control.html");
        Files.writeString(html, "<!DOCTYPE html><html><body><img src=\"missing.png\"><script>throw new Error('boom')</script>"
                + "</body></html>");
        try (ReportPage page = ReportPage.open(html, 800)) {
            List<String> requests = page.requests();
            assertTrue(requests.contains(html.resolveSibling("missing.png").toUri().toString()), requests.toString());
            assertFalse(page.consoleProblems().isEmpty(), "the thrown error is seen");
        }
    }
}
