package io.vrrpd.tests;

import io.vrrpd.lab.AddressWatch;
import io.vrrpd.lab.AdvertCapture;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.KeepalivedPeer;
import io.vrrpd.lab.LabFiles;
import io.vrrpd.lab.VrrpdPeer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.vrrpd.lab.BladeLab.LAN_IF;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code vrrpd --take-over}: the master of a vrrpd pair is replaced by a new process without a
 * re-election. On the wire (captured on the client, decoded by tshark) its adverts never pause
 * for more than two intervals and never carry priority 0; the peer makes no transition; the VIP
 * never leaves the kernel (every address deletion in the master's namespace is on record); the
 * old process exits 0.
 */
class TakeOverLabTest extends SharedLabSupport {
    private static final Duration ADVERT = Duration.ofMillis(100);

    @Test
    void theMasterIsReplacedWithoutATransitionAGapOrTheVipLeavingTheKernel() throws Exception {
        VrrpdPeer old = vrrpd(bl.r1(), VrrpdPeer.Config.ipv4("gw4", 150).withAdvertInterval(ADVERT));
        VrrpdPeer peer = vrrpd(bl.r2(), VrrpdPeer.Config.ipv4("gw4", 100).withAdvertInterval(ADVERT));
        awaitState(old, "gw4", "MASTER");
        awaitState(peer, "gw4", "BACKUP");
        String master = bl.lanAddress(bl.r1(), Family.IPV4);
        awaitMasterAddress(peer, "gw4", master);
        int peerTransitions = peer.transitions("gw4").size();
        long peerMasterships = peer.instance("gw4").path("counters").path("master-transitions").asLong();

        AdvertCapture cap = bl.capture(bl.client(), LAN_IF);
        AtomicInteger samples = new AtomicInteger();
        AtomicInteger absent = new AtomicInteger();
        ScheduledExecutorService poll = Executors.newSingleThreadScheduledExecutor();
        try (AddressWatch watch = AddressWatch.start(bl.r1())) {
            await().atMost(CONVERGE).pollInterval(POLL).until(() -> cap.packetCount() >= 5);   // only the master advertises
            poll.scheduleAtFixedRate(() -> {
                samples.incrementAndGet();
                if (!KeepalivedPeer.addresses(bl.r1(), LAN_IF).contains(BladeLab.VIP4)) {
                    absent.incrementAndGet();
                }
            }, 0, 10, TimeUnit.MILLISECONDS);

            VrrpdPeer taking = track(() -> old.takeOver(null));
            assertEquals(0, old.exitValue(), "the old vrrpd exits 0 after it retired; its log:\n" + old.log());
            awaitState(taking, "gw4", "MASTER");
            assertTrue(taking.log().contains("adopting 1 of 1 instance(s) (gw4)"), taking.log());
            assertTrue(old.log().contains("retired: the vrrpd that took over runs the instances"), old.log());
            int before = cap.packetCount();
            await("adverts from the new process").atMost(CONVERGE).pollInterval(POLL)
                    .until(() -> cap.packetCount() >= before + 10);
            poll.shutdown();
            assertTrue(poll.awaitTermination(5, TimeUnit.SECONDS));
            cap.stop();

            List<AdvertCapture.Advert> adverts = cap.from(master);
            assertTrue(adverts.stream().noneMatch(a -> a.priority() == 0), "no priority 0 on the wire: " + adverts);
            Duration gap = cap.largestGap(master);
            assertTrue(gap.compareTo(ADVERT.multipliedBy(2)) <= 0, "largest advert gap " + gap.toMillis()
                    + " ms (at most two intervals, " + ADVERT.multipliedBy(2).toMillis() + " ms); " + cap.summary());
            assertEquals(List.of(), watch.deletionsOf(BladeLab.VIP4), "the VIP never left the kernel");
            assertTrue(samples.get() > 10, "polled the kernel " + samples.get() + " times");
            assertEquals(0, absent.get(), "polls that found the VIP missing, of " + samples.get());
        } finally {
            poll.shutdownNow();
        }
        assertEquals(peerTransitions, peer.transitions("gw4").size(), "the peer's transitions: " + peer.transitions("gw4"));
        assertEquals("BACKUP", peer.state("gw4"));
        assertEquals(peerMasterships, peer.instance("gw4").path("counters").path("master-transitions").asLong());
    }

    @Test
    void anInstanceWhoseConfigChangedStartsAfreshWhileTheOthersAreAdopted() throws Exception {
        VrrpdPeer.Config gw4 = VrrpdPeer.Config.ipv4("gw4", 150);
        VrrpdPeer.Config gw6 = VrrpdPeer.Config.ipv6("gw6", 150);
        VrrpdPeer old = vrrpd(bl.r1(), gw4, gw6);
        VrrpdPeer peer = vrrpd(bl.r2(), gw4.withPriority(100), gw6.withPriority(100));
        awaitState(old, "gw4", "MASTER");
        awaitState(old, "gw6", "MASTER");
        awaitState(peer, "gw4", "BACKUP");
        awaitState(peer, "gw6", "BACKUP");
        int gw4Transitions = peer.transitions("gw4").size();
        java.nio.file.Files.writeString(old.configFile(), VrrpdPeer.render(List.of(gw4, gw6.withPriority(140))));

        try (AddressWatch watch = AddressWatch.start(bl.r1())) {
            VrrpdPeer taking = track(() -> old.takeOver(null));
            assertEquals(0, old.exitValue(), old.log());
            assertTrue(taking.log().contains("adopting 1 of 2 instance(s) (gw4)"), taking.log());
            assertTrue(taking.log().contains("gw6: its configuration changed; it starts afresh"), taking.log());
            assertTrue(old.log().contains("released: the vrrpd that took over does not adopt it"), old.log());
            awaitState(taking, "gw6", "MASTER");   // released with priority 0, then preempted back at 140
            awaitState(peer, "gw6", "BACKUP");
            assertTrue(peer.transitions("gw6").stream().anyMatch(t -> t.to().equals("MASTER")),
                    "the peer took gw6 over while it started afresh: " + peer.transitions("gw6"));
            assertEquals(List.of(), watch.deletionsOf(BladeLab.VIP4), "gw4's VIP never left the kernel");
            assertEquals(gw4Transitions, peer.transitions("gw4").size(), "gw4 was adopted: " + peer.transitions("gw4"));
            assertEquals("MASTER", taking.state("gw4"));
        }
    }

    @Test
    void withNothingRunningOnTheSocketTakeOverIsAnOrdinaryStart() throws Exception {
        java.nio.file.Path conf = LabFiles.newDir("takeover-alone-").resolve("vrrpd.yaml");
        java.nio.file.Files.writeString(conf, VrrpdPeer.render(List.of(VrrpdPeer.Config.ipv4("gw4", 150))));
        VrrpdPeer alone = track(() -> VrrpdPeer.start(bl.r1(), conf, new VrrpdPeer.Launch(null, List.of("--take-over"), 1)));
        awaitState(alone, "gw4", "MASTER");
        assertTrue(alone.log().contains("--take-over: no vrrpd answers on"), alone.log());
    }
}
