package io.vrrpd.core.packet;

import io.vrrpd.core.AddressFamily;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Tier 1 of receive validation: is this a well-formed VRRPv3 advert. Checks, in order, the
 * length against the 8-byte header, the version, the type, the length against the address
 * count, the checksum, a zero VRID, a zero address count and a zero interval; every failure is a
 * {@link VrrpPacketException} with a {@link RejectReason}. Whether the advert is for us is
 * tier 2, {@link ReceiveCheck}.
 *
 * <p>Decisions: trailing bytes after the address list are an error
 * ({@link RejectReason#ADDRESS_LIST_LENGTH_ERROR}): the caller passes the IP payload length,
 * which excludes link-layer padding, so extra bytes mean the count and the length disagree.
 * The reserved nibble before the interval is ignored, as RFC 9568 requires.
 * For IPv4 both checksum forms are accepted; if both match (possible only when the
 * pseudo-header sums to one's-complement zero) {@link ChecksumForm#PSEUDO_HEADER} is reported.
 *
 * <p>Nothing is allocated on the way to a rejection but the exception; success allocates
 * the advert and its addresses.
 */
public final class AdvertDecoder {
    private AdvertDecoder() {
    }

    /**
     * Decodes and validates the VRRP payload {@code buf[offset, offset + length)}.
     *
     * @param family  the IP version the packet arrived over
     * @param srcAddr the IP source address of the packet (4 or 16 bytes, per family)
     * @param dstAddr the IP destination address of the packet
     * @throws VrrpPacketException      if the payload is not a well-formed VRRPv3 advert
     * @throws IllegalArgumentException if the addresses do not fit the family (a caller bug)
     * @throws IndexOutOfBoundsException if the range lies outside {@code buf}
     */
    public static DecodedAdvert decode(AddressFamily family, byte[] srcAddr, byte[] dstAddr,
            byte[] buf, int offset, int length) throws VrrpPacketException {
        Objects.requireNonNull(family, "family");
        int addrLen = family.addressLength();
        Checksums.requireLength(srcAddr, addrLen, "source");
        Checksums.requireLength(dstAddr, addrLen, "destination");
        Objects.checkFromIndexSize(offset, length, buf.length);

        if (length < Advertisement.HEADER_LENGTH) {
            throw new VrrpPacketException(RejectReason.PACKET_LENGTH_ERROR,
                    "packet of " + length + " bytes (expected: " + Advertisement.HEADER_LENGTH + "+ bytes)");
        }
        int version = (buf[offset] & 0xf0) >>> 4;
        if (version != Advertisement.VERSION) {
            throw new VrrpPacketException(RejectReason.VERSION_ERROR,
                    "version " + version + " (expected: " + Advertisement.VERSION + ")");
        }
        int type = buf[offset] & 0x0f;
        if (type != Advertisement.TYPE_ADVERTISEMENT) {
            throw new VrrpPacketException(RejectReason.INVALID_TYPE,
                    "type " + type + " (expected: " + Advertisement.TYPE_ADVERTISEMENT + ", advertisement)");
        }
        int count = buf[offset + 3] & 0xff;
        int expectedLength = Advertisement.HEADER_LENGTH + count * addrLen;
        if (length != expectedLength) {
            throw new VrrpPacketException(RejectReason.ADDRESS_LIST_LENGTH_ERROR, "packet of " + length
                    + " bytes with " + count + " " + familyName(family) + " addresses (expected: "
                    + expectedLength + " bytes)");
        }
        ChecksumForm form = verifyChecksum(family, srcAddr, dstAddr, buf, offset, length);
        int vrid = buf[offset + 1] & 0xff;
        if (vrid == 0) {
            throw new VrrpPacketException(RejectReason.VRID_ZERO, "vrid 0 (expected: 1-255)");
        }
        if (count == 0) {
            throw new VrrpPacketException(RejectReason.ADDRESS_COUNT_ZERO,
                    "address count 0 (expected: 1-" + Advertisement.MAX_ADDRESSES + ")");
        }
        int interval = ((buf[offset + 4] & 0x0f) << 8) | (buf[offset + 5] & 0xff);
        if (interval == 0) {
            throw new VrrpPacketException(RejectReason.ADV_INTERVAL_ERROR,
                    "max advert interval 0 (expected: 1-" + Advertisement.MAX_ADVERT_INTERVAL + " centiseconds)");
        }
        int listStart = offset + Advertisement.HEADER_LENGTH;
        byte[] wire = Arrays.copyOfRange(buf, listStart, listStart + count * addrLen);
        InetAddress[] addresses = new InetAddress[count];
        for (int i = 0; i < count; i++) {
            addresses[i] = address(family, wire, i * addrLen, addrLen);
        }
        Advertisement advert = new Advertisement(family, vrid, buf[offset + 2] & 0xff, interval,
                AddressList.adopt(family, addresses, wire));
        return new DecodedAdvert(advert, form);
    }

    /** Convenience overload for a payload filling the whole array. */
    public static DecodedAdvert decode(AddressFamily family, byte[] srcAddr, byte[] dstAddr, byte[] buf)
            throws VrrpPacketException {
        return decode(family, srcAddr, dstAddr, buf, 0, buf.length);
    }

    private static ChecksumForm verifyChecksum(AddressFamily family, byte[] srcAddr, byte[] dstAddr,
            byte[] buf, int offset, int length) throws VrrpPacketException {
        // Summing a message that includes a correct checksum yields 0xffff after folding.
        long messageSum = Checksums.sum(0, buf, offset, length);
        long pseudo = Checksums.pseudoHeaderSum(srcAddr, dstAddr, length);
        if (Checksums.fold(messageSum + pseudo) == 0xffff) {
            return ChecksumForm.PSEUDO_HEADER;
        }
        if (family == AddressFamily.IPV4 && Checksums.fold(messageSum) == 0xffff) {
            return ChecksumForm.NO_PSEUDO_HEADER;
        }
        throw checksumError(family, pseudo, buf, offset, length);
    }

    private static VrrpPacketException checksumError(
            AddressFamily family, long pseudo, byte[] buf, int offset, int length) {
        int actual = ((buf[offset + 6] & 0xff) << 8) | (buf[offset + 7] & 0xff);
        long withoutField = Checksums.sum(0, buf, offset, length) - actual;
        int withPseudo = ~Checksums.fold(withoutField + pseudo) & 0xffff;
        String expected = family == AddressFamily.IPV6
                ? hex(withPseudo)
                : hex(withPseudo) + " with pseudo-header or " + hex(~Checksums.fold(withoutField) & 0xffff)
                        + " without";
        return new VrrpPacketException(RejectReason.CHECKSUM_ERROR,
                "checksum " + hex(actual) + " (expected: " + expected + ")");
    }

    private static InetAddress address(AddressFamily family, byte[] buf, int p, int addrLen) {
        // Neither factory keeps the array it is given, so a one-address list needs no slice.
        byte[] bytes = p == 0 && buf.length == addrLen ? buf : Arrays.copyOfRange(buf, p, p + addrLen);
        try {
            // Inet6Address.getByAddress keeps IPv4-mapped addresses IPv6; no name, no lookup.
            return family == AddressFamily.IPV6
                    ? Inet6Address.getByAddress(null, bytes, -1)
                    : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("address of " + addrLen + " bytes", e); // length checked above
        }
    }

    private static String familyName(AddressFamily family) {
        return family == AddressFamily.IPV4 ? "IPv4" : "IPv6";
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** {@code 0x%04x} without the cost of String.format on the reject path. */
    private static String hex(int v) {
        return new String(new char[] {'0', 'x', HEX[(v >>> 12) & 0xf], HEX[(v >>> 8) & 0xf],
                HEX[(v >>> 4) & 0xf], HEX[v & 0xf]});
    }
}
