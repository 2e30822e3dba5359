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

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static ReceivedAdvert frame(int vrid, int interval, String vip, boolean corruptChecksum) throws Exception {
        return frame("192.0.2.3", vrid, 100, interval, vip, corruptChecksum);
    }

    private static ReceivedAdvert frame(String source, int vrid, int priority, int interval, String vip,
                                        boolean corruptChecksum) throws Exception {
        Advertisement a = new Advertisement(AddressFamily.IPV4, vrid, priority, interval, List.of(ip(vip)));
        byte[] payload = AdvertEncoder.encode(a, ip(source).getAddress(), AddressFamily.IPV4.multicastGroup(),
                ChecksumForm.PSEUDO_HEADER);
        if (corruptChecksum) {
            payload[7] ^= 0x01;
        }
        byte[] f = VrrpFrames.advert(AddressFamily.IPV4, PEER_MAC, ip(source), payload, 0, payload.length);
        return (ReceivedAdvert) VrrpFrames.parse(f, f.length, 0);
    }

    private InstanceReceiver receiver(Instance instance, boolean owner) {
        return new InstanceReceiver(instance, loop, new ReceiveExpectations(AddressFamily.IPV4, 51,
                instance.spec().virtualAddresses(), owner, io.vrrpd.core.packet.OwnerPolicy.LOG_AND_PROCESS));
    }

    private Instance instance(int priority) throws Exception {
        InstanceSpec spec = new InstanceSpec("gw4", AddressFamily.IPV4, 51, "eth0", priority, 100, true, 0, true,
                List.of(ip("192.0.2.1")), List.of(24));
        return new Instance(spec, loop, InstancePorts.NONE, List.of(), new InstanceCounters());
    }

    private long warnings(String fragment) {
        return log.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN
                && e.getFormattedMessage().contains(fragment)).count();
    }

    @Test
    void peersWithAlternatingIntervalsAreCountedPerAdvertButLoggedOncePerPeriod() throws Exception {
        ((Logger) LoggerFactory.getLogger(InstanceReceiver.class)).addAppender(log);
        log.start();
        Instance instance = instance(150);
        ReceivePath path = new ReceivePath("eth0");
        path.route(AddressFamily.IPV4, 51, receiver(instance, false));
        for (int n = 0; n < 20; n++) {
            path.onAdvert(frame("192.0.2.3", 51, 100, 200, "192.0.2.1", false));
            path.onAdvert(frame("192.0.2.4", 51, 90, 300, "192.0.2.1", false));
        }
        loop.runAndWait(() -> { }, 5, TimeUnit.SECONDS);
        assertEquals(40, instance.counters().intervalMismatches(), "every advert is counted");
        assertEquals(1, warnings("advertises an interval"), "one line per period, not one per change");
    }

    @Test
    void anOwnerHearingItsVridCountsAndLogsTheConflictAndAnotherOwner() throws Exception {
        ((Logger) LoggerFactory.getLogger(InstanceReceiver.class)).addAppender(log);
        log.start();
        Instance owner = instance(255);
        ReceivePath path = new ReceivePath("eth0");
        path.route(AddressFamily.IPV4, 51, receiver(owner, true));
        for (int n = 0; n < 5; n++) {
            path.onAdvert(frame("192.0.2.3", 51, 255, 100, "192.0.2.1", false));
        }
        path.onAdvert(frame("192.0.2.4", 51, 120, 100, "192.0.2.1", false));
        loop.runAndWait(() -> { }, 5, TimeUnit.SECONDS);
        assertEquals(6, owner.counters().ownerConflicts(), "every advert for the owner's VRID (erratum 8298)");
        assertEquals(5, owner.counters().multipleOwners(), "the priority-255 ones claim the addresses too");
        assertEquals(6, owner.counters().advertsReceived(), "and each is processed, not dropped");
        assertEquals(1, warnings("erratum 8298"), "logged once per period");
        assertEquals(1, warnings("section 8.3.2"));
    }

    @Test
    void aBackupHearingTwoRoutersAtPriority255CountsAndLogsIt() throws Exception {
        ((Logger) LoggerFactory.getLogger(InstanceReceiver.class)).addAppender(log);
        log.start();
        Instance backup = instance(100);
        ReceivePath path = new ReceivePath("eth0");
        path.route(AddressFamily.IPV4, 51, receiver(backup, false));
        for (int n = 0; n < 5; n++) {
            path.onAdvert(frame("192.0.2.3", 51, 255, 100, "192.0.2.1", false));   // one owner: as it should be
        }
        loop.runAndWait(() -> { }, 5, TimeUnit.SECONDS);
        assertEquals(0, backup.counters().multipleOwners(), "one owner is the normal case");
        for (int n = 0; n < 3; n++) {
            path.onAdvert(frame("192.0.2.4", 51, 255, 100, "192.0.2.1", false));
            path.onAdvert(frame("192.0.2.3", 51, 255, 100, "192.0.2.1", false));
        }
        loop.runAndWait(() -> { }, 5, TimeUnit.SECONDS);
        assertEquals(6, backup.counters().multipleOwners());
        assertEquals(0, backup.counters().ownerConflicts(), "not the owner");
        assertEquals(1, warnings("section 8.3.2"));
    }

    @Test
    void countsRejectionsAndDisagreementsAndLogsADisagreementOncePerChange() throws Exception {
        ((Logger) LoggerFactory.getLogger(InstanceReceiver.class)).addAppender(log);
        log.start();
        InstanceSpec spec = new InstanceSpec("gw4", AddressFamily.IPV4, 51, "eth0", 150, 100, true, 0, true,
                List.of(ip("192.0.2.1")), List.of(24));
        Instance instance = new Instance(spec, loop, InstancePorts.NONE, List.of(), new InstanceCounters());
        ReceivePath path = new ReceivePath("eth0");
        path.route(AddressFamily.IPV4, 51, new InstanceReceiver(instance, loop,
                new ReceiveExpectations(AddressFamily.IPV4, 51, spec.virtualAddresses(), false)));

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
        assertEquals(2, log.list.stream().filter(e -> e.getFormattedMessage().contains("now agrees")).count(),
                "and one each when the peer agrees again: " + log.list);
    }
}
