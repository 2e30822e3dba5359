package io.vrrpd.daemon.net;

import io.vrrpd.core.AddressFamily;
import org.junit.jupiter.api.Test;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.packet.ArpPacket;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IcmpV6CommonPacket;
import org.pcap4j.packet.IcmpV6NeighborAdvertisementPacket;
import org.pcap4j.packet.IpV6NeighborDiscoveryTargetLinkLayerAddressOption;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.namednumber.ArpOperation;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnnouncerTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] IF_MAC = HEX.parseHex("020000000101");

    private static PacketInterface iface() throws Exception {
        return new PacketInterface("lan0", IF_MAC, (Inet4Address) InetAddress.getByName("192.0.2.2"),
                (Inet6Address) InetAddress.getByName("fe80::ff:fe00:101"));
    }

    @Test
    void gratuitousArpRequestFromTheVirtualMac() throws Exception {
        byte[] mac = VirtualMac.of(AddressFamily.IPV4, 51).bytes();
        byte[] frame = AnnounceFrames.gratuitousArp(mac, (Inet4Address) InetAddress.getByName("192.0.2.1"), false);
        EthernetPacket eth = EthernetPacket.newPacket(frame, 0, frame.length);
        assertEquals("ff:ff:ff:ff:ff:ff", eth.getHeader().getDstAddr().toString());
        assertEquals("00:00:5e:00:01:33", eth.getHeader().getSrcAddr().toString());
        ArpPacket.ArpHeader arp = eth.get(ArpPacket.class).getHeader();
        assertEquals(ArpOperation.REQUEST, arp.getOperation());
        assertEquals("00:00:5e:00:01:33", arp.getSrcHardwareAddr().toString());
        assertEquals("192.0.2.1", arp.getSrcProtocolAddr().getHostAddress());
        assertEquals("192.0.2.1", arp.getDstProtocolAddr().getHostAddress());
        assertEquals("00:00:00:00:00:00", arp.getDstHardwareAddr().toString());
        byte[] reply = AnnounceFrames.gratuitousArp(mac, (Inet4Address) InetAddress.getByName("192.0.2.1"), true);
        assertEquals(ArpOperation.REPLY, EthernetPacket.newPacket(reply, 0, reply.length).get(ArpPacket.class).getHeader().getOperation());
    }

    @Test
    void unsolicitedNaHasOverrideRouterTargetOptionAndHopLimit255() throws Exception {
        byte[] mac = VirtualMac.of(AddressFamily.IPV6, 51).bytes();
        Inet6Address vip = (Inet6Address) InetAddress.getByName("2001:db8:1::1");
        byte[] frame = AnnounceFrames.unsolicitedNa(mac, vip, vip, true);
        EthernetPacket eth = EthernetPacket.newPacket(frame, 0, frame.length);
        assertEquals("33:33:00:00:00:01", eth.getHeader().getDstAddr().toString());
        IpV6Packet ip = eth.get(IpV6Packet.class);
        assertEquals(255, ip.getHeader().getHopLimitAsInt());
        assertEquals("ff02:0:0:0:0:0:0:1", ip.getHeader().getDstAddr().getHostAddress());
        assertEquals(vip, ip.getHeader().getSrcAddr());
        IcmpV6CommonPacket icmp = eth.get(IcmpV6CommonPacket.class);
        assertTrue(icmp.hasValidChecksum(ip.getHeader().getSrcAddr(), ip.getHeader().getDstAddr(), false));
        IcmpV6NeighborAdvertisementPacket.IcmpV6NeighborAdvertisementHeader na =
                eth.get(IcmpV6NeighborAdvertisementPacket.class).getHeader();
        assertTrue(na.getOverrideFlag());
        assertTrue(na.getRouterFlag());
        assertFalse(na.getSolicitedFlag());
        assertEquals(vip, na.getTargetAddress());
        IpV6NeighborDiscoveryTargetLinkLayerAddressOption tlla =
                (IpV6NeighborDiscoveryTargetLinkLayerAddressOption) na.getOptions().get(0);
        assertArrayEquals(mac, tlla.getLinkLayerAddress());
    }

    @Test
    void burstRepeatsEveryVipAndHonoursModes() throws Exception {
        List<InetAddress> vips = List.of(InetAddress.getByName("192.0.2.1"), InetAddress.getByName("192.0.2.5"));
        try (Announcer a = new Announcer(f -> { }, iface(), Announcer.Settings.defaults().withRepeat(3)
                .withArpMode(Announcer.ArpMode.BOTH).withSourceMac(Announcer.SourceMac.INTERFACE))) {
            List<byte[]> burst = a.burst(AddressFamily.IPV4, 51, vips);
            assertEquals(3 * 2 * 2, burst.size());
            for (byte[] f : burst) {
                assertEquals("020000000101", HEX.formatHex(f, 6, 12));
            }
            assertThrows(IllegalArgumentException.class, () -> a.burst(AddressFamily.IPV6, 51, vips));
        }
        try (Announcer a = new Announcer(f -> { }, iface(), Announcer.Settings.defaults()
                .withNaSource(Announcer.NaSource.LINK_LOCAL))) {
            byte[] f = a.burst(AddressFamily.IPV6, 51, List.of(InetAddress.getByName("fe80::1"))).get(0);
            IpV6Packet ip = EthernetPacket.newPacket(f, 0, f.length).get(IpV6Packet.class);
            assertEquals(InetAddress.getByName("fe80::ff:fe00:101"), ip.getHeader().getSrcAddr());
            assertEquals("00005e000233", HEX.formatHex(f, 6, 12));
        }
    }

    @Test
    void sendsRepeatNowAndAgainAfterDelayOffTheCallingThread() throws Exception {
        List<Long> sentAt = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        FrameSink sink = f -> {
            sentAt.add(System.nanoTime());
            threads.add(Thread.currentThread().getName());
        };
        try (Announcer a = new Announcer(sink, iface(), Announcer.Settings.defaults().withRepeat(4)
                .withDelay(Duration.ofMillis(300)))) {
            long start = System.nanoTime();
            a.announce(AddressFamily.IPV4, 51, List.of(InetAddress.getByName("192.0.2.1")));
            await().atMost(Duration.ofSeconds(5)).until(() -> sentAt.size() == 8);
            for (int i = 0; i < 4; i++) {
                assertTrue(sentAt.get(i) - start < 250_000_000L, "first burst at once");
            }
            for (int i = 4; i < 8; i++) {
                assertTrue(sentAt.get(i) - start >= 300_000_000L, "second burst after the delay");
            }
            assertTrue(threads.stream().allMatch("vrrpd-announce-lan0"::equals), threads.toString());
            assertEquals(8, a.sent());
        }
    }

    @Test
    void cancelStopsTheSecondBurstAndRefresh() throws Exception {
        List<byte[]> sent = new CopyOnWriteArrayList<>();
        try (Announcer a = new Announcer(sent::add, iface(), Announcer.Settings.defaults().withRepeat(2)
                .withDelay(Duration.ofMillis(400)).withRefresh(Duration.ofMillis(100)))) {
            Announcer.Announcement announcement = a.announce(AddressFamily.IPV6, 51,
                    List.of(InetAddress.getByName("2001:db8:1::1")));
            await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 2);
            announcement.cancel();
            // nothing more within twice the delay: the burst at 400 ms and refreshes from 500 ms are gone
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> sent.size() == 2);
        }
    }

    @Test
    void refreshRepeatsWhileMaster() throws Exception {
        List<byte[]> sent = new CopyOnWriteArrayList<>();
        try (Announcer a = new Announcer(sent::add, iface(), Announcer.Settings.defaults().withRepeat(1)
                .withDelay(Duration.ZERO).withRefresh(Duration.ofMillis(50)))) {
            Announcer.Announcement announcement = a.announce(AddressFamily.IPV4, 51, List.of(InetAddress.getByName("192.0.2.1")));
            await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() >= 4);
            announcement.cancel();
        }
    }

    @Test
    void sendFailuresAreCountedNotThrown() throws Exception {
        try (Announcer a = new Announcer(f -> { throw new PacketIoException("down"); }, iface(),
                Announcer.Settings.defaults().withRepeat(3).withDelay(Duration.ZERO))) {
            a.announce(AddressFamily.IPV4, 51, List.of(InetAddress.getByName("192.0.2.1")));
            await().atMost(Duration.ofSeconds(5)).until(() -> a.failed() == 3);
        }
    }

    @Test
    void missingCapabilityIsExplained() {
        PacketIoException e = PacketIoException.openFailed("lan0", new PcapNativeException("socket: Operation not permitted"));
        assertTrue(e.getMessage().contains("CAP_NET_RAW"), e.getMessage());
        assertTrue(e.getMessage().contains("lan0"), e.getMessage());
        assertNotNull(e.getCause());
        PacketIoException missing = PacketIoException.openFailed("nope0", new PcapNativeException(
                "nope0: SIOCETHTOOL(ETHTOOL_GET_TS_INFO) ioctl failed: No such device"));
        assertTrue(missing.getMessage().contains("no such interface"), missing.getMessage());
    }
}
