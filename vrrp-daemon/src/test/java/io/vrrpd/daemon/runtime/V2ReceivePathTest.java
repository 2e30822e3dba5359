package io.vrrpd.daemon.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.VrrpVersion;
import io.vrrpd.core.packet.AdvertDecoder;
import io.vrrpd.core.packet.AdvertEncoder;
import io.vrrpd.core.packet.Advertisement;
import io.vrrpd.core.packet.Authentication;
import io.vrrpd.core.packet.ChecksumForm;
import io.vrrpd.core.packet.OwnerPolicy;
import io.vrrpd.core.packet.ReceiveExpectations;
import io.vrrpd.core.fsm.ProtocolState;
import io.vrrpd.daemon.instance.Instance;
import io.vrrpd.daemon.instance.InstancePorts;
import io.vrrpd.daemon.instance.InstanceCounters;
import io.vrrpd.daemon.instance.InstanceSpec;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.net.ReceivedAdvert;
import io.vrrpd.daemon.net.VrrpFrames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The receive path for VRRPv2 and mixed-mode instances, with real frames: what an interface
 * decodes, how each VRRPv2 rejection is counted (RFC 2787 names) and warned about once per change
 * (never with the password), and that accepted adverts reach the state machine with their version.
 */
class V2ReceivePathTest {
    private static final byte[] PEER_MAC = {2, 0, 0, 0, 2, 0};
    private static final String PASSWORD = "k33pal1v";
    private final EventLoop loop = EventLoop.start("test-loop");
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Level rootLevel;

    @BeforeEach
    void captureEveryLogLine() {
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);   // debug lines too: none may show the password
        root.addAppender(log);
        log.start();
    }

    @AfterEach
    void close() {
        loop.close();
        root.detachAppender(log);
        root.setLevel(rootLevel);
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static Authentication pass(String p) {
        return Authentication.simplePassword(p.getBytes(StandardCharsets.US_ASCII));
    }

    private static ReceivedAdvert frame(Advertisement a, ChecksumForm form) throws Exception {
        byte[] payload = AdvertEncoder.encode(a, ip("192.0.2.3").getAddress(), AddressFamily.IPV4.multicastGroup(), form);
        byte[] f = VrrpFrames.advert(AddressFamily.IPV4, PEER_MAC, ip("192.0.2.3"), payload, 0, payload.length);
        return (ReceivedAdvert) VrrpFrames.parse(f, f.length, 0);
    }

    private static ReceivedAdvert v2(int intervalS, Authentication auth) throws Exception {
        return frame(Advertisement.ofV2(51, 200, intervalS * 100, auth, ip("192.0.2.1")), ChecksumForm.NO_PSEUDO_HEADER);
    }

    private static ReceivedAdvert v3(int intervalCs) throws Exception {
        return frame(Advertisement.of(AddressFamily.IPV4, 51, 200, intervalCs, ip("192.0.2.1")),
                ChecksumForm.PSEUDO_HEADER);
    }

    /** An instance of vrid 51 at priority 150 with its receiver routed on a fresh receive path. */
    private record Routed(Instance instance, ReceivePath path) {
    }

    private Routed routed(VrrpVersion version, boolean acceptV2, int intervalCs, Authentication auth) throws Exception {
        InstanceSpec spec = new InstanceSpec("gw4", AddressFamily.IPV4, 51, "eth0", 150, intervalCs, true, 0, true,
                List.of(ip("192.0.2.1")), List.of(24), version, acceptV2, 0, auth);
        Instance instance = new Instance(spec, loop, InstancePorts.NONE, List.of(), new InstanceCounters());
        loop.runAndWait(() -> instance.interfaceReady(ip4("192.0.2.2"), "eth0"), 5, TimeUnit.SECONDS);
        ReceivePath path = new ReceivePath("eth0");
        path.route(AddressFamily.IPV4, 51, new InstanceReceiver(instance, loop,
                new ReceiveExpectations(AddressFamily.IPV4, 51, spec.virtualAddresses(), false, OwnerPolicy.LOG_AND_PROCESS)
                        .withVersion(version, acceptV2, intervalCs, auth)));
        return new Routed(instance, path);
    }

    private static byte[] ip4(String s) {
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void drain() throws InterruptedException {
        loop.runAndWait(() -> { }, 5, TimeUnit.SECONDS);
    }

    private List<String> warnings() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void anInterfaceDecodesVrrpv2OnlyWhereAnInstanceHearsIt() throws Exception {
        ReceivePath path = new ReceivePath("eth0");
        assertEquals(AdvertDecoder.V3_ONLY, path.decodedVersions(AddressFamily.IPV4));
        Routed v2 = routed(VrrpVersion.V2, false, 100, Authentication.NONE);
        assertEquals(AdvertDecoder.V2_ONLY, v2.path().decodedVersions(AddressFamily.IPV4));
        assertEquals(AdvertDecoder.V3_ONLY, v2.path().decodedVersions(AddressFamily.IPV6), "VRRPv2 is IPv4 only");
        Routed mixed = routed(VrrpVersion.V3, true, 100, Authentication.NONE);
        assertEquals(AdvertDecoder.V2_AND_V3, mixed.path().decodedVersions(AddressFamily.IPV4));
        mixed.path().route(AddressFamily.IPV4, 51, null);
        assertEquals(AdvertDecoder.V3_ONLY, mixed.path().decodedVersions(AddressFamily.IPV4),
                "an instance removed takes its versions with it");
    }

    @Test
    void aVrrpv2InstanceHearsItsPasswordAndCountsEveryOtherOnceWarned() throws Exception {
        Routed r = routed(VrrpVersion.V2, false, 100, pass(PASSWORD));
        r.path().onAdvert(v2(1, pass(PASSWORD)));                  // right: accepted, the peer is master
        for (int n = 0; n < 3; n++) {
            r.path().onAdvert(v2(1, pass("wrong!!!")));            // a wrong password, three times
        }
        r.path().onAdvert(v2(1, Authentication.NONE));              // no authentication at all
        r.path().onAdvert(v2(2, pass(PASSWORD)));                  // another interval
        r.path().onAdvert(v3(100));                                  // VRRPv3 where only VRRPv2 is decoded (counted;
                                                                     // not warned: that router is heard, in VRRPv2)
        r.path().onAdvert(v2(1, pass(PASSWORD)));                  // right again
        drain();

        InstanceCounters c = r.instance().counters();
        assertEquals(Map.of("vrrpStatsAuthFailures", 3L, "vrrpStatsAuthTypeMismatch", 1L,
                "vrrpStatsAdvertiseIntervalErrors", 1L, "vrrpv3RouterVersionErrors", 1L), c.rejectedByReason());
        assertEquals(2, c.advertsReceived(), "only the adverts with our password reach the state machine");
        assertEquals(ProtocolState.BACKUP, r.instance().protocolState());
        assertEquals("192.0.2.3", r.instance().status().master());

        List<String> w = warnings();
        assertEquals(3, w.size(), "one warning per change of cause, not one per advert: " + w);
        assertTrue(w.get(0).contains("dropping adverts from 192.0.2.3: its VRRPv2 password is not ours"), w.get(0));
        assertTrue(w.get(0).contains("vrrpStatsAuthFailures"), w.get(0));
        assertTrue(w.get(1).contains("sends no VRRPv2 authentication but this instance expects a password"), w.get(1));
        assertTrue(w.get(2).contains("interval of 2 s but this VRRPv2 instance's is 1 s"), w.get(2));
        assertEquals(1, log.list.stream().filter(e -> e.getFormattedMessage().contains("accepted again")).count());
        assertPasswordNowhere(r);
    }

    @Test
    void aVrrpv3OnlyInstanceNamesTheFixForAKeepalivedPeerSpeakingVrrpv2() throws Exception {
        Routed r = routed(VrrpVersion.V3, false, 100, Authentication.NONE);
        r.path().onAdvert(v2(1, Authentication.NONE));
        r.path().onAdvert(v2(1, Authentication.NONE));
        drain();
        assertEquals(Map.of("vrrpv3RouterVersionErrors", 2L), r.instance().counters().rejectedByReason());
        List<String> w = warnings();
        assertEquals(1, w.size(), w::toString);
        assertTrue(w.get(0).contains("it speaks VRRPv2 but this instance speaks VRRPv3 only"), w.get(0));
        assertTrue(w.get(0).contains("give this instance version: 2, or accept-v2: true"), w.get(0));
    }

    @Test
    void aVrrpv2InstanceNamesTheFixForAPeerSpeakingVrrpv3Only() throws Exception {
        Routed r = routed(VrrpVersion.V2, false, 100, Authentication.NONE);
        r.path().onAdvert(v3(100));
        drain();
        assertEquals(Map.of("vrrpv3RouterVersionErrors", 1L), r.instance().counters().rejectedByReason());
        List<String> w = warnings();
        assertEquals(1, w.size(), w::toString);
        assertTrue(w.get(0).contains("it speaks VRRPv3 but this instance speaks VRRPv2 (version: 2)"), w.get(0));
        assertTrue(w.get(0).contains("give the peer accept-v2: true"), w.get(0));
    }

    @Test
    void aMixedModePeerHeardInOurVersionIsNoDisagreement() throws Exception {
        Routed r = routed(VrrpVersion.V3, false, 100, Authentication.NONE);
        for (int n = 0; n < 3; n++) {
            r.path().onAdvert(v3(100));                        // a mixed-mode master: VRRPv3, which we hear,
            r.path().onAdvert(v2(1, Authentication.NONE));     // and VRRPv2 beside it
        }
        drain();
        assertEquals(Map.of("vrrpv3RouterVersionErrors", 3L), r.instance().counters().rejectedByReason(),
                "counted: a version this instance does not speak");
        assertEquals(List.of(), warnings(), "not warned about: the router is heard, in VRRPv3");
    }

    @Test
    void aSubSecondMixedInstanceComparesVrrpv2AdvertsWithItsWholeSecondInterval() throws Exception {
        Routed r = routed(VrrpVersion.V3, true, 10, pass(PASSWORD));
        r.path().onAdvert(v2(1, pass(PASSWORD)));   // a VRRPv2 master at 1 s: what our VRRPv2 adverts say too
        r.path().onAdvert(v3(10));                   // and a VRRPv3 one at our 100 ms
        drain();
        InstanceCounters c = r.instance().counters();
        assertEquals(Map.of(), c.rejectedByReason());
        assertEquals(2, c.advertsReceived(), "both versions reach the state machine");
        assertEquals(0, c.intervalMismatches(), "1 s in a VRRPv2 advert is no mismatch at 100 ms in mixed mode");
        assertEquals(List.of(), warnings());

        r.path().onAdvert(v2(2, pass(PASSWORD)));   // but 2 s is: a VRRPv2 router at 2 s drops our 1 s adverts
        r.path().onAdvert(v2(1, Authentication.NONE));
        drain();
        assertEquals(1, c.intervalMismatches(), "counted and logged, and adopted (RFC 9568 section 8.4.2)");
        assertEquals(Map.of("vrrpStatsAuthTypeMismatch", 1L), c.rejectedByReason());
        assertEquals(2, warnings().size(), warnings()::toString);
        assertPasswordNowhere(r);
    }

    private void assertPasswordNowhere(Routed r) {
        for (ILoggingEvent e : log.list) {
            assertFalse(e.getFormattedMessage().contains(PASSWORD), e::getFormattedMessage);
        }
        assertFalse(r.instance().status().toString().contains(PASSWORD));
        assertFalse(r.instance().spec().toString().contains(PASSWORD), r.instance().spec()::toString);
    }
}
