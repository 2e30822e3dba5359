package io.vrrpd.tests;

import io.vrrpd.tests.lab.Family;
import io.vrrpd.tests.lab.FrrPeer;
import io.vrrpd.tests.lab.VrrpdPeer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * vrrpd and FRR 8.4 vrrpd in one IPv4 virtual router (VRID 51, 100 ms), in both roles. FRR sends
 * from the virtual MAC with DF set and the pseudo-header checksum; the VIP sits on its macvlan.
 */
class VrrpdFrrInteropLabTest extends SharedLabSupport {
    private static final VrrpdPeer.Config V4 = VrrpdPeer.Config.ipv4("gw4", 150);

    private FrrPeer frr(String ns, FrrPeer.Config c) {
        return track(() -> FrrPeer.start(bl, ns, c));
    }

    @Test
    void vrrpdMasterFrrBackup() {
        VrrpdPeer v = vrrpd(bl.r1(), V4);
        awaitState(v, "gw4", "MASTER");
        FrrPeer f = frr(bl.r2(), FrrPeer.Config.ipv4(100));
        awaitFrr(f, Family.IPV4, "Backup");
        stableFor(() -> v.state("gw4").equals("MASTER") && v.holdsVip() && !f.holdsVip()
                && f.status(Family.IPV4).equals("Backup"));
        assertTrue(f.show().path(0).path("v4").path("stats").path("adverRx").asLong() > 0, f.show().toPrettyString());
    }

    @Test
    void frrMasterVrrpdBackup() {
        FrrPeer f = frr(bl.r1(), FrrPeer.Config.ipv4(150));
        awaitFrr(f, Family.IPV4, "Master");
        VrrpdPeer v = vrrpd(bl.r2(), V4.withPriority(100));
        awaitState(v, "gw4", "BACKUP");
        awaitMasterAddress(v, "gw4", bl.lanAddress(bl.r1(), Family.IPV4));
        stableFor(() -> v.state("gw4").equals("BACKUP") && f.holdsVip() && !v.holdsAnyVip()
                && f.status(Family.IPV4).equals("Master"));
        assertTrue(v.instance("gw4").path("counters").path("rejected").isEmpty(), safeStatus(v));
        assertEquals(0, v.instance("gw4").path("counters").path("master-transitions").asLong());
    }

    private static void awaitFrr(FrrPeer f, Family family, String status) {
        try {
            await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100)).until(() -> f.status(family).equals(status));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("FRR in " + f.namespace() + " not " + status + ": " + f.show().toPrettyString()
                    + "\n" + f.log(), e);
        }
    }

    private static void stableFor(java.util.concurrent.Callable<Boolean> condition) {
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(150))
                .until(condition);
    }
}
