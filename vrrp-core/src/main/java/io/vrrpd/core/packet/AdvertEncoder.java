package io.vrrpd.core.packet;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.VrrpVersion;
import java.util.Objects;

/**
 * Writes the VRRP payload of an advert (the bytes after the IP header), checksum included.
 * Stateless; the allocation-free overload writes into a caller-owned buffer.
 *
 * <pre>
 *  VRRPv3 (RFC 9568 section 5.1):
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |Version| Type  | Virtual Rtr ID|   Priority    |Count IPvX Addr|
 * |(rsvd) |     Max Adver Int     |          Checksum             |
 * |                  IPvX address(es) ...                         |
 *
 *  VRRPv2 (RFC 3768 section 5.1), IPv4 only, checksum over the message alone:
 * |Version| Type  | Virtual Rtr ID|   Priority    | Count IP Addrs|
 * |   Auth Type   |   Adver Int   |          Checksum             |
 * |                    IP address(es) ...                         |
 * |                 Authentication Data (8 bytes)                 |
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
     * @param form    checksum form; must be {@link ChecksumForm#PSEUDO_HEADER} for IPv6 and
     *                {@link ChecksumForm#NO_PSEUDO_HEADER} for VRRPv2 (its only form)
     * @throws IllegalArgumentException if the addresses do not fit the family or the form does
     *                                  not fit the family or version
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
        boolean v2 = a.version() == VrrpVersion.V2;
        if (family == AddressFamily.IPV6) {
            Checksums.requireIpv6Form(form);
        } else if (v2 && form != ChecksumForm.NO_PSEUDO_HEADER) {
            throw new IllegalArgumentException("checksum form " + form
                    + " for VRRPv2 (expected: NO_PSEUDO_HEADER; RFC 3768 checksums the VRRP message alone)");
        }
        // constant names: a concatenation here would allocate two strings per advert
        boolean v4 = family == AddressFamily.IPV4;
        Checksums.requireLength(srcAddr, addrLen, v4 ? "IPv4 source" : "IPv6 source");
        Checksums.requireLength(dstAddr, addrLen, v4 ? "IPv4 destination" : "IPv6 destination");
        int length = a.encodedLength();
        Objects.checkFromIndexSize(offset, length, out.length);

        out[offset] = (byte) ((a.version().number() << 4) | Advertisement.TYPE_ADVERTISEMENT);
        out[offset + 1] = (byte) a.vrid();
        out[offset + 2] = (byte) a.priority();
        out[offset + 3] = (byte) a.addresses().size();
        int interval = a.wireInterval();
        // v3: the reserved high nibble stays 0; v2: the auth type, then the interval in seconds.
        out[offset + 4] = (byte) (v2 ? a.authentication().type().wireValue() : interval >>> 8);
        out[offset + 5] = (byte) interval;
        out[offset + 6] = 0;
        out[offset + 7] = 0;
        // The record's list is always an AddressList holding the packed wire form: no allocation.
        int listLength = ((AddressList) a.addresses()).writeTo(out, offset + Advertisement.HEADER_LENGTH);
        if (v2) {
            a.authentication().writeData(out, offset + Advertisement.HEADER_LENGTH + listLength);
        }
        int checksum = Checksums.vrrpChecksum(family, form, srcAddr, dstAddr, out, offset, length);
        out[offset + 6] = (byte) (checksum >>> 8);
        out[offset + 7] = (byte) checksum;
        return length;
    }
}
