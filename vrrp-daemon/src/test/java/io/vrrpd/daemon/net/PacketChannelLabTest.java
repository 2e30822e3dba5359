package io.vrrpd.daemon.net;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.hooks.testlab.Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PacketChannel against the real kernel and libpcap, in lab namespaces (root only). */
@Timeout(120)
class PacketChannelLabTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] V4_PAYLOAD = Arrays.copyOfRange(VrrpFramesTest.KEEPALIVED_V4, 34, 46);
    private static final byte[] V6_PAYLOAD = Arrays.copyOfRange(VrrpFramesTest.KEEPALIVED_V6, 54, 94);

    @Test
    void sentAdvertsCarryTheRequiredHeaderFieldsOnTheWire() throws Exception {
        try (Lab lab = Lab.create("pk")) {
            NetLab.Pair p = NetLab.pair(lab);
            PacketInterface a = NetLab.info(p.nsA(), p.ifA());
            NetLab.Recorder none = new NetLab.Recorder();
            try (PacketChannel ch = NetLab.open(p.nsA(), a, PacketChannel.Options.defaults(), none);
                    NetLab.Capture cap = new NetLab.Capture(p.nsB(), p.ifB(), 2, "ip proto 112 or ip6 proto 112")) {
                ch.send(VrrpFrames.advert(AddressFamily.IPV4, VirtualMac.of(AddressFamily.IPV4, 51).bytes(),
                        a.primaryIpv4(), V4_PAYLOAD, 0, V4_PAYLOAD.length));
                ch.send(VrrpFrames.advert(AddressFamily.IPV6, VirtualMac.of(AddressFamily.IPV6, 51).bytes(),
                        a.linkLocalIpv6(), V6_PAYLOAD, 0, V6_PAYLOAD.length));
                cap.awaitDone(Duration.ofSeconds(10));
                List<String> lines = cap.fields("eth.src", "eth.dst", "ip.dsfield", "ip.ttl", "ip.flags.df", "ip.proto",
                        "ip.checksum.status", "ip.src", "ip.dst", "ipv6.tclass", "ipv6.hlim", "ipv6.nxt", "ipv6.src",
                        "ipv6.dst", "vrrp.virt_rtr_id");
                assertEquals(2, lines.size(), lines.toString());
                assertEquals("00:00:5e:00:01:33|01:00:5e:00:00:12|0xc0|255|False|112|1|192.0.2.11|224.0.0.18||||||51",
                        lines.get(0).replace("|0|", "|False|"));
                assertEquals("00:00:5e:00:02:33|33:33:00:00:00:12||||||||0x000000c0|255|112|"
                        + a.linkLocalIpv6().getHostAddress().replaceAll("(:0)+:", "::").replace(":::", "::")
                        + "|ff02::12|51", lines.get(1));
                assertEquals(2, ch.sent());
            }
        }
    }

    @Test
    void peerFramesArriveWithTheirFieldsAndOwnFramesNever() throws Exception {
        try (Lab lab = Lab.create("pk")) {
            NetLab.Pair p = NetLab.pair(lab);
            PacketInterface a = NetLab.info(p.nsA(), p.ifA());
            PacketInterface b = NetLab.info(p.nsB(), p.ifB());
            NetLab.Recorder ra = new NetLab.Recorder();
            NetLab.Recorder rb = new NetLab.Recorder();
            try (PacketChannel cha = NetLab.open(p.nsA(), a, PacketChannel.Options.defaults(), ra);
                    PacketChannel chb = NetLab.open(p.nsB(), b, PacketChannel.Options.defaults(), rb)) {
                assertTrue(cha.directionIn());
                long before = System.currentTimeMillis() * 1_000_000L;
                chb.send(VrrpFrames.advert(AddressFamily.IPV4, VirtualMac.of(AddressFamily.IPV4, 51).bytes(),
                        b.primaryIpv4(), V4_PAYLOAD, 0, V4_PAYLOAD.length));
                chb.send(VrrpFrames.advert(AddressFamily.IPV6, b.mac(), b.linkLocalIpv6(), V6_PAYLOAD, 0, V6_PAYLOAD.length));
                await().atMost(Duration.ofSeconds(5)).until(() -> ra.adverts.size() == 2);
                ReceivedAdvert v4 = ra.adverts.get(0);
                assertEquals(AddressFamily.IPV4, v4.family());
                assertEquals("192.0.2.12", v4.sourceInetAddress().getHostAddress());
                assertTrue(v4.destinationIsVrrpGroup());
                assertEquals(255, v4.hopLimit());
                assertEquals("00005e000133", HEX.formatHex(v4.sourceMac()));
                assertArrayEquals(V4_PAYLOAD, v4.payload());
                assertTrue(Math.abs(v4.timestampNanos() - before) < 5_000_000_000L, "kernel timestamp is wall clock");
                ReceivedAdvert v6 = ra.adverts.get(1);
                assertEquals(AddressFamily.IPV6, v6.family());
                assertEquals(b.linkLocalIpv6(), v6.sourceInetAddress());
                assertEquals(255, v6.hopLimit());
                assertArrayEquals(b.mac(), v6.sourceMac());
                assertArrayEquals(V6_PAYLOAD, v6.payload());
                assertTrue(ra.threads.stream().allMatch(("vrrpd-rx-" + p.ifA())::equals), ra.threads.toString());

                // and the other way; after that, neither side has seen one of its own frames
                cha.send(VrrpFrames.advert(AddressFamily.IPV4, a.mac(), a.primaryIpv4(), V4_PAYLOAD, 0, V4_PAYLOAD.length));
                await().atMost(Duration.ofSeconds(5)).until(() -> rb.adverts.size() == 1);
                assertEquals("192.0.2.11", rb.adverts.get(0).sourceInetAddress().getHostAddress());
                assertEquals(2, ra.adverts.size());
                assertEquals(1, rb.adverts.size());
                assertEquals(0, cha.dropped(DropReason.OWN_FRAME) + chb.dropped(DropReason.OWN_FRAME),
                        "direction IN hides own frames before the MAC/IP filter");
            }
        }
    }

    @Test
    void ownFrameFilterDropsLoopedBackFramesWhenPcapSeesBothDirections() throws Exception {
        try (Lab lab = Lab.create("pk")) {
            NetLab.Pair p = NetLab.pair(lab);
            PacketInterface b = NetLab.info(p.nsB(), p.ifB());
            NetLab.Recorder filtered = new NetLab.Recorder();
            NetLab.Recorder unfiltered = new NetLab.Recorder();
            NetLab.Recorder senderSeen = new NetLab.Recorder();
            NetLab.Recorder inOnlySeen = new NetLab.Recorder();
            PacketChannel.Options both = PacketChannel.Options.defaults().withDirectionIn(false);
            // The kernel never hands a packet socket its own transmissions, so the frames come from
            // a second handle on the same interface, as they would from a second instance's handle.
            try (PacketChannel sender = NetLab.open(p.nsB(), b, both, senderSeen);
                    PacketChannel ch = NetLab.open(p.nsB(), b, both, filtered);
                    PacketChannel control = NetLab.open(p.nsB(), b, both.withDropOwnFrames(false), unfiltered);
                    PacketChannel inOnly = NetLab.open(p.nsB(), b,
                            PacketChannel.Options.defaults().withDropOwnFrames(false), inOnlySeen)) {
                // virtual MAC + own IP, and own MAC + own IP: both must be recognised as ours
                sender.send(VrrpFrames.advert(AddressFamily.IPV4, VirtualMac.of(AddressFamily.IPV4, 51).bytes(),
                        b.primaryIpv4(), V4_PAYLOAD, 0, V4_PAYLOAD.length));
                sender.send(VrrpFrames.advert(AddressFamily.IPV6, b.mac(), b.linkLocalIpv6(), V6_PAYLOAD, 0, V6_PAYLOAD.length));
                // the control channel proves the frames were captured at all
                await().atMost(Duration.ofSeconds(5)).until(() -> unfiltered.adverts.size() == 2);
                await().atMost(Duration.ofSeconds(5)).until(() -> ch.dropped(DropReason.OWN_FRAME) == 2);
                assertEquals(List.of(), filtered.adverts);
                assertEquals(0, ch.received());
                assertEquals(List.of(), senderSeen.adverts, "not even the sending handle itself");
                // pcap direction IN alone (own-frame filter off) already hides the outgoing frames
                await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> inOnlySeen.adverts.isEmpty());
                assertTrue(inOnly.directionIn());
            }
        }
    }

    @Test
    void ownFilterByMacOrAddressButNeverByVirtualMac() throws Exception {
        PacketInterface me = new PacketInterface("lan0", HEX.parseHex("020000000101"),
                (java.net.Inet4Address) InetAddress.getByName("192.0.2.2"),
                (java.net.Inet6Address) InetAddress.getByName("fe80::ff:fe00:101"));
        OwnFrameFilter filter = new OwnFrameFilter(me, List.of());
        java.util.function.Predicate<byte[]> own = f -> filter.isOwn((ReceivedAdvert) VrrpFrames.parse(f, f.length, 0));
        assertTrue(own.test(VrrpFramesTest.KEEPALIVED_V4), "own MAC and own IP");
        assertTrue(own.test(VrrpFramesTest.KEEPALIVED_V6), "own MAC and own link-local");
        assertTrue(!own.test(VrrpFramesTest.FRR_V4), "an FRR peer sends from the virtual MAC: still a peer");
        assertTrue(!own.test(VrrpFramesTest.FRR_V6));
        byte[] virtualMacOwnIp = VrrpFramesTest.FRR_V4.clone();
        System.arraycopy(InetAddress.getByName("192.0.2.2").getAddress(), 0, virtualMacOwnIp, 26, 4);
        VrrpFramesTest.fixChecksum(virtualMacOwnIp);
        assertTrue(own.test(virtualMacOwnIp), "our IP from the virtual MAC");
    }

    @Test
    void openFailuresSayWhatIsWrongAndCloseEndsTheReceiveThread() throws Exception {
        try (Lab lab = Lab.create("pk")) {
            NetLab.Pair p = NetLab.pair(lab);
            PacketInterface a = NetLab.info(p.nsA(), p.ifA());
            PacketIoException missing = assertThrows(PacketIoException.class, () -> io.vrrpd.hooks.kernel.rtnetlink.NetNamespace.callIn(
                    p.nsA(), () -> PacketChannel.open(new PacketInterface("nosuch0", a.mac(), null, null),
                            PacketChannel.Options.defaults(), x -> { })));
            assertTrue(missing.getMessage().contains("nosuch0"), missing.getMessage());
            PacketIoException lookup = assertThrows(PacketIoException.class, () -> io.vrrpd.hooks.kernel.rtnetlink.NetNamespace.callIn(
                    p.nsA(), () -> PacketInterface.lookup("nosuch0")));
            assertTrue(lookup.getMessage().contains("does not exist"), lookup.getMessage());

            PacketChannel ch = NetLab.open(p.nsA(), a, PacketChannel.Options.defaults(), new NetLab.Recorder());
            assertTrue(ch.nanosecondTimestamps(), "libpcap 1.10 on Linux offers nanosecond timestamps");
            String name = ch.receiveThreadName();
            assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name)));
            ch.close();
            assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals(name)),
                    "receive thread ended by close()");
            assertThrows(PacketIoException.class, () -> ch.send(new byte[60]));
            ch.close();
        }
    }

    @Test
    void withoutCapNetRawTheMessageNamesTheCapability() throws Exception {
        try (Lab lab = Lab.create("pk")) {
            NetLab.Pair p = NetLab.pair(lab);
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String out = lab.in(p.nsA(), "setpriv", "--inh-caps=-all", "--bounding-set=-net_raw", "--", javaBin,
                    "-cp", cp, CapabilityProbe.class.getName(), p.ifA());
            assertTrue(out.contains("PacketIoException") && out.contains("CAP_NET_RAW")
                    && out.contains("Operation not permitted"), out);
        }
    }

    @Test
    void aVanishingInterfaceIsReportedOnce() throws Exception {
        try (Lab lab = Lab.create("pk")) {
            NetLab.Pair p = NetLab.pair(lab);
            PacketInterface a = NetLab.info(p.nsA(), p.ifA());
            NetLab.Recorder r = new NetLab.Recorder();
            try (PacketChannel ch = NetLab.open(p.nsA(), a, PacketChannel.Options.defaults(), r)) {
                lab.in(p.nsA(), "ip", "link", "del", p.ifA());
                await().atMost(Duration.ofSeconds(5)).until(() -> !r.failures.isEmpty());
                assertTrue(r.failures.get(0).getMessage().contains(p.ifA()), r.failures.get(0).getMessage());
                String name = ch.receiveThreadName();
                await().atMost(Duration.ofSeconds(5)).until(() ->
                        Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals(name)));
                assertEquals(1, r.failures.size());
            }
        }
    }
}
