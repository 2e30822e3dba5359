package io.vrrpd.core.packet;

import static io.vrrpd.core.packet.Adverts.DST4;
import static io.vrrpd.core.packet.Adverts.DST6;
import static io.vrrpd.core.packet.Adverts.SRC4;
import static io.vrrpd.core.packet.Adverts.SRC6;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vrrpd.core.AddressFamily;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Encoder output asserted byte by byte at its offsets. */
class AdvertEncoderTest {

    @Test
    void ipv4HeaderFieldsAtTheirOffsets() {
        byte[] p = AdvertEncoder.encode(Advertisement.of(AddressFamily.IPV4, 51, 150, 0x123, Adverts.VIP4, Adverts.VIP4B),
                SRC4, DST4, ChecksumForm.PSEUDO_HEADER);
        assertEquals(16, p.length);
        assertEquals(0x31, p[0] & 0xff, "version 3, type 1");
        assertEquals(51, p[1] & 0xff, "vrid");
        assertEquals(150, p[2] & 0xff, "priority");
        assertEquals(2, p[3] & 0xff, "count");
        assertEquals(0x01, p[4] & 0xff, "reserved nibble 0, interval high bits");
        assertEquals(0x23, p[5] & 0xff, "interval low byte");
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 1}, Arrays.copyOfRange(p, 8, 12));
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 5}, Arrays.copyOfRange(p, 12, 16));
    }

    @Test
    void ipv4ChecksumInBothForms() {
        Advertisement a = Adverts.ipv4();
        byte[] ph = AdvertEncoder.encode(a, SRC4, DST4, ChecksumForm.PSEUDO_HEADER);
        byte[] np = AdvertEncoder.encode(a, SRC4, DST4, ChecksumForm.NO_PSEUDO_HEADER);
        assertArrayEquals(Arrays.copyOfRange(ph, 8, 12), Arrays.copyOfRange(np, 8, 12));
        byte[] zeroed = ph.clone();
        zeroed[6] = 0;
        zeroed[7] = 0;
        assertEquals(Checksums.ipv4Checksum(ChecksumForm.PSEUDO_HEADER, SRC4, DST4, zeroed, 0, 12), word(ph, 6));
        assertEquals(Checksums.internetChecksum(zeroed, 0, 12), word(np, 6));
        // Whole message plus pseudo-header sums to one's-complement zero.
        assertEquals(0, Checksums.ipv4Checksum(ChecksumForm.PSEUDO_HEADER, SRC4, DST4, ph, 0, 12));
        assertEquals(0, Checksums.internetChecksum(np, 0, 12));
    }

    @Test
    void knownIpv4ChecksumFromKeepalivedCapture() {
        // ka_v3_ipv4_vrid51_prio150_int100cs: 192.0.2.2 -> 224.0.0.18, VIP 192.0.2.1.
        Advertisement a = Advertisement.of(AddressFamily.IPV4, 51, 150, 100, Adverts.VIP4);
        byte[] p = AdvertEncoder.encode(a, SRC4, DST4, ChecksumForm.PSEUDO_HEADER);
        assertArrayEquals(new byte[] {0x31, 0x33, (byte) 0x96, 0x01, 0x00, 0x64}, Arrays.copyOfRange(p, 0, 6));
        assertEquals(0x0000, Checksums.ipv4Checksum(ChecksumForm.PSEUDO_HEADER, SRC4, DST4, p, 0, p.length));
    }

    @Test
    void ipv6AddressesAtTheirOffsets() {
        byte[] p = AdvertEncoder.encode(Adverts.ipv6(), SRC6, DST6, ChecksumForm.PSEUDO_HEADER);
        assertEquals(40, p.length);
        assertEquals(0x31, p[0] & 0xff);
        assertEquals(2, p[3] & 0xff);
        assertArrayEquals(Adverts.LL6.getAddress(), Arrays.copyOfRange(p, 8, 24));
        assertArrayEquals(Adverts.VIP6.getAddress(), Arrays.copyOfRange(p, 24, 40));
        assertEquals(0, Checksums.ipv6Checksum(SRC6, DST6, p, 0, 40));
    }

    @Test
    void writesAtOffsetAndTouchesNothingElse() {
        byte[] out = new byte[30];
        Arrays.fill(out, (byte) 0x5a);
        int n = AdvertEncoder.encode(Adverts.ipv4(), SRC4, DST4, ChecksumForm.PSEUDO_HEADER, out, 9);
        assertEquals(12, n);
        assertArrayEquals(AdvertEncoder.encode(Adverts.ipv4(), SRC4, DST4, ChecksumForm.PSEUDO_HEADER),
                Arrays.copyOfRange(out, 9, 21));
        for (int i = 0; i < 30; i++) {
            if (i < 9 || i >= 21) {
                assertEquals(0x5a, out[i] & 0xff, "byte " + i);
            }
        }
    }

    @Test
    void reusedBufferGivesTheSameChecksum() {
        byte[] out = new byte[12];
        Arrays.fill(out, (byte) 0xff);
        AdvertEncoder.encode(Adverts.ipv4(), SRC4, DST4, ChecksumForm.PSEUDO_HEADER, out, 0);
        assertArrayEquals(AdvertEncoder.encode(Adverts.ipv4(), SRC4, DST4, ChecksumForm.PSEUDO_HEADER), out);
    }

    @Test
    void tooSmallBuffer() {
        assertThrows(IndexOutOfBoundsException.class,
                () -> AdvertEncoder.encode(Adverts.ipv4(), SRC4, DST4, ChecksumForm.PSEUDO_HEADER, new byte[12], 1));
    }

    @Test
    void ipv6WithoutPseudoHeaderIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdvertEncoder.encode(Adverts.ipv6(), SRC6, DST6, ChecksumForm.NO_PSEUDO_HEADER));
        assertEquals("checksum form NO_PSEUDO_HEADER for IPv6 (expected: PSEUDO_HEADER; "
                + "IPv6 always checksums the pseudo-header)", e.getMessage());
    }

    @Test
    void sourceOfTheWrongFamily() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdvertEncoder.encode(Adverts.ipv4(), SRC6, DST4, ChecksumForm.PSEUDO_HEADER));
        assertEquals("IPv4 source address of 16 bytes (expected: 4 bytes)", e.getMessage());
    }

    @Test
    void vrrpv2FieldsAtTheirOffsets() {
        byte[] p = AdvertEncoder.encode(Adverts.ipv4v2Password(), SRC4, DST4, ChecksumForm.NO_PSEUDO_HEADER);
        assertEquals(24, p.length, "8-byte header, two addresses, 8 bytes of authentication data");
        assertEquals(0x21, p[0] & 0xff, "version 2, type 1");
        assertEquals(51, p[1] & 0xff, "vrid");
        assertEquals(150, p[2] & 0xff, "priority");
        assertEquals(2, p[3] & 0xff, "count");
        assertEquals(1, p[4] & 0xff, "auth type 1, simple password");
        assertEquals(1, p[5] & 0xff, "adver int in seconds");
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 1, (byte) 192, 0, 2, 5}, Arrays.copyOfRange(p, 8, 16));
        assertArrayEquals("secret12".getBytes(java.nio.charset.StandardCharsets.US_ASCII), Arrays.copyOfRange(p, 16, 24));
        assertEquals(0, Checksums.internetChecksum(p, 0, p.length), "over the message alone, password included");
    }

    @Test
    void vrrpv2ShortPasswordIsPaddedAndNoneIsZeros() {
        Authentication shortPass = Authentication.simplePassword(new byte[] {'a', 'b', 'c'});
        byte[] p = AdvertEncoder.encode(Advertisement.ofV2(1, 100, 300, shortPass, Adverts.VIP4), SRC4, DST4,
                ChecksumForm.NO_PSEUDO_HEADER);
        assertArrayEquals(new byte[] {'a', 'b', 'c', 0, 0, 0, 0, 0}, Arrays.copyOfRange(p, 12, 20));
        assertEquals(3, p[5] & 0xff, "3 s");
        byte[] none = AdvertEncoder.encode(Adverts.ipv4v2(), SRC4, DST4, ChecksumForm.NO_PSEUDO_HEADER);
        assertEquals(0, none[4]);
        assertArrayEquals(new byte[8], Arrays.copyOfRange(none, 12, 20));
    }

    @Test
    void knownVrrpv2ChecksumFromKeepalivedCapture() {
        // ka_v2_ipv4_vrid51_prio150_int1s: tshark shows 0x86c8 [correct].
        byte[] p = AdvertEncoder.encode(Adverts.ipv4v2(), SRC4, DST4, ChecksumForm.NO_PSEUDO_HEADER);
        assertEquals(0x86c8, word(p, 6));
    }

    @Test
    void vrrpv2WithThePseudoHeaderFormIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdvertEncoder.encode(Adverts.ipv4v2(), SRC4, DST4, ChecksumForm.PSEUDO_HEADER));
        assertEquals("checksum form PSEUDO_HEADER for VRRPv2 (expected: NO_PSEUDO_HEADER; "
                + "RFC 3768 checksums the VRRP message alone)", e.getMessage());
    }

    private static int word(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
}
