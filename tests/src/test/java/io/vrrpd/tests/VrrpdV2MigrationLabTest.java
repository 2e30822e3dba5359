package io.vrrpd.tests;

import io.vrrpd.lab.AdvertCapture;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.VrrpdPeer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static io.vrrpd.lab.BladeLab.LAN_IF;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two vrrpd blades leave VRRPv2 one at a time through RFC 9568's mixed mode, with a PASS password
 * throughout: both {@code version: 2}; b, then a, to {@code version: 3} with {@code accept-v2} (the
 * password on their VRRPv2 adverts); b, then a, to VRRPv3 alone. Each change is a reload (SIGHUP).
 * After every step a is master and b its backup, each hears the other (no advert rejected but the
 * VRRPv2 ones a mixed router sends a VRRPv3-only one), the wire shows the versions each sends, and
 * over the whole run both held the VIP only for the moments of the handovers themselves.
 */
class VrrpdV2MigrationLabTest extends SharedLabSupport {
    private static final String PASSWORD = "secret12";
    private static final Duration TAKEOVER = Duration.ofSeconds(10);
    /** Both blades holding the VIP, summed over the run: the handovers' moments, not a master-down interval. */
    private static final Duration DUAL_MASTER_LIMIT = Duration.ofMillis(1000);

    @Override
    protected BladeLab newLab() {
        return BladeLab.create("mv2", BladeLab.Switch.SNOOPING_NO_QUERIER, BladeLab.ReturnPath.ECMP);
    }

    private static VrrpdPeer.Config gw4(int priority) {
        return VrrpdPeer.Config.ipv4("gw4", priority).withAdvertInterval(Duration.ofSeconds(1));
    }

    @Test
    void twoBladesLeaveVrrpv2OneAtATimeThroughAcceptV2() {
        VrrpdPeer a = vrrpd(bl.r1(), gw4(150).asVrrpv2(PASSWORD));
        awaitState(a, "gw4", "MASTER");
        VrrpdPeer b = vrrpd(bl.r2(), gw4(100).asVrrpv2(PASSWORD));
        String aAddress = bl.lanAddress(bl.r1(), Family.IPV4);
        try (DualMasterWatch dual = new DualMasterWatch(a, b)) {
            settled(a, b, aAddress, "both VRRPv2");
            assertSends(a, b, aAddress, Set.of(2), "both VRRPv2");

            step(b, gw4(100).asMixed(PASSWORD));
            settled(a, b, aAddress, "b mixed");

            step(a, gw4(150).asMixed(PASSWORD));   // a restarts: b takes over, then a preempts it back
            settled(a, b, aAddress, "both mixed");
            assertSends(a, b, aAddress, Set.of(2, 3), "a mixed sends each advert in both versions");

            step(b, gw4(100).asVrrpv3());
            settled(a, b, aAddress, "b VRRPv3");

            step(a, gw4(150).asVrrpv3());
            settled(a, b, aAddress, "both VRRPv3");
            assertSends(a, b, aAddress, Set.of(3), "VRRPv2 left behind");

            assertTrue(a.instance("gw4").path("counters").path("rejected").isEmpty(), safeStatus(a));
            assertTrue(b.instance("gw4").path("counters").path("rejected").path("vrrpStatsAuthFailures").isMissingNode()
                    && b.instance("gw4").path("counters").path("rejected").path("vrrpStatsAuthTypeMismatch")
                    .isMissingNode(), "the password held through mixed mode: " + safeStatus(b));
            Duration both = dual.total();
            assertTrue(both.compareTo(DUAL_MASTER_LIMIT) <= 0, "both blades held the VIP for " + both.toMillis()
                    + " ms (at most " + DUAL_MASTER_LIMIT.toMillis() + " ms: the handovers themselves)");
            System.out.println("VRRPv2 -> VRRPv3 through accept-v2: both blades held 192.0.2.1 for "
                    + both.toMillis() + " ms in all, over " + dual.samples() + " samples");
        }
    }

    private static long count(String text, String what) {
        return text.lines().filter(l -> l.contains(what)).count();
    }

    /** Rewrites the blade's config and reloads it (SIGHUP): the changed instance restarts. */
    private static void step(VrrpdPeer blade, VrrpdPeer.Config next) {
        try {
            Files.writeString(blade.configFile(), VrrpdPeer.render(List.of(next)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long reloaded = count(blade.log(), "reloaded: ");
        blade.reload();
        await().atMost(TAKEOVER).pollInterval(POLL).until(() -> count(blade.log(), "reloaded: ") > reloaded);
        assertTrue(blade.log().lines().noneMatch(l -> l.contains("reload refused")), blade.log());
    }

    /** a is master, b its backup hearing a, and that holds for longer than a master-down interval. */
    private void settled(VrrpdPeer a, VrrpdPeer b, String aAddress, String step) {
        try {
            awaitState(a, "gw4", "MASTER", TAKEOVER);
            awaitState(b, "gw4", "BACKUP", TAKEOVER);
            await().atMost(TAKEOVER).pollInterval(POLL).until(() -> aAddress.equals(masterAddress(b, "gw4")));
            await().during(Duration.ofMillis(4500)).atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(100))
                    .until(() -> a.state("gw4").equals("MASTER") && b.state("gw4").equals("BACKUP")
                            && a.holdsVip() && !b.holdsAnyVip());
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError(step + ": " + e.getMessage() + "\na: " + safeStatus(a) + "\nb: " + safeStatus(b), e);
        }
    }

    /** The versions of a's adverts over a few seconds, as tshark decodes them; b, a backup, sends none. */
    private void assertSends(VrrpdPeer a, VrrpdPeer b, String aAddress, Set<Integer> versions, String step) {
        try (AdvertCapture cap = bl.capture(bl.client(), LAN_IF)) {
            await().atMost(TAKEOVER).pollInterval(POLL).until(() -> cap.packetCount() >= 3 * versions.size());
            List<AdvertCapture.Advert> ours = cap.from(aAddress);
            assertEquals(versions, ours.stream().map(AdvertCapture.Advert::version).collect(Collectors.toSet()),
                    step + ": " + ours);
            assertTrue(ours.stream().filter(x -> x.version() == 2).allMatch(x -> x.authType() == 1 && x.intervalCentis() == 1),
                    step + ": every VRRPv2 advert carries the password and 1 s: " + ours);
            assertTrue(ours.stream().filter(x -> x.version() == 3).allMatch(x -> x.intervalCentis() == 100), step + ": " + ours);
            assertEquals(ours.size(), cap.adverts().size(), step + ": the backup is silent; " + cap.summary());
        }
    }

    /** Samples both blades' VIPs every 50 ms and sums the time both held it. */
    private static final class DualMasterWatch implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong bothNanos = new AtomicLong();
        private final AtomicLong samples = new AtomicLong();
        private final Thread thread;

        DualMasterWatch(VrrpdPeer a, VrrpdPeer b) {
            thread = new Thread(() -> {
                long last = System.nanoTime();
                while (running.get()) {
                    boolean both = a.holdsVip() && b.holdsVip();
                    long now = System.nanoTime();
                    if (both) {
                        bothNanos.addAndGet(now - last);   // the whole time since the last sample: an upper bound
                    }
                    last = now;
                    samples.incrementAndGet();
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "dual-master-watch");
            thread.setDaemon(true);
            thread.start();
        }

        Duration total() {
            return Duration.ofNanos(bothNanos.get());
        }

        long samples() {
            return samples.get();
        }

        @Override
        public void close() {
            running.set(false);
            thread.interrupt();
        }
    }
}
