package io.vrrpd.daemon.runtime;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
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
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The receive path with real frames (encoded, framed and parsed by the real code): rejections
 * counted by RFC 6527 name, peers that disagree counted per advert and logged once per change.
 */
class ReceivePathTest {
    private static final byte[] PEER_MAC = {2, 0, 0, 0, 2, 0};
    private final EventLoop loop = EventLoop.start("test-loop");
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @AfterEach
    void close() {
        loop.close();
        ((Logger) LoggerFactory.getLogger(InstanceReceiver.class)).detachAppender(log);
    }

    private static final InstancePorts NOTHING = new InstancePorts() {
        @Override
        public void sendAdvert(int priority, int intervalCs) {
        }

        @Override
        public void addVirtualAddresses(Runnable installed) {
            installed.run();
        }

        @Override
        public void removeVirtualAddresses() {
        }

        @Override
        public void announce() {
        }

        @Override
        public void stopAnnouncing() {
        }
    };

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static ReceivedAdvert frame(int vrid, int interval, String vip, boolean corruptChecksum) throws Exception {
        Advertisement a = new Advertisement(AddressFamily.IPV4, vrid, 100, interval, List.of(ip(vip)));
        byte[] payload = AdvertEncoder.encode(a, ip("192.0.2.3").getAddress(), AddressFamily.IPV4.multicastGroup(),
                ChecksumForm.PSEUDO_HEADER);
        if (corruptChecksum) {
            payload[7] ^= 0x01;
        }
        byte[] f = VrrpFrames.advert(AddressFamily.IPV4, PEER_MAC, ip("192.0.2.3"), payload, 0, payload.length);
        return (ReceivedAdvert) VrrpFrames.parse(f, f.length, 0);
    }

    @Test
    void countsRejectionsAndDisagreementsAndLogsADisagreementOncePerChange() throws Exception {
        ((Logger) LoggerFactory.getLogger(InstanceReceiver.class)).addAppender(log);
        log.start();
        InstanceSpec spec = new InstanceSpec("gw4", AddressFamily.IPV4, 51, "eth0", 150, 100, true, 0, true,
                List.of(ip("192.0.2.1")), List.of(24));
        Instance instance = new Instance(spec, loop, NOTHING, List.of(), new InstanceCounters());
        ReceivePath path = new ReceivePath("eth0");
        path.route(AddressFamily.IPV4, 51, new InstanceReceiver(instance, loop,
                new ReceiveExpectations(AddressFamily.IPV4, 51, spec.virtualAddresses(), false), 100));

        path.onAdvert(frame(51, 100, "192.0.2.1", true));     // bad checksum: dropped, counted for gw4
        path.onAdvert(frame(52, 100, "192.0.2.1", false));    // a VRID nobody runs here: counted for the interface
        for (int n = 0; n < 3; n++) {
            path.onAdvert(frame(51, 200, "192.0.2.9", false)); // a peer that disagrees, three times
        }
        path.onAdvert(frame(51, 100, "192.0.2.1", false));    // and agrees again
        loop.runAndWait(() -> { }, 5, TimeUnit.SECONDS);

        var counters = instance.counters();
        assertEquals(Map.of("vrrpv3RouterChecksumErrors", 1L), counters.rejectedByReason());
        assertEquals(1L, path.interfaceRejects().get(io.vrrpd.core.packet.RejectReason.VRID_ERROR).sum());
        assertEquals(4, counters.advertsReceived(), "accepted adverts reach the instance");
        assertEquals(3, instance.status().counters().intervalMismatches());
        assertEquals(3, instance.status().counters().addressListMismatches());
        long warnings = log.list.stream().filter(e -> e.getFormattedMessage().contains("peer 192.0.2.3 advertises")).count();
        assertEquals(2, warnings, "one line for the addresses and one for the interval, not one per advert: " + log.list);
        assertEquals(1, log.list.stream().filter(e -> e.getFormattedMessage().contains("now agrees")).count());
    }
}
