package io.vrrpd.rehearse.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@code report.html} must be in a real browser, whichever run wrote it: it loads with
 * no console problem and no request but its own, its verdict is report.json's, it has one lane
 * per blade and one marker per step, and its false-MASTER marks add up to what report.json
 * measured per blade. Each checked page's screenshot is kept under
 * {@code target/rehearsal-reports/NAME.png}, with the test output.
 */
public final class ReportChecks {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the screenshots (and the reports the lab runs wrote) are kept. */
    public static final Path KEPT = Path.of("target", "rehearsal-reports");

    private ReportChecks() {
    }

    /** Opens {@code dir}/report.html, checks it against {@code dir}/report.json, saves {@code NAME.png}; the caller closes the page. */
    public static ReportPage check(Path dir, String name) throws IOException {
        JsonNode report = JSON.readTree(dir.resolve("report.json").toFile());
        ReportPage page = ReportPage.open(dir.resolve("report.html"), 1600);
        try {
            assertEquals(List.of(), page.consoleProblems(), "the page logged problems");
            List<String> requests = page.requests();
            assertFalse(requests.isEmpty(), "the request log saw not even the page's own load");
            for (String r : requests) {
                assertEquals(page.url(), r, "the page fetched something: " + requests);
            }
            boolean passed = report.path("passed").asBoolean();
            WebElement verdict = page.one("#verdict");
            assertEquals(passed ? "passed" : "failed", verdict.getAttribute("class"));
            assertTrue(verdict.getText().startsWith(passed ? "PASSED" : "FAILED"), verdict.getText());

            List<String> blades = new ArrayList<>();
            report.path("totals").path("false-master-by-blade-ms").fieldNames().forEachRemaining(blades::add);
            List<String> lanes = page.all("svg#timeline g.lane[data-kind=blade]").stream().map(e -> e.getAttribute("data-name"))
                    .toList();
            assertEquals(blades, lanes, "one lane per blade, in order");
            assertEquals(1, page.all("svg#timeline g.lane[data-kind=client]").size());

            List<WebElement> markers = page.all("svg#timeline g.step-marker");
            assertEquals(report.path("steps").size(), markers.size(), "one marker per step");
            for (int i = 0; i < markers.size(); i++) {
                JsonNode step = report.path("steps").get(i);
                assertEquals(step.path("index").asText(), markers.get(i).getAttribute("data-index"));
                assertTrue(markers.get(i).getText().startsWith(step.path("index").asInt() + " " + step.path("step").asText()),
                        "the marker is labelled with its step: " + markers.get(i).getText());
            }
            for (String blade : blades) {
                double measured = report.path("totals").path("false-master-by-blade-ms").path(blade).asDouble();
                double marked = 0;
                for (WebElement m : page.all("svg#timeline rect.false-master[data-blade=" + blade + "]")) {
                    marked += Double.parseDouble(m.getAttribute("data-to-ms")) - Double.parseDouble(m.getAttribute("data-from-ms"));
                }
                assertEquals(measured, marked, 2.0, "the false-MASTER marked on " + blade + " is what report.json measured");
            }
            page.screenshot(KEPT.resolve(name + ".png"));
            return page;
        } catch (IOException | RuntimeException | AssertionError e) {
            page.close();
            throw e;
        }
    }

    /** The false-MASTER marks of {@code blade}, as [from, to] in milliseconds. */
    public static List<double[]> falseMasterMarks(ReportPage page, String blade) {
        return page.all("svg#timeline rect.false-master[data-blade=" + blade + "]").stream()
                .map(m -> new double[] {Double.parseDouble(m.getAttribute("data-from-ms")),
                        Double.parseDouble(m.getAttribute("data-to-ms"))}).toList();
    }
}
