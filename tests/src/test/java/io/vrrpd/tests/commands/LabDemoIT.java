package io.vrrpd.tests.commands;

import io.vrrpd.rehearse.report.ReportChecks;
import io.vrrpd.rehearse.report.ReportPage;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's first command, run as CI runs it: {@code bin/lab-demo}, the rehearsal of the
 * built-in {@code demo}, builds the lab, shows both blades, fails r1 over to r2 with egress
 * verified (r2's log, status, routes and metrics), measures the client's outage, passes, and
 * leaves nothing behind; its report's page loads clean in chromium (the screenshot is kept).
 */
class LabDemoIT {
    private static final Pattern OUTAGE = Pattern.compile("client outage through the virtual gateway: ([0-9.]+) s");

    @Test
    void theLabDemoFailsOverWithVerifiedEgressAndCleansUp() throws Exception {
        RepoCommand.assumeLab(false);
        Path report = ReportChecks.KEPT.resolve("demo").toAbsolutePath();
        RepoCommand demo = RepoCommand.run(Duration.ofMinutes(5), "lab-demo", "--report", report.toString());
        String out = demo.output();
        assertEquals(0, demo.exit(), out);
        assertTrue(out.contains("client reaches 203.0.113.1 through 192.0.2.1"), out);
        assertTrue(out.contains("gw4 (ipv4 vrid 51 on eth0): ACTIVATING -> MASTER (egress verified)"), out);
        assertTrue(out.contains("gw6 (ipv6 vrid 51 on eth0): ACTIVATING -> MASTER (egress verified)"), out);
        assertTrue(out.contains("vrrpd_instance_state{") && out.contains("state=\"MASTER\""), "metrics scrape shown: " + out);
        assertTrue(out.contains("vrrp-rehearse: demo PASSED"), out);
        Matcher m = OUTAGE.matcher(out);
        assertTrue(m.find(), out);
        double outage = Double.parseDouble(m.group(1));
        assertTrue(outage > 0.2 && outage < 1.5, "outage " + outage + " s: expected about the master-down interval\n" + out);
        demo.leftNoNamespaces();
        if (ReportPage.chromiumInstalled()) {
            ReportChecks.check(report, "demo").close();
        }
    }
}
