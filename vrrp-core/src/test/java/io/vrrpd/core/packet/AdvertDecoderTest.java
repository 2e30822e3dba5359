package io.vrrpd.core.packet;

import static io.vrrpd.core.packet.Adverts.DST4;
import static io.vrrpd.core.packet.Adverts.DST6;
import static io.vrrpd.core.packet.Adverts.SRC4;
import static io.vrrpd.core.packet.Adverts.SRC6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vrrpd.core.AddressFamily;
import java.net.Inet6Address;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** One test per malformed input: each asserts the reason and the message. */
class AdvertDecoderTest {
    private static final ChecksumForm PH = ChecksumForm.PSEUDO_HEADER;

    private static byte[] v4() {
        return AdvertEncoder.encode(Adverts.ipv4(), SRC4, DST4, PH);
    }

    private static byte[] v6() {
        return AdvertEncoder.encode(Adverts.ipv6(), SRC6, DST6, PH);
    }

    private static VrrpPacketException reject4(byte[] payload) {
        return assertThrows(VrrpPacketException.class,
                () -> AdvertDecoder.decode(AddressFamily.IPV4, SRC4, DST4, payload, 0, payload.length));
    }

    private static VrrpPacketException reject6(byte[] payload) {
        return assertThrows(VrrpPacketException.class,
                () -> AdvertDecoder.decode(AddressFamily.IPV6, SRC6, DST6, payload, 0, payload.length));
    }

    private static void assertReject(VrrpPacketException e, RejectReason reason, String message) {
        assertEquals(reason, e.reason());
        assertEquals(message, e.getMessage());
    }

    @Test
    void decodesIpv4AtAnOffsetWithinALargerBuffer() throws Exception {
        byte[] p = v4();
        byte[] buf = new byte[p.length + 30];
        System.arraycopy(p, 0, buf, 14, p.length);
        DecodedAdvert d = AdvertDecoder.decode(AddressFamily.IPV4, SRC4, DST4, buf, 14, p.length);
        assertEquals(Adverts.ipv4(), d.advert());
        assertEquals(PH, d.checksumForm());
    }

    @Test
    void decodesIpv6() throws Exception {
        DecodedAdvert d = AdvertDecoder.decode(AddressFamily.IPV6, SRC6, DST6, v6());
        assertEquals(Adverts.ipv6(), d.advert());
        assertEquals(PH, d.checksumForm());
    }

    @Test
    void reportsRfc9568FormForIpv4WithoutPseudoHeader() throws Exception {
        byte[] p = AdvertEncoder.encode(Adverts.ipv4(), SRC4, DST4, ChecksumForm.NO_PSEUDO_HEADER);
        assertEquals(ChecksumForm.NO_PSEUDO_HEADER, AdvertDecoder.decode(AddressFamily.IPV4, SRC4, DST4, p).checksumForm());
    }

    @Test
    void acceptsAllOnesChecksumAsOnesComplementZero() throws Exception {
        // VRID 51, priority 105, 1 s, 192.0.2.213 from 192.0.2.2: its checksum computes to 0x0000.
        byte[] p = {0x31, 51, 105, 1, 0x00, 0x64, 0, 0, (byte) 192, 0, 2, (byte) 213};
        Adverts.fixChecksum(AddressFamily.IPV4, PH, SRC4, DST4, p);
        assertEquals(0, p[6] | p[7], "this input must be one whose checksum is zero");
        Advertisement zero = AdvertDecoder.decode(AddressFamily.IPV4, SRC4, DST4, p).advert();
        // 0xffff is the other one's-complement zero; RFC 1071 receivers (the kernel, keepalived) accept it.
        p[6] = (byte) 0xff;
        p[7] = (byte) 0xff;
        DecodedAdvert ones = AdvertDecoder.decode(AddressFamily.IPV4, SRC4, DST4, p);
        assertEquals(zero, ones.advert());
        assertEquals(PH, ones.checksumForm());
        byte[] again = AdvertEncoder.encode(ones.advert(), SRC4, DST4, PH);
        assertEquals(0, again[6] | again[7], "we send the zero checksum as 0x0000");
    }

    @Test
    void emptyPacket() {
        assertReject(reject4(new byte[0]), RejectReason.PACKET_LENGTH_ERROR, "packet of 0 bytes (expected: 8+ bytes)");
    }

    @Test
    void truncatedHeader() {
        assertReject(reject4(Arrays.copyOf(v4(), 7)), RejectReason.PACKET_LENGTH_ERROR,
                "packet of 7 bytes (expected: 8+ bytes)");
    }

    @Test
    void truncatedAddressList() {
        assertReject(reject4(Arrays.copyOf(v4(), 10)), RejectReason.ADDRESS_LIST_LENGTH_ERROR,
                "packet of 10 bytes with 1 IPv4 addresses (expected: 12 bytes)");
    }

    @Test
    void truncatedIpv6AddressList() {
        assertReject(reject6(Arrays.copyOf(v6(), 30)), RejectReason.ADDRESS_LIST_LENGTH_ERROR,
                "packet of 30 bytes with 2 IPv6 addresses (expected: 40 bytes)");
    }

    @Test
    void trailingBytesAreALengthErrorNotIgnored() {
        assertReject(reject4(Arrays.copyOf(v4(), 16)), RejectReason.ADDRESS_LIST_LENGTH_ERROR,
                "packet of 16 bytes with 1 IPv4 addresses (expected: 12 bytes)");
    }

    @Test
    void countLargerThanTheList() {
        byte[] p = v4();
        p[3] = 2;
        assertReject(reject4(p), RejectReason.ADDRESS_LIST_LENGTH_ERROR,
                "packet of 12 bytes with 2 IPv4 addresses (expected: 16 bytes)");
    }

    @Test
    void ipv4AddressInAnIpv6Advert() {
        // An IPv4-sized address list under IPv6: 8 + 4 bytes cannot hold one 16-byte address.
        byte[] p = v4();
        assertReject(reject6(p), RejectReason.ADDRESS_LIST_LENGTH_ERROR,
                "packet of 12 bytes with 1 IPv6 addresses (expected: 24 bytes)");
    }

    @Test
    void ipv6AdvertReceivedOverIpv4() {
        byte[] p = AdvertEncoder.encode(Advertisement.of(AddressFamily.IPV6, 51, 100, 100, Adverts.VIP6), SRC6, DST6, PH);
        assertReject(reject4(p), RejectReason.ADDRESS_LIST_LENGTH_ERROR,
                "packet of 24 bytes with 1 IPv4 addresses (expected: 12 bytes)");
    }

    @Test
    void version2() {
        byte[] p = v4();
        p[0] = 0x21;
        assertReject(reject4(p), RejectReason.VERSION_ERROR, "version 2 (expected: 3)");
    }

    @Test
    void version4() {
        byte[] p = v4();
        p[0] = 0x41;
        assertReject(reject4(p), RejectReason.VERSION_ERROR, "version 4 (expected: 3)");
    }

    @Test
    void type2() {
        byte[] p = v4();
        p[0] = 0x32;
        assertReject(reject4(p), RejectReason.INVALID_TYPE, "type 2 (expected: 1, advertisement)");
    }

    @Test
    void badIpv4ChecksumNamesBothAcceptableValues() {
        byte[] p = v4();
        int good = ((p[6] & 0xff) << 8) | (p[7] & 0xff);
        int rfc9568 = Checksums.internetChecksum(zeroChecksum(p.clone()), 0, p.length);
        p[6] = 0x12;
        p[7] = 0x34;
        assertReject(reject4(p), RejectReason.CHECKSUM_ERROR, String.format(
                "checksum 0x1234 (expected: 0x%04x with pseudo-header or 0x%04x without)", good, rfc9568));
    }

    @Test
    void badIpv6Checksum() {
        byte[] p = v6();
        int good = ((p[6] & 0xff) << 8) | (p[7] & 0xff);
        p[7] ^= 1;
        assertReject(reject6(p), RejectReason.CHECKSUM_ERROR,
                String.format("checksum 0x%04x (expected: 0x%04x)", good ^ 1, good));
    }

    @Test
    void ipv6NeverAcceptsTheChecksumWithoutPseudoHeader() {
        byte[] p = v6();
        int good = ((p[6] & 0xff) << 8) | (p[7] & 0xff);
        zeroChecksum(p);
        int noPseudo = Checksums.internetChecksum(p, 0, p.length);
        p[6] = (byte) (noPseudo >>> 8);
        p[7] = (byte) noPseudo;
        assertReject(reject6(p), RejectReason.CHECKSUM_ERROR,
                String.format("checksum 0x%04x (expected: 0x%04x)", noPseudo, good));
    }

    @Test
    void checksumOverADifferentSourceAddressFails() {
        byte[] p = v4();
        byte[] otherSrc = {(byte) 192, 0, 2, 9};
        VrrpPacketException e = assertThrows(VrrpPacketException.class,
                () -> AdvertDecoder.decode(AddressFamily.IPV4, otherSrc, DST4, p));
        int actual = ((p[6] & 0xff) << 8) | (p[7] & 0xff);
        int expected = Checksums.ipv4Checksum(ChecksumForm.PSEUDO_HEADER, otherSrc, DST4, zeroChecksum(p.clone()), 0, 12);
        int rfc9568 = Checksums.internetChecksum(zeroChecksum(p.clone()), 0, 12);
        assertReject(e, RejectReason.CHECKSUM_ERROR, String.format(
                "checksum 0x%04x (expected: 0x%04x with pseudo-header or 0x%04x without)", actual, expected, rfc9568));
    }

    @Test
    void corruptedAddressFailsTheChecksum() {
        byte[] p = v4();
        p[11] ^= 0x40;
        int actual = ((p[6] & 0xff) << 8) | (p[7] & 0xff);
        int expected = Checksums.ipv4Checksum(ChecksumForm.PSEUDO_HEADER, SRC4, DST4, zeroChecksum(p.clone()), 0, 12);
        int rfc9568 = Checksums.internetChecksum(zeroChecksum(p.clone()), 0, 12);
        assertReject(reject4(p), RejectReason.CHECKSUM_ERROR, String.format(
                "checksum 0x%04x (expected: 0x%04x with pseudo-header or 0x%04x without)", actual, expected, rfc9568));
    }

    @Test
    void vridZero() {
        byte[] p = v4();
        p[1] = 0;
        Adverts.fixChecksum(AddressFamily.IPV4, PH, SRC4, DST4, p);
        assertReject(reject4(p), RejectReason.VRID_ZERO, "vrid 0 (expected: 1-255)");
    }

    @Test
    void addressCountZero() {
        byte[] p = Arrays.copyOf(v4(), 8);
        p[3] = 0;
        Adverts.fixChecksum(AddressFamily.IPV4, PH, SRC4, DST4, p);
        assertReject(reject4(p), RejectReason.ADDRESS_COUNT_ZERO, "address count 0 (expected: 1-255)");
    }

    @Test
    void intervalZero() {
        byte[] p = v4();
        p[4] = 0;
        p[5] = 0;
        Adverts.fixChecksum(AddressFamily.IPV4, PH, SRC4, DST4, p);
        assertReject(reject4(p), RejectReason.ADV_INTERVAL_ERROR,
                "max advert interval 0 (expected: 1-4095 centiseconds)");
    }

    @Test
    void intervalZeroUnderNonZeroReservedBits() {
        byte[] p = v4();
        p[4] = (byte) 0xf0;
        p[5] = 0;
        Adverts.fixChecksum(AddressFamily.IPV4, PH, SRC4, DST4, p);
        assertReject(reject4(p), RejectReason.ADV_INTERVAL_ERROR,
                "max advert interval 0 (expected: 1-4095 centiseconds)");
    }

    @Test
    void reservedBitsAreIgnored() throws Exception {
        byte[] p = v4();
        p[4] |= (byte) 0xa0;
        Adverts.fixChecksum(AddressFamily.IPV4, PH, SRC4, DST4, p);
        assertEquals(Adverts.ipv4(), AdvertDecoder.decode(AddressFamily.IPV4, SRC4, DST4, p).advert());
    }

    @Test
    void versionIsCheckedBeforeLength() {
        byte[] p = Arrays.copyOf(v4(), 9);
        p[0] = 0x21;
        assertReject(reject4(p), RejectReason.VERSION_ERROR, "version 2 (expected: 3)");
    }

    @Test
    void ipv4MappedAddressInIpv6AdvertStaysIpv6() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 1};
        Advertisement a = Advertisement.of(AddressFamily.IPV6, 7, 100, 100, Inet6Address.getByAddress(null, mapped, -1));
        byte[] p = AdvertEncoder.encode(a, SRC6, DST6, PH);
        Advertisement back = AdvertDecoder.decode(AddressFamily.IPV6, SRC6, DST6, p).advert();
        assertInstanceOf(Inet6Address.class, back.addresses().get(0));
        assertEquals(a, back);
    }

    @Test
    void maximalAdvert() throws Exception {
        java.util.List<java.net.InetAddress> many = new java.util.ArrayList<>();
        for (int i = 0; i < 255; i++) {
            many.add(Adverts.v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, i));
        }
        Advertisement a = new Advertisement(AddressFamily.IPV6, 255, 255, 4095, many);
        byte[] p = AdvertEncoder.encode(a, SRC6, DST6, PH);
        assertEquals(8 + 255 * 16, p.length);
        assertEquals(a, AdvertDecoder.decode(AddressFamily.IPV6, SRC6, DST6, p).advert());
    }

    @Test
    void wrongSourceAddressLengthIsACallerBug() {
        byte[] p = v4();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdvertDecoder.decode(AddressFamily.IPV4, SRC6, DST4, p));
        assertEquals("source address of 16 bytes (expected: 4 bytes)", e.getMessage());
    }

    @Test
    void rangeOutsideTheBufferIsACallerBug() {
        byte[] p = v4();
        assertThrows(IndexOutOfBoundsException.class,
                () -> AdvertDecoder.decode(AddressFamily.IPV4, SRC4, DST4, p, 4, p.length));
    }

    @Test
    void exceptionCarriesNoStackTrace() {
        VrrpPacketException e = reject4(new byte[3]);
        assertEquals(0, e.getStackTrace().length);
        assertEquals("packet_length", e.reason().metricName());
        assertEquals("vrrpv3StatisticsPacketLengthErrors", e.reason().mibCounter());
    }

    // ===== VRRPv2 (RFC 3768) =====

    private static final ChecksumForm NP = ChecksumForm.NO_PSEUDO_HEADER;

    private static byte[] v2(Advertisement a) {
        return AdvertEncoder.encode(a, SRC4, DST4, NP);
    }

    private static VrrpPacketException rejectV2(byte[] payload) {
        return assertThrows(VrrpPacketException.class, () -> AdvertDecoder.decode(AdvertDecoder.V2_AND_V3,
                AddressFamily.IPV4, SRC4, DST4, payload, 0, payload.length));
    }

    /** A VRRPv2 payload with byte {@code index} set to {@code value} and the checksum made right again. */
    private static byte[] v2With(int index, int value) {
        byte[] p = v2(Adverts.ipv4v2());
        p[index] = (byte) value;
        return Adverts.fixChecksum(AddressFamily.IPV4, NP, SRC4, DST4, p);
    }

    @Test
    void decodesVrrpv2WithAndWithoutPassword() throws Exception {
        for (Advertisement a : java.util.List.of(Adverts.ipv4v2(), Adverts.ipv4v2Password())) {
            DecodedAdvert d = AdvertDecoder.decode(AdvertDecoder.V2_AND_V3, AddressFamily.IPV4, SRC4, DST4, v2(a), 0,
                    v2(a).length);
            assertEquals(a, d.advert());
            assertEquals(NP, d.checksumForm());
            assertEquals(100, d.advert().maxAdvertInterval(), "1 s as centiseconds");
            assertEquals(1, d.advert().wireInterval());
        }
        assertEquals(Adverts.ipv4v2(), AdvertDecoder.decode(AdvertDecoder.V2_ONLY, AddressFamily.IPV4, SRC4, DST4,
                v2(Adverts.ipv4v2()), 0, 20).advert());
    }

    @Test
    void vrrpv2OnAnInterfaceThatHearsOnlyVrrpv3() {
        byte[] p = v2(Adverts.ipv4v2());
        assertReject(reject4(p), RejectReason.VERSION_ERROR, "version 2 (expected: 3)");
    }

    @Test
    void vrrpv3OnAnInterfaceThatHearsOnlyVrrpv2() {
        byte[] p = v4();
        VrrpPacketException e = assertThrows(VrrpPacketException.class,
                () -> AdvertDecoder.decode(AdvertDecoder.V2_ONLY, AddressFamily.IPV4, SRC4, DST4, p, 0, p.length));
        assertReject(e, RejectReason.VERSION_ERROR, "version 3 (expected: 2)");
    }

    @Test
    void vrrpv2OverIpv6() {
        byte[] p = v6();
        p[0] = 0x21;
        VrrpPacketException e = assertThrows(VrrpPacketException.class,
                () -> AdvertDecoder.decode(AdvertDecoder.V2_AND_V3, AddressFamily.IPV6, SRC6, DST6, p, 0, p.length));
        assertReject(e, RejectReason.VERSION_ERROR, "version 2 (expected: 3; VRRPv2 is IPv4 only)");
    }

    @Test
    void unknownVersionWhereBothAreHeard() {
        byte[] p = v2(Adverts.ipv4v2());
        p[0] = 0x41;
        assertReject(rejectV2(p), RejectReason.VERSION_ERROR, "version 4 (expected: 2 or 3)");
    }

    @Test
    void vrrpv2WithoutItsAuthenticationData() {
        // A VRRPv3-shaped packet with the version nibble 2: 8 bytes short of a VRRPv2 advert.
        byte[] p = v4();
        p[0] = 0x21;
        assertReject(rejectV2(p), RejectReason.ADDRESS_LIST_LENGTH_ERROR,
                "packet of 12 bytes with 1 IPv4 addresses (expected: 20 bytes, with VRRPv2's 8 bytes of authentication data)");
    }

    @Test
    void vrrpv2WithThePseudoHeaderChecksum() {
        byte[] p = v2(Adverts.ipv4v2());
        Adverts.fixChecksum(AddressFamily.IPV4, PH, SRC4, DST4, p);
        int actual = ((p[6] & 0xff) << 8) | (p[7] & 0xff);
        VrrpPacketException e = rejectV2(p);
        assertEquals(RejectReason.CHECKSUM_ERROR, e.reason());
        assertEquals("checksum 0x" + String.format("%04x", actual) + " (expected: 0x86c8 over the VRRPv2 message)",
                e.getMessage());
    }

    @Test
    void vrrpv2AuthTypeAh() {
        assertReject(rejectV2(v2With(4, 2)), RejectReason.AUTH_TYPE_AH, "auth type 2, IP Authentication Header"
                + " (expected: 0, none, or 1, simple password; IP AH is not implemented)");
    }

    @Test
    void vrrpv2AuthTypeUnknown() {
        assertReject(rejectV2(v2With(4, 7)), RejectReason.AUTH_TYPE_INVALID,
                "auth type 7 (expected: 0, none, or 1, simple password)");
    }

    @Test
    void vrrpv2IntervalZero() {
        assertReject(rejectV2(v2With(5, 0)), RejectReason.ADV_INTERVAL_ERROR,
                "advert interval 0 (expected: 1-255 seconds)");
    }

    @Test
    void vrrpv2LongestInterval() throws Exception {
        byte[] p = v2With(5, 255);
        assertEquals(25500, AdvertDecoder.decode(AdvertDecoder.V2_AND_V3, AddressFamily.IPV4, SRC4, DST4, p, 0,
                p.length).advert().maxAdvertInterval());
    }

    @Test
    void vrrpv2DataWithoutAuthenticationIsIgnored() throws Exception {
        byte[] p = v2With(12, 'x');
        Advertisement a = AdvertDecoder.decode(AdvertDecoder.V2_AND_V3, AddressFamily.IPV4, SRC4, DST4, p, 0,
                p.length).advert();
        assertEquals(Authentication.NONE, a.authentication());
        assertEquals(Adverts.ipv4v2(), a);
    }

    @Test
    void aWrongPasswordIsWellFormed() throws Exception {
        byte[] p = v2(Adverts.ipv4v2Password());
        p[p.length - 1] ^= 1;
        Adverts.fixChecksum(AddressFamily.IPV4, NP, SRC4, DST4, p);
        Advertisement a = AdvertDecoder.decode(AdvertDecoder.V2_AND_V3, AddressFamily.IPV4, SRC4, DST4, p, 0,
                p.length).advert();
        assertEquals(Authentication.Type.SIMPLE_PASSWORD, a.authentication().type());
        assertEquals(false, Adverts.PASSWORD.equals(a.authentication()), "tier 2 judges the password");
    }

    @Test
    void noVersionToDecodeIsACallerBug() {
        byte[] p = v4();
        assertThrows(IllegalArgumentException.class,
                () -> AdvertDecoder.decode(java.util.Set.of(), AddressFamily.IPV4, SRC4, DST4, p, 0, p.length));
    }

    private static byte[] zeroChecksum(byte[] p) {
        p[6] = 0;
        p[7] = 0;
        return p;
    }
}
