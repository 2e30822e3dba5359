package io.vrrpd.daemon.vrrpctl;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vrrpd.daemon.status.DaemonStatus;
import io.vrrpd.daemon.status.Health;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code vrrpctl status} says when the daemon cannot hear an interface or lost kernel events; nothing while all is well. */
class StatusTableHealthTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String render(Health health) {
        return StatusTable.render(JSON.valueToTree(new DaemonStatus(DaemonStatus.SCHEMA, List.of(), List.of(), health)), false);
    }

    @Test
    void aDeafInterfaceAndAFailingMonitorAreShownAndAHealthyDaemonSaysNothing() {
        assertFalse(render(new Health(List.of(new Health.Receive("eth0", true, 0, null)),
                new Health.Kernel(true, 0, 0, null, "2026-12-07T10:00:05Z", 0))).contains("HEALTH"));
        String table = render(new Health(List.of(new Health.Receive("eth0", false, 1,
                new Health.Failure("2026-12-07T10:00:00Z", "receive on eth0 failed: The interface disappeared"))),
                new Health.Kernel(false, 2, 1, null, null, 3)));
        assertTrue(table.contains("receive on eth0: NOT receiving, 1 failure(s), last 10:00:00 receive on eth0 failed"), table);
        assertTrue(table.contains("kernel monitor: NOT running, 2 overrun(s), 1 failure(s), 3 VIP(s) put back by the audit"),
                table);
    }
}
