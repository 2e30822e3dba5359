package io.vrrpd.core.packet;

import io.vrrpd.core.AddressFamily;
import java.util.Objects;

/**
 * Writes the VRRP payload of an advert (the bytes after the IP header), checksum included.
 * Stateless; the allocation-free overload writes into a caller-owned buffer.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |Version| Type  | Virtual Rtr ID|   Priority    |Count IPvX Addr|
 * |(rsvd) |     Max Adver Int     |          Checksum             |
 * |                  IPvX address(es) ...                         |
 * </pre>
 */
public final class AdvertEncoder {
    private AdvertEncoder() {
    }

    /**
     * Encodes into a new array of {@link Advertisement#encodedLength()} bytes.
     *
     * @param srcAddr the IP source address the packet will carry (4 or 16 bytes)
     * @param dstAddr the IP destination, normally {@link AddressFamily#multicastGroup()}
     * @param form    checksum form; must be {@link ChecksumForm#PSEUDO_HEADER} for IPv6
     * @throws IllegalArgumentException if the addresses do not fit the family or the form is
     *                                  NO_PSEUDO_HEADER for IPv6
     */
    public static byte[] encode(Advertisement a, byte[] srcAddr, byte[] dstAddr, ChecksumForm form) {
        byte[] out = new byte[a.encodedLength()];
        encode(a, srcAddr, dstAddr, form, out, 0);
        return out;
    }

    /**
     * Encodes into {@code out} at {@code offset} without allocating.
     *
     * @return bytes written, {@link Advertisement#encodedLength()}
     * @throws IndexOutOfBoundsException if {@code out} has too little room
     * @throws IllegalArgumentException  as {@link #encode(Advertisement, byte[], byte[], ChecksumForm)}
     */
    public static int encode(
            Advertisement a, byte[] srcAddr, byte[] dstAddr, ChecksumForm form, byte[] out, int offset) {
        Objects.requireNonNull(a, "advert");
        Objects.requireNonNull(form, "form");
        AddressFamily family = a.family();
        int addrLen = family.addressLength();
        if (family == AddressFamily.IPV6) {
            Checksums.requireIpv6Form(form);
        }
        String fam = family == AddressFamily.IPV4 ? "IPv4 " : "IPv6 ";
        Checksums.requireLength(srcAddr, addrLen, fam + "source");
        Checksums.requireLength(dstAddr, addrLen, fam + "destination");
        int length = a.encodedLength();
        Objects.checkFromIndexSize(offset, length, out.length);

        out[offset] = (byte) ((Advertisement.VERSION << 4) | Advertisement.TYPE_ADVERTISEMENT);
        out[offset + 1] = (byte) a.vrid();
        out[offset + 2] = (byte) a.priority();
        out[offset + 3] = (byte) a.addresses().size();
        out[offset + 4] = (byte) (a.maxAdvertInterval() >>> 8); // reserved high nibble stays 0
        out[offset + 5] = (byte) a.maxAdvertInterval();
        out[offset + 6] = 0;
        out[offset + 7] = 0;
        // The record's list is always an AddressList holding the packed wire form: no allocation.
        ((AddressList) a.addresses()).writeTo(out, offset + Advertisement.HEADER_LENGTH);
        int checksum = Checksums.vrrpChecksum(family, form, srcAddr, dstAddr, out, offset, length);
        out[offset + 6] = (byte) (checksum >>> 8);
        out[offset + 7] = (byte) checksum;
        return length;
    }
}
