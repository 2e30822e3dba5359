package io.vrrpd.daemon.runtime;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.packet.AdvertEncoder;
import io.vrrpd.core.packet.Advertisement;
import io.vrrpd.core.packet.ChecksumForm;
import io.vrrpd.core.packet.ReceiveExpectations;
import io.vrrpd.daemon.instance.Instance;
import io.vrrpd.daemon.instance.InstanceCounters;
import io.vrrpd.daemon.instance.InstancePorts;
import io.vrrpd.daemon.instance.InstanceSpec;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.net.ReceivedAdvert;
import io.vrrpd.daemon.net.VrrpFrames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flood of accepted adverts (forged or not) while the loop is busy leaves at most one task per
 * instance in the loop's queue: the newest advert replaces one the loop has not processed yet.
 * Every advert is still counted, and the instance acts on the newest.
 */
class AdvertCoalescingTest {
    private static final byte[] PEER_MAC = {2, 0, 0, 0, 2, 0};
    private static final int FLOOD = 10_000;
    private final EventLoop loop = EventLoop.start("coalescing-test");

    @AfterEach
    void close() {
        loop.close();
    }

    private static ReceivedAdvert frame(String source, int priority) throws Exception {
        InetAddress from = InetAddress.getByName(source);
        Advertisement a = new Advertisement(AddressFamily.IPV4, 51, priority, 100,
                List.of(InetAddress.getByName("192.0.2.1")));
        byte[] payload = AdvertEncoder.encode(a, from.getAddress(), AddressFamily.IPV4.multicastGroup(),
                ChecksumForm.PSEUDO_HEADER);
        byte[] f = VrrpFrames.advert(AddressFamily.IPV4, PEER_MAC, from, payload, 0, payload.length);
        return (ReceivedAdvert) VrrpFrames.parse(f, f.length, 0);
    }

    @Test
    void aFloodWhileTheLoopIsBusyQueuesOneTaskPerInstanceAndTheNewestAdvertWins() throws Exception {
        InstanceSpec spec = new InstanceSpec("gw4", AddressFamily.IPV4, 51, "eth0", 100, 100, true, 0, true,
                List.of(InetAddress.getByName("192.0.2.1")), List.of(24));
        Instance instance = new Instance(spec, loop, InstancePorts.NONE, List.of(), new InstanceCounters());
        ReceivePath path = new ReceivePath("eth0");
        path.route(AddressFamily.IPV4, 51, new InstanceReceiver(instance, loop,
                new ReceiveExpectations(AddressFamily.IPV4, 51, spec.virtualAddresses(), false)));
        loop.runAndWait(() -> instance.interfaceReady(new byte[] {(byte) 192, 0, 2, 2}, "eth0"), 5, TimeUnit.SECONDS);

        ReceivedAdvert forged = frame("192.0.2.66", 200);
        ReceivedAdvert newest = frame("192.0.2.3", 180);
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.post(() -> {
            busy.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);   // the loop is busy (a reload, a big reconcile)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(busy.await(5, TimeUnit.SECONDS));
        for (int n = 0; n < FLOOD - 1; n++) {
            path.onAdvert(forged);
        }
        path.onAdvert(newest);
        int queued = loop.queued();
        release.countDown();
        assertTrue(queued <= 1, queued + " tasks queued for " + FLOOD + " adverts to one instance (expected: at most 1)");

        String[] master = new String[1];
        loop.runAndWait(() -> master[0] = instance.status().master(), 5, TimeUnit.SECONDS);
        assertEquals("192.0.2.3", master[0], "the instance acted on the newest advert");
        assertEquals(FLOOD, instance.counters().advertsReceived(), "every accepted advert is counted");
    }
}
