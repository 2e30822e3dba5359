package io.vrrpd.daemon.net;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.hooks.testlab.Lab;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a channel ends, on real pcap handles: {@link PacketChannel#close()} never waits for its
 * receive thread (the event loop calls it), and a receive that fails for real (the interface
 * deleted under the handle) is reported, not just the end of a thread.
 */
class PacketChannelLifecycleLabTest {
    private static final byte[] V4_PAYLOAD = Arrays.copyOfRange(VrrpFramesTest.KEEPALIVED_V4, 34, 46);

    @Test
    void closeReturnsAtOnceWhileTheReceiveThreadIsBusyAndTheHandleClosesWhenItIsDone() throws Exception {
        try (Lab lab = Lab.create("pc")) {
            NetLab.Pair p = NetLab.pair(lab);
            PacketInterface a = NetLab.info(p.nsA(), p.ifA());
            PacketInterface b = NetLab.info(p.nsB(), p.ifB());
            CountDownLatch inListener = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            PacketChannel.Listener busy = new PacketChannel.Listener() {
                @Override
                public void onAdvert(ReceivedAdvert advert) {
                    inListener.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);   // a receive thread held up in its listener
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            PacketChannel cha = NetLab.open(p.nsA(), a, PacketChannel.Options.defaults(), busy);
            try (PacketChannel chb = NetLab.open(p.nsB(), b, PacketChannel.Options.defaults(), new NetLab.Recorder())) {
                chb.send(VrrpFrames.advert(AddressFamily.IPV4, VirtualMac.of(AddressFamily.IPV4, 51).bytes(),
                        b.primaryIpv4(), V4_PAYLOAD, 0, V4_PAYLOAD.length));
                assertTrue(inListener.await(10, TimeUnit.SECONDS), "the advert reached the listener");
                AtomicBoolean closed = new AtomicBoolean();
                Thread closer = new Thread(() -> {
                    cha.close();
                    closed.set(true);
                });
                closer.start();
                await("close() returned while the receive thread is busy").atMost(Duration.ofSeconds(1))
                        .untilTrue(closed);
                release.countDown();
                assertTrue(cha.awaitClosed(Duration.ofSeconds(5)), "the handle is closed once the receive thread is done");
            } finally {
                release.countDown();
                cha.close();
            }
        }
    }

    @Test
    void aReceiveThatFailsForRealIsReportedAndTheChannelSaysItIsDeaf() throws Exception {
        try (Lab lab = Lab.create("pc")) {
            NetLab.Pair p = NetLab.pair(lab);
            PacketInterface a = NetLab.info(p.nsA(), p.ifA());
            NetLab.Recorder rec = new NetLab.Recorder();
            try (PacketChannel cha = NetLab.open(p.nsA(), a, PacketChannel.Options.defaults(), rec)) {
                assertTrue(cha.receiving());
                lab.in(p.nsA(), "ip", "link", "del", p.ifA());
                await("the failure reported").atMost(Duration.ofSeconds(5)).until(() -> !rec.failures.isEmpty());
                assertTrue(rec.failures.get(0).getMessage().contains("receive on " + p.ifA() + " failed"),
                        rec.failures.get(0)::getMessage);
                assertTrue(!cha.receiving(), "a channel whose receive failed says so");
            }
        }
    }
}
