package io.vrrpd.daemon.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IcmpV6RouterAdvertisementPacket;

/** When the adverts of a mastership go out: at once on start, none after stop, one final with lifetime 0 on withdraw. */
class RouterAdvertiserTest {
    private static final byte[] MAC = {0x52, 0x54, 0, 0, 0, 0x02};
    private final List<byte[]> sent = new CopyOnWriteArrayList<>();
    private final List<Long> sentAt = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler = Announcer.newScheduler("lan0");

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private RouterAdvertiser advertiser(Duration interval) throws Exception {
        return new RouterAdvertiser(frame -> {
            sentAt.add(System.nanoTime());
            sent.add(frame);
        }, "lan0", MAC, (Inet6Address) InetAddress.getByName("fe80::1"),
                new RouterAdvertiser.Settings(interval, 30, List.of()), scheduler, (name, heard) -> {
                    solicitations = heard;
                    return () -> solicitations = null;
                });
    }

    /** What the advertiser listens to for solicitations; null while it does not. */
    private volatile Runnable solicitations;

    private static int lifetime(byte[] frame) throws Exception {
        return EthernetPacket.newPacket(frame, 0, frame.length).get(IcmpV6RouterAdvertisementPacket.class)
                .getHeader().getRouterLifetimeAsInt();
    }

    /** Runs after everything the scheduler has been given so far. */
    private void drain() throws Exception {
        scheduler.submit(() -> { }).get();
    }

    @Test
    void startSendsOneAtOnceAndStopSendsNoFinalOne() throws Exception {
        RouterAdvertiser ra = advertiser(Duration.ofSeconds(600));
        ra.start();
        ra.start();   // a repeated announcement: still one
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 1);
        assertEquals(30, lifetime(sent.get(0)));
        ra.stop();
        drain();
        assertEquals(1, sent.size(), "another master advertises the address now: no lifetime 0 from this one");
    }

    @Test
    void withdrawSendsOneAdvertWithLifetimeZeroAndNothingAfter() throws Exception {
        RouterAdvertiser ra = advertiser(Duration.ofMillis(40));
        ra.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() >= 3);
        ra.withdraw();
        int atWithdraw = sent.size();
        assertEquals(0, lifetime(sent.get(atWithdraw - 1)), "the final advert");
        ra.withdraw();   // not advertising any more: no second final one
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> sent.size() == atWithdraw);
    }

    @Test
    void aSolicitationIsAnsweredWithinHalfASecondButNotSoonerThanThreeSecondsAfterTheLastAdvert() throws Exception {
        RouterAdvertiser ra = advertiser(Duration.ofSeconds(600));
        ra.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 1 && solicitations != null);
        solicitations.run();
        solicitations.run();   // a second one before the answer: the same answer
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 2);
        long gapMs = (sentAt.get(1) - sentAt.get(0)) / 1_000_000;
        assertTrue(gapMs >= RouterAdvertiser.MIN_DELAY_BETWEEN_RAS_MS, "rate-limited: " + gapMs + " ms");
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> sent.size() == 2);
        ra.stop();
        solicitations.run();   // backup now: not answered
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> sent.size() == 2);
        ra.close();
        await().atMost(Duration.ofSeconds(2)).until(() -> solicitations == null);
    }

    @Test
    void theSourceIsLinkLocal() {
        assertThrows(IllegalArgumentException.class, () -> new RouterAdvertiser(sent::add, "lan0", MAC,
                (Inet6Address) InetAddress.getByName("2001:db8:1::1"),
                new RouterAdvertiser.Settings(Duration.ofSeconds(10), 30, List.of()), scheduler));
    }
}
