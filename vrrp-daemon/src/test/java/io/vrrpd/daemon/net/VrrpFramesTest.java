package io.vrrpd.daemon.net;

import io.vrrpd.core.AddressFamily;
import org.junit.jupiter.api.Test;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV6Packet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VrrpFramesTest {
    private static final HexFormat HEX = HexFormat.of();
    /** keepalived 2.2.7, VRID 51, priority 150, 100 cs, VIP 192.0.2.1, from 192.0.2.2 (vrrp-core's golden vectors). */
    static final byte[] KEEPALIVED_V4 = HEX.parseHex(
            "01005e000012020000000101080045c0002000060000ff701893c0000202e0000012313396010064d3d3c0000201");
    /** keepalived 2.2.7, IPv6, VIPs fe80::1 and 2001:db8:1::1. */
    static final byte[] KEEPALIVED_V6 = HEX.parseHex("33330000001202000000010186dd6c058854002870fffe80000000000000000000fffe000101"
            + "ff0200000000000000000000000000123133960200640dfafe80000000000000000000000000000120010db8000100000000000000000001");
    /** FRR 8.4.4 vrrpd, sent from the virtual MAC, DF set. */
    static final byte[] FRR_V4 = HEX.parseHex(
            "01005e00001200005e000133080045c000206a374000ff706e60c0000203e000001231336401000a062dc0000201");
    static final byte[] FRR_V6 = HEX.parseHex("33330000001200005e00023386dd6c03564f002870fffe80000000000000f556c3a05a364189"
            + "ff02000000000000000000000000001231336402000aeb9dfe80000000000000000000000000000120010db8000100000000000000000001");

    private static final byte[] PAYLOAD = HEX.parseHex("3133960100 64d3d3c0000201".replace(" ", ""));

    @Test
    void virtualMacsFollowRfc9568() {
        assertEquals("00:00:5e:00:01:33", VirtualMac.of(AddressFamily.IPV4, 51).toString());
        assertEquals("00:00:5e:00:02:ff", VirtualMac.of(AddressFamily.IPV6, 255).toString());
        assertThrows(IllegalArgumentException.class, () -> VirtualMac.of(AddressFamily.IPV4, 0));
        assertThrows(IllegalArgumentException.class, () -> VirtualMac.of(AddressFamily.IPV4, 256));
        assertTrue(VirtualMac.isVirtualMac(FRR_V4, 6));
        assertFalse(VirtualMac.isVirtualMac(KEEPALIVED_V4, 6));
    }

    @Test
    void ipv4FrameIsByteForByteWhatKeepalivedSendsApartFromTheSourceMac() throws Exception {
        byte[] frame = VrrpFrames.ipv4Advert(HEX.parseHex("020000000101"), (Inet4Address) InetAddress.getByName("192.0.2.2"),
                PAYLOAD, 0, PAYLOAD.length, (short) 6);
        assertEquals(HEX.formatHex(KEEPALIVED_V4), HEX.formatHex(frame));
    }

    @Test
    void ipv4FrameHasTheRequiredHeaderFields() throws Exception {
        byte[] padded = new byte[PAYLOAD.length + 5];
        System.arraycopy(PAYLOAD, 0, padded, 3, PAYLOAD.length);
        byte[] frame = VrrpFrames.advert(AddressFamily.IPV4, VirtualMac.of(AddressFamily.IPV4, 51).bytes(),
                InetAddress.getByName("192.0.2.3"), padded, 3, PAYLOAD.length);
        assertEquals("01005e000012", HEX.formatHex(frame, 0, 6));
        assertEquals("00005e000133", HEX.formatHex(frame, 6, 12));
        assertEquals("0800", HEX.formatHex(frame, 12, 14));
        assertEquals(0x45, frame[14] & 0xff);
        assertEquals(0xc0, frame[15] & 0xff, "TOS");
        assertEquals(20 + PAYLOAD.length, VrrpFrames.u16(frame, 16), "total length");
        assertEquals(0, VrrpFrames.u16(frame, 20) & 0x4000, "DF clear");
        assertEquals(0, VrrpFrames.u16(frame, 20), "flags and fragment offset");
        assertEquals(255, frame[22] & 0xff, "TTL");
        assertEquals(112, frame[23] & 0xff, "protocol");
        assertEquals(0xffff, VrrpFrames.ipv4HeaderSum(frame, 14, 20), "header checksum");
        assertEquals("c0000203e0000012", HEX.formatHex(frame, 26, 34));
        assertArrayEquals(PAYLOAD, Arrays.copyOfRange(frame, 34, frame.length));
        IpV4Packet ip = EthernetPacket.newPacket(frame, 0, frame.length).get(IpV4Packet.class);
        assertNotNull(ip, "pcap4j reads it back as IPv4");
        assertTrue(ip.getHeader().hasValidChecksum(false));
    }

    @Test
    void ipv6FrameHasTheRequiredHeaderFields() throws Exception {
        Inet6Address lla = (Inet6Address) InetAddress.getByName("fe80::ff:fe00:101");
        byte[] payload = Arrays.copyOfRange(KEEPALIVED_V6, 54, KEEPALIVED_V6.length);
        byte[] frame = VrrpFrames.advert(AddressFamily.IPV6, VirtualMac.of(AddressFamily.IPV6, 51).bytes(), lla,
                payload, 0, payload.length);
        assertEquals("333300000012", HEX.formatHex(frame, 0, 6));
        assertEquals("00005e000233", HEX.formatHex(frame, 6, 12));
        assertEquals("86dd", HEX.formatHex(frame, 12, 14));
        assertEquals("6c000000", HEX.formatHex(frame, 14, 18), "version 6, traffic class 0xc0, flow label 0");
        assertEquals(payload.length, VrrpFrames.u16(frame, 18));
        assertEquals(112, frame[20] & 0xff, "next header");
        assertEquals(255, frame[21] & 0xff, "hop limit");
        assertEquals(HEX.formatHex(KEEPALIVED_V6, 22, 54), HEX.formatHex(frame, 22, 54), "same addresses as keepalived");
        assertArrayEquals(payload, Arrays.copyOfRange(frame, 54, frame.length));
        assertNotNull(EthernetPacket.newPacket(frame, 0, frame.length).get(IpV6Packet.class));
    }

    @Test
    void ipv6SourceMustBeLinkLocal() throws Exception {
        InetAddress global = InetAddress.getByName("2001:db8:1::2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VrrpFrames.advert(
                AddressFamily.IPV6, new byte[6], global, PAYLOAD, 0, PAYLOAD.length));
        assertTrue(e.getMessage().contains("link-local"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VrrpFrames.advert(
                AddressFamily.IPV4, new byte[6], InetAddress.getByName("fe80::1"), PAYLOAD, 0, PAYLOAD.length));
        assertThrows(IllegalArgumentException.class, () -> VrrpFrames.advert(
                AddressFamily.IPV4, new byte[5], InetAddress.getByName("192.0.2.2"), PAYLOAD, 0, PAYLOAD.length));
    }

    @Test
    void parsesKeepalivedAndFrrFrames() throws Exception {
        ReceivedAdvert ka4 = assertInstanceOf(ReceivedAdvert.class, VrrpFrames.parse(KEEPALIVED_V4, KEEPALIVED_V4.length, 42L));
        assertEquals(AddressFamily.IPV4, ka4.family());
        assertEquals("192.0.2.2", ka4.sourceInetAddress().getHostAddress());
        assertArrayEquals(AddressFamily.IPV4.multicastGroup(), ka4.destinationAddress());
        assertTrue(ka4.destinationIsVrrpGroup());
        assertEquals(255, ka4.hopLimit());
        assertEquals("020000000101", HEX.formatHex(ka4.sourceMac()));
        assertEquals(42L, ka4.timestampNanos());
        assertArrayEquals(PAYLOAD, ka4.payload());
        assertSame(KEEPALIVED_V4, ka4.frame());

        ReceivedAdvert frr4 = assertInstanceOf(ReceivedAdvert.class, VrrpFrames.parse(FRR_V4, FRR_V4.length, 0));
        assertEquals("192.0.2.3", frr4.sourceInetAddress().getHostAddress());
        assertEquals(12, frr4.payloadLength());

        ReceivedAdvert ka6 = assertInstanceOf(ReceivedAdvert.class, VrrpFrames.parse(KEEPALIVED_V6, KEEPALIVED_V6.length, 0));
        assertEquals(AddressFamily.IPV6, ka6.family());
        assertEquals(InetAddress.getByName("fe80::ff:fe00:101"), ka6.sourceInetAddress());
        assertTrue(ka6.destinationIsVrrpGroup());
        assertEquals(40, ka6.payloadLength());
        assertEquals(0x31, ka6.frame()[ka6.payloadOffset()] & 0xff);

        ReceivedAdvert frr6 = assertInstanceOf(ReceivedAdvert.class, VrrpFrames.parse(FRR_V6, FRR_V6.length, 0));
        assertEquals("00005e000233", HEX.formatHex(frr6.sourceMac()));
    }

    @Test
    void parseAgreesWithPcap4j() throws Exception {
        for (byte[] frame : new byte[][] {KEEPALIVED_V4, FRR_V4}) {
            ReceivedAdvert a = (ReceivedAdvert) VrrpFrames.parse(frame, frame.length, 0);
            IpV4Packet ip = EthernetPacket.newPacket(frame, 0, frame.length).get(IpV4Packet.class);
            assertArrayEquals(ip.getHeader().getSrcAddr().getAddress(), a.sourceAddress());
            assertEquals(ip.getHeader().getTtlAsInt(), a.hopLimit());
            assertArrayEquals(ip.getPayload().getRawData(), a.payload());
        }
        for (byte[] frame : new byte[][] {KEEPALIVED_V6, FRR_V6}) {
            ReceivedAdvert a = (ReceivedAdvert) VrrpFrames.parse(frame, frame.length, 0);
            IpV6Packet ip = EthernetPacket.newPacket(frame, 0, frame.length).get(IpV6Packet.class);
            assertArrayEquals(ip.getHeader().getSrcAddr().getAddress(), a.sourceAddress());
            assertEquals(ip.getHeader().getHopLimitAsInt(), a.hopLimit());
            assertArrayEquals(ip.getPayload().getRawData(), a.payload());
        }
    }

    @Test
    void ethernetPaddingIsNotPayload() {
        byte[] padded = Arrays.copyOf(KEEPALIVED_V4, 60);
        ReceivedAdvert a = (ReceivedAdvert) VrrpFrames.parse(padded, padded.length, 0);
        assertArrayEquals(PAYLOAD, a.payload());
    }

    @Test
    void truncatedFramesAreDroppedAsTruncated() {
        for (int len = 0; len < KEEPALIVED_V4.length; len++) {
            assertEquals(DropReason.TRUNCATED, VrrpFrames.parse(KEEPALIVED_V4, len, 0), "length " + len);
        }
        for (int len = 0; len < KEEPALIVED_V6.length; len++) {
            assertEquals(DropReason.TRUNCATED, VrrpFrames.parse(KEEPALIVED_V6, len, 0), "length " + len);
        }
        assertEquals(DropReason.TRUNCATED, VrrpFrames.parse(null, 0, 0));
        assertEquals(DropReason.TRUNCATED, VrrpFrames.parse(new byte[10], 20, 0));
    }

    @Test
    void eachMalformationHasItsReason() {
        assertEquals(DropReason.NOT_IP, VrrpFrames.parse(with(KEEPALIVED_V4, 12, 0x08, 0x06), 46, 0));
        assertEquals(DropReason.BAD_IP_HEADER, VrrpFrames.parse(with(KEEPALIVED_V4, 14, 0x65), 46, 0));
        assertEquals(DropReason.BAD_IP_HEADER, VrrpFrames.parse(with(KEEPALIVED_V4, 14, 0x44), 46, 0));
        assertEquals(DropReason.BAD_IP_HEADER, VrrpFrames.parse(with(KEEPALIVED_V4, 16, 0x00, 0x10), 46, 0));
        assertEquals(DropReason.TRUNCATED, VrrpFrames.parse(with(KEEPALIVED_V4, 16, 0x00, 0x40), 46, 0));
        assertEquals(DropReason.BAD_IP_CHECKSUM, VrrpFrames.parse(with(KEEPALIVED_V4, 24, 0x00, 0x00), 46, 0));
        assertEquals(DropReason.NOT_VRRP, VrrpFrames.parse(fixChecksum(with(KEEPALIVED_V4, 23, 17)), 46, 0));
        assertEquals(DropReason.FRAGMENT, VrrpFrames.parse(fixChecksum(with(KEEPALIVED_V4, 20, 0x20, 0x00)), 46, 0));
        assertEquals(DropReason.FRAGMENT, VrrpFrames.parse(fixChecksum(with(KEEPALIVED_V4, 20, 0x00, 0x01)), 46, 0));
        assertInstanceOf(ReceivedAdvert.class, VrrpFrames.parse(fixChecksum(with(KEEPALIVED_V4, 20, 0x40, 0x00)), 46, 0),
                "DF set (FRR) is fine");
        assertEquals(DropReason.BAD_IP_HEADER, VrrpFrames.parse(with(KEEPALIVED_V6, 14, 0x4c), KEEPALIVED_V6.length, 0));
        assertEquals(DropReason.NOT_VRRP, VrrpFrames.parse(with(KEEPALIVED_V6, 20, 0), KEEPALIVED_V6.length, 0));
        assertEquals(DropReason.FRAGMENT, VrrpFrames.parse(with(KEEPALIVED_V6, 20, 44), KEEPALIVED_V6.length, 0));
        assertEquals(DropReason.TRUNCATED, VrrpFrames.parse(with(KEEPALIVED_V6, 18, 0x01, 0x00), KEEPALIVED_V6.length, 0));
        assertEquals("bad-ip-checksum", DropReason.BAD_IP_CHECKSUM.label());
    }

    @Test
    void randomGarbageNeverThrows() {
        Random random = new Random(9568);
        for (int i = 0; i < 20_000; i++) {
            byte[] base = switch (i % 3) {
                case 0 -> KEEPALIVED_V4;
                case 1 -> KEEPALIVED_V6;
                default -> new byte[random.nextInt(100)];
            };
            byte[] f = base.clone();
            for (int k = 0; k < 1 + random.nextInt(4) && f.length > 0; k++) {
                f[random.nextInt(f.length)] = (byte) random.nextInt(256);
            }
            ParsedFrame p = VrrpFrames.parse(f, f.length == 0 ? 0 : random.nextInt(f.length + 1), 0);
            assertNotNull(p);
            if (p instanceof ReceivedAdvert a) {
                assertTrue(a.payloadOffset() + a.payloadLength() <= f.length);
                a.payload();
                a.toString();
            }
        }
    }

    @Test
    void templateRefillsInPlaceWithAFreshIpv4ChecksumAndMatchesTheBuilder() throws Exception {
        Inet4Address src = (Inet4Address) InetAddress.getByName("192.0.2.2");
        AdvertTemplate t = AdvertTemplate.of(AddressFamily.IPV4, HEX.parseHex("020000000101"), src, PAYLOAD.length);
        byte[] first = t.fill(PAYLOAD, 0, PAYLOAD.length);
        short id = (short) VrrpFrames.u16(first, 18);
        assertEquals(HEX.formatHex(VrrpFrames.ipv4Advert(HEX.parseHex("020000000101"), src, PAYLOAD, 0, PAYLOAD.length, id)),
                HEX.formatHex(first));
        byte[] other = PAYLOAD.clone();
        other[2] = 0;
        byte[] second = t.fill(other, 0, other.length);
        assertSame(first, second);
        assertEquals(0xffff, VrrpFrames.ipv4HeaderSum(second, 14, 20));
        assertEquals((id + 1) & 0xffff, VrrpFrames.u16(second, 18));
        assertEquals(0, second[34 + 2]);
        assertInstanceOf(ReceivedAdvert.class, VrrpFrames.parse(second, second.length, 0));
        assertThrows(IllegalArgumentException.class, () -> t.fill(PAYLOAD, 0, 8));

        byte[] v6payload = Arrays.copyOfRange(KEEPALIVED_V6, 54, KEEPALIVED_V6.length);
        Inet6Address lla = (Inet6Address) InetAddress.getByName("fe80::ff:fe00:101");
        AdvertTemplate t6 = AdvertTemplate.of(AddressFamily.IPV6, HEX.parseHex("020000000101"), lla, v6payload.length);
        byte[] f6 = t6.fill(v6payload, 0, v6payload.length);
        assertArrayEquals(VrrpFrames.ipv6Advert(HEX.parseHex("020000000101"), lla, v6payload, 0, v6payload.length), f6);
        assertEquals(54, t6.payloadOffset());
    }

    private static byte[] with(byte[] frame, int offset, int... values) {
        byte[] copy = frame.clone();
        for (int i = 0; i < values.length; i++) {
            copy[offset + i] = (byte) values[i];
        }
        return copy;
    }

    static byte[] fixChecksum(byte[] frame) {
        frame[24] = 0;
        frame[25] = 0;
        int sum = VrrpFrames.ipv4HeaderSum(frame, 14, 20);
        int checksum = ~sum & 0xffff;
        frame[24] = (byte) (checksum >> 8);
        frame[25] = (byte) checksum;
        return frame;
    }
}
