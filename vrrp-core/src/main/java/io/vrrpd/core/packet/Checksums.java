package io.vrrpd.core.packet;

import io.vrrpd.core.AddressFamily;

/**
 * Internet checksum (RFC 1071) helpers for VRRP, allocation-free.
 *
 * <p>The IPv4 and IPv6 pseudo-headers contribute the same 16-bit words to the sum: source
 * address, destination address, the upper-layer length and the protocol number 112 (the IPv6
 * form spreads length and next header over 32-bit fields whose upper bytes are zero), so one
 * routine serves both families.
 */
public final class Checksums {
    private Checksums() {
    }

    /**
     * One's-complement sum of {@code length} bytes as big-endian 16-bit words (an odd last byte
     * is padded with zero), added to {@code initial}; not folded, not complemented.
     */
    public static long sum(long initial, byte[] buf, int offset, int length) {
        long sum = initial;
        int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            sum += ((buf[i] & 0xff) << 8) | (buf[i + 1] & 0xff);
        }
        if (i < end) {
            sum += (buf[i] & 0xff) << 8;
        }
        return sum;
    }

    /** Folds a running sum to 16 bits with end-around carry (not complemented). */
    public static int fold(long sum) {
        long s = sum;
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) s;
    }

    /** Sum of the pseudo-header words for a VRRP message of {@code length} bytes. */
    public static long pseudoHeaderSum(byte[] srcAddr, byte[] dstAddr, int length) {
        long sum = sum(0, srcAddr, 0, srcAddr.length);
        sum = sum(sum, dstAddr, 0, dstAddr.length);
        return sum + AddressFamily.IP_PROTOCOL_VRRP + length;
    }

    /** The RFC 1071 Internet checksum of {@code length} bytes at {@code offset}. */
    public static int internetChecksum(byte[] buf, int offset, int length) {
        return ~fold(sum(0, buf, offset, length)) & 0xffff;
    }

    /**
     * IPv6 upper-layer checksum (RFC 8200 section 8.1) of a VRRP message: pseudo-header with
     * 16-byte source and destination, length and next header 112.
     */
    public static int ipv6Checksum(byte[] srcAddr, byte[] dstAddr, byte[] buf, int offset, int length) {
        requireLength(srcAddr, 16, "source");
        requireLength(dstAddr, 16, "destination");
        return ~fold(sum(pseudoHeaderSum(srcAddr, dstAddr, length), buf, offset, length)) & 0xffff;
    }

    /**
     * IPv4 VRRP checksum in the given form: with the pseudo-header (RFC 5798 reading, keepalived
     * and FRR default) or over the message alone (RFC 9568). The addresses are ignored, and may
     * be null, for {@link ChecksumForm#NO_PSEUDO_HEADER}.
     */
    public static int ipv4Checksum(
            ChecksumForm form, byte[] srcAddr, byte[] dstAddr, byte[] buf, int offset, int length) {
        if (form == ChecksumForm.NO_PSEUDO_HEADER) {
            return internetChecksum(buf, offset, length);
        }
        requireLength(srcAddr, 4, "source");
        requireLength(dstAddr, 4, "destination");
        return ~fold(sum(pseudoHeaderSum(srcAddr, dstAddr, length), buf, offset, length)) & 0xffff;
    }

    /**
     * The VRRP checksum for {@code family} in {@code form}; the checksum field inside the
     * message must be zero for the result to be the value to transmit.
     *
     * @throws IllegalArgumentException for IPv6 with {@link ChecksumForm#NO_PSEUDO_HEADER}
     */
    public static int vrrpChecksum(AddressFamily family, ChecksumForm form,
            byte[] srcAddr, byte[] dstAddr, byte[] buf, int offset, int length) {
        if (family == AddressFamily.IPV6) {
            requireIpv6Form(form);
            return ipv6Checksum(srcAddr, dstAddr, buf, offset, length);
        }
        return ipv4Checksum(form, srcAddr, dstAddr, buf, offset, length);
    }

    static void requireIpv6Form(ChecksumForm form) {
        if (form != ChecksumForm.PSEUDO_HEADER) {
            throw new IllegalArgumentException("checksum form " + form
                    + " for IPv6 (expected: PSEUDO_HEADER; IPv6 always checksums the pseudo-header)");
        }
    }

    static void requireLength(byte[] addr, int expected, String what) {
        if (addr == null) {
            throw new IllegalArgumentException(what + " address null (expected: " + expected + " bytes)");
        }
        if (addr.length != expected) {
            throw new IllegalArgumentException(
                    what + " address of " + addr.length + " bytes (expected: " + expected + " bytes)");
        }
    }
}
