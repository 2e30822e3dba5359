package io.vrrpd.daemon.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IcmpV6CommonPacket;
import org.pcap4j.packet.IcmpV6RouterAdvertisementPacket;
import org.pcap4j.packet.IpV6NeighborDiscoveryPrefixInformationOption;
import org.pcap4j.packet.IpV6NeighborDiscoverySourceLinkLayerAddressOption;
import org.pcap4j.packet.IpV6Packet;

/** The Router Advertisement frame, decoded back with pcap4j: addresses, hop limits, lifetime, options, checksum. */
class RouterAdvertFramesTest {
    private static final byte[] MAC = {0x52, 0x54, 0, 0, 0, 0x02};

    @Test
    void anAdvertFromTheVirtualLinkLocalWithItsPrefix() throws Exception {
        Inet6Address source = (Inet6Address) InetAddress.getByName("fe80::1");
        Inet6Address prefix = (Inet6Address) InetAddress.getByName("2001:db8:1::");
        byte[] frame = RouterAdvertFrames.advert(MAC, source, 30,
                List.of(new RouterAdvertFrames.Prefix(prefix, 64, true)));

        EthernetPacket eth = EthernetPacket.newPacket(frame, 0, frame.length);
        assertEquals("33:33:00:00:00:01", eth.getHeader().getDstAddr().toString());
        assertEquals("52:54:00:00:00:02", eth.getHeader().getSrcAddr().toString());
        IpV6Packet ip = eth.get(IpV6Packet.class);
        assertEquals(source, ip.getHeader().getSrcAddr());
        assertEquals(InetAddress.getByName("ff02::1"), ip.getHeader().getDstAddr(), "to all nodes");
        assertEquals(255, ip.getHeader().getHopLimitAsInt(), "RFC 4861 section 6.1.2: hosts drop any other");
        IcmpV6CommonPacket icmp = ip.get(IcmpV6CommonPacket.class);
        assertTrue(icmp.hasValidChecksum(source, ip.getHeader().getDstAddr(), false), "checksum");
        IcmpV6RouterAdvertisementPacket.IcmpV6RouterAdvertisementHeader ra =
                icmp.get(IcmpV6RouterAdvertisementPacket.class).getHeader();
        assertEquals(30, ra.getRouterLifetimeAsInt());
        assertEquals(64, ra.getCurHopLimitAsInt());
        assertFalse(ra.getManagedAddressConfigurationFlag());
        assertFalse(ra.getOtherConfigurationFlag());
        assertEquals(2, ra.getOptions().size(), ra.toString());
        IpV6NeighborDiscoverySourceLinkLayerAddressOption sll =
                (IpV6NeighborDiscoverySourceLinkLayerAddressOption) ra.getOptions().get(0);
        assertEquals("52:54:00:00:00:02", sll.getLinkLayerAddressAsMacAddress().toString());
        IpV6NeighborDiscoveryPrefixInformationOption pio = (IpV6NeighborDiscoveryPrefixInformationOption) ra.getOptions().get(1);
        assertEquals(prefix, pio.getPrefix());
        assertEquals(64, pio.getPrefixLengthAsInt());
        assertTrue(pio.getOnLinkFlag());
        assertTrue(pio.getAddressConfigurationFlag());
        assertEquals(RouterAdvertFrames.VALID_LIFETIME_S, pio.getValidLifetimeAsLong());
        assertEquals(RouterAdvertFrames.PREFERRED_LIFETIME_S, pio.getPreferredLifetimeAsLong());
    }

    @Test
    void theFinalAdvertHasLifetimeZeroAndALifetimeBeyond9000IsRefused() throws Exception {
        Inet6Address source = (Inet6Address) InetAddress.getByName("fe80::1");
        byte[] frame = RouterAdvertFrames.advert(MAC, source, 0, List.of());
        IcmpV6RouterAdvertisementPacket ra = EthernetPacket.newPacket(frame, 0, frame.length)
                .get(IcmpV6RouterAdvertisementPacket.class);
        assertEquals(0, ra.getHeader().getRouterLifetimeAsInt());
        assertThrows(IllegalArgumentException.class, () -> RouterAdvertFrames.advert(MAC, source, 9001, List.of()));
    }
}
