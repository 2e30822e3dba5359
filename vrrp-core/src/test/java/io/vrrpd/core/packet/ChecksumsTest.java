package io.vrrpd.core.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Internet checksum arithmetic. */
class ChecksumsTest {

    @Test
    void rfc1071Example() {
        byte[] b = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        assertEquals(0xddf2, Checksums.fold(Checksums.sum(0, b, 0, b.length)));
        assertEquals(0x220d, Checksums.internetChecksum(b, 0, b.length));
    }

    @Test
    void oddLengthPadsWithZero() {
        byte[] b = {0x12, 0x34, 0x56};
        assertEquals(~(0x1234 + 0x5600) & 0xffff, Checksums.internetChecksum(b, 0, 3));
    }

    @Test
    void carriesWrapAround() {
        byte[] b = {(byte) 0xff, (byte) 0xff, 0x00, 0x02};
        assertEquals(0x0002, Checksums.fold(Checksums.sum(0, b, 0, 4)));
    }

    @Test
    void ipv6PseudoHeaderIncludesAddressesLengthAndNextHeader() {
        byte[] src = new byte[16];
        byte[] dst = new byte[16];
        src[15] = 1;
        dst[15] = 2;
        byte[] msg = {0x31, 0x01};
        long expected = 1 + 2 + 112 + 2 + 0x3101;
        assertEquals(~Checksums.fold(expected) & 0xffff, Checksums.ipv6Checksum(src, dst, msg, 0, 2));
    }

    @Test
    void ipv4FormsDifferByThePseudoHeader() {
        byte[] src = {(byte) 192, 0, 2, 2};
        byte[] dst = {(byte) 224, 0, 0, 18};
        byte[] msg = {0x31, 0x33, (byte) 0x96, 0x01, 0x00, 0x64, 0, 0, (byte) 192, 0, 2, 1};
        int none = Checksums.ipv4Checksum(ChecksumForm.NO_PSEUDO_HEADER, null, null, msg, 0, 12);
        int with = Checksums.ipv4Checksum(ChecksumForm.PSEUDO_HEADER, src, dst, msg, 0, 12);
        assertEquals(Checksums.internetChecksum(msg, 0, 12), none);
        long sum = Checksums.sum(Checksums.pseudoHeaderSum(src, dst, 12), msg, 0, 12);
        assertEquals(~Checksums.fold(sum) & 0xffff, with);
        // The keepalived capture ka_v3_ipv4_vrid51_prio150_int100cs carries 0xd3d3.
        assertEquals(0xd3d3, with);
    }
}
