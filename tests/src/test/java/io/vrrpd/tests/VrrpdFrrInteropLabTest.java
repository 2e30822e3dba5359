package io.vrrpd.tests;

import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.FrrPeer;
import io.vrrpd.lab.VrrpdPeer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * vrrpd and FRR 8.4 vrrpd in one virtual router (VRID 51, 100 ms), IPv4 and IPv6, in both roles.
 * FRR sends from the virtual MAC (IPv4 with DF set and the pseudo-header checksum); the VIPs sit
 * on its macvlans. Its IPv6 adverts carry only the global VIP, from the macvlan's random
 * link-local address: vrrpd follows it as master and counts an address-list mismatch.
 */
class VrrpdFrrInteropLabTest extends SharedLabSupport {
    private static final VrrpdPeer.Config V4 = VrrpdPeer.Config.ipv4("gw4", 150);
    private static final VrrpdPeer.Config V6 = VrrpdPeer.Config.ipv6("gw6", 150);

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

    @Test
    void ipv6BothRoles() {
        FrrPeer.Config c6 = new FrrPeer.Config(51, 150, Duration.ofMillis(100), null, List.of(BladeLab.VIP6));
        FrrPeer f = frr(bl.r1(), c6);
        awaitFrr(f, Family.IPV6, "Master");
        VrrpdPeer v = vrrpd(bl.r2(), V6.withPriority(100));
        awaitState(v, "gw6", "BACKUP");
        String frrSource = f.show().path(0).path("v6").path("primaryAddress").asText();
        System.out.println("FRR IPv6 primary address: " + frrSource + "; vrrpd status: " + v.instance("gw6"));
        awaitMasterAddress(v, "gw6", frrSource);
        stableFor(() -> v.state("gw6").equals("BACKUP") && f.holdsVip() && !v.holdsAnyVip()
                && f.status(Family.IPV6).equals("Master"));
        System.out.println("vrrpd backup of FRR (IPv6): " + v.instance("gw6").path("counters"));
        assertTrue(v.instance("gw6").path("counters").path("rejected").isEmpty(), safeStatus(v));
        // FRR advertises only 2001:db8:1::1 (no link-local first address, its source is the
        // macvlan's random link-local): vrrpd accepts and counts the differing address list.
        assertTrue(v.instance("gw6").path("counters").path("address-list-mismatches").asLong() > 0, safeStatus(v));

        // Reverse the roles: vrrpd at 200 preempts FRR.
        VrrpdPeer hi = track(() -> {
            v.gracefulStop();
            return bl.vrrpd(bl.r2(), V6.withPriority(200));
        });
        awaitState(hi, "gw6", "MASTER");
        awaitFrr(f, Family.IPV6, "Backup");
        stableFor(() -> hi.state("gw6").equals("MASTER") && hi.holdsVip() && !f.holdsVip()
                && f.status(Family.IPV6).equals("Backup"));
        System.out.println("FRR backup of vrrpd (IPv6): " + f.show().path(0).path("v6"));
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
