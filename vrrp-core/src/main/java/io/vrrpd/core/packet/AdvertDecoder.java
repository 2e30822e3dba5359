package io.vrrpd.core.packet;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.VrrpVersion;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * Tier 1 of receive validation: is this a well-formed VRRP advert, VRRPv3 (RFC 9568) or VRRPv2
 * (RFC 3768). Checks, in order, the length against the 8-byte header, the version (one of those
 * the interface hears), the type, the length against the address count (plus v2's 8 bytes of
 * authentication data), the checksum, a zero VRID, a zero address count, the v2 auth type, and a
 * zero interval; every failure is a {@link VrrpPacketException} with a {@link RejectReason}.
 * Whether the advert is for us is tier 2, {@link ReceiveCheck}.
 *
 * <p>Which versions are well-formed is a property of the interface, not of an instance: the
 * VRID is not known before decoding. An interface where no instance hears VRRPv2 decodes with
 * {@link #V3_ONLY}, so a v2 packet there is a {@link RejectReason#VERSION_ERROR} as it always
 * was; where some instance hears v2, {@link #V2_AND_V3}, and {@link ReceiveCheck} turns away an
 * advert of a version its instance does not speak ({@link RejectReason#VERSION_MISMATCH}).
 *
 * <p>Decisions: trailing bytes after the address list (v3) or the authentication data (v2) are an
 * error ({@link RejectReason#ADDRESS_LIST_LENGTH_ERROR}): the caller passes the IP payload length,
 * which excludes link-layer padding, so extra bytes mean the count and the length disagree.
 * The reserved nibble before the v3 interval is ignored, as RFC 9568 requires, and so is the
 * authentication data of a v2 advert with auth type 0 (RFC 3768 section 5.3.10).
 * For IPv4 VRRPv3 both checksum forms are accepted; if both match (possible only when the
 * pseudo-header sums to one's-complement zero) {@link ChecksumForm#PSEUDO_HEADER} is reported.
 * VRRPv2 has one form, over the message alone ({@link ChecksumForm#NO_PSEUDO_HEADER}).
 *
 * <p>Nothing is allocated on the way to a rejection but the exception; success allocates
 * the advert and its addresses (and, for a v2 advert with a password, one small object holding
 * its 8 bytes).
 */
public final class AdvertDecoder {
    /** Decode VRRPv3 only: an interface where no instance hears VRRPv2. */
    public static final Set<VrrpVersion> V3_ONLY = Set.of(VrrpVersion.V3);
    /** Decode VRRPv2 only: an interface whose instances all speak VRRPv2. */
    public static final Set<VrrpVersion> V2_ONLY = Set.of(VrrpVersion.V2);
    /** Decode both: an interface with instances of both versions, or one in mixed mode (RFC 9568 section 8.4). */
    public static final Set<VrrpVersion> V2_AND_V3 = Set.of(VrrpVersion.V2, VrrpVersion.V3);

    private AdvertDecoder() {
    }

    /**
     * Decodes and validates the VRRP payload {@code buf[offset, offset + length)}.
     *
     * @param versions the versions the receiving interface hears (see the class comment); v2 is
     *                 never well-formed over IPv6
     * @param family   the IP version the packet arrived over
     * @param srcAddr  the IP source address of the packet (4 or 16 bytes, per family)
     * @param dstAddr  the IP destination address of the packet
     * @throws VrrpPacketException      if the payload is not a well-formed advert of one of {@code versions}
     * @throws IllegalArgumentException if the addresses do not fit the family, or {@code versions} is empty
     *                                  (a caller bug)
     * @throws IndexOutOfBoundsException if the range lies outside {@code buf}
     */
    public static DecodedAdvert decode(Set<VrrpVersion> versions, AddressFamily family, byte[] srcAddr,
            byte[] dstAddr, byte[] buf, int offset, int length) throws VrrpPacketException {
        Objects.requireNonNull(versions, "versions");
        Objects.requireNonNull(family, "family");
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("no VRRP version to decode (expected: V3_ONLY, V2_ONLY or V2_AND_V3)");
        }
        int addrLen = family.addressLength();
        Checksums.requireLength(srcAddr, addrLen, "source");
        Checksums.requireLength(dstAddr, addrLen, "destination");
        Objects.checkFromIndexSize(offset, length, buf.length);

        if (length < Advertisement.HEADER_LENGTH) {
            throw new VrrpPacketException(RejectReason.PACKET_LENGTH_ERROR,
                    "packet of " + length + " bytes (expected: " + Advertisement.HEADER_LENGTH + "+ bytes)");
        }
        VrrpVersion version = version(versions, family, (buf[offset] & 0xf0) >>> 4);
        boolean v2 = version == VrrpVersion.V2;
        int type = buf[offset] & 0x0f;
        if (type != Advertisement.TYPE_ADVERTISEMENT) {
            throw new VrrpPacketException(RejectReason.INVALID_TYPE,
                    "type " + type + " (expected: " + Advertisement.TYPE_ADVERTISEMENT + ", advertisement)");
        }
        int count = buf[offset + 3] & 0xff;
        int expectedLength = Advertisement.HEADER_LENGTH + count * addrLen + (v2 ? Authentication.DATA_LENGTH : 0);
        if (length != expectedLength) {
            throw new VrrpPacketException(RejectReason.ADDRESS_LIST_LENGTH_ERROR, "packet of " + length
                    + " bytes with " + count + " " + familyName(family) + " addresses (expected: "
                    + expectedLength + " bytes" + (v2 ? ", with VRRPv2's 8 bytes of authentication data)" : ")"));
        }
        ChecksumForm form = v2 ? verifyV2Checksum(buf, offset, length)
                : verifyChecksum(family, srcAddr, dstAddr, buf, offset, length);
        int vrid = buf[offset + 1] & 0xff;
        if (vrid == 0) {
            throw new VrrpPacketException(RejectReason.VRID_ZERO, "vrid 0 (expected: 1-255)");
        }
        if (count == 0) {
            throw new VrrpPacketException(RejectReason.ADDRESS_COUNT_ZERO,
                    "address count 0 (expected: 1-" + Advertisement.MAX_ADDRESSES + ")");
        }
        Authentication.Type authType = v2 ? authType(buf[offset + 4] & 0xff) : Authentication.Type.NONE;
        int intervalCs = v2 ? v2Interval(buf[offset + 5] & 0xff) : v3Interval(buf, offset);
        int listStart = offset + Advertisement.HEADER_LENGTH;
        int listLength = count * addrLen;
        byte[] wire = Arrays.copyOfRange(buf, listStart, listStart + listLength);
        InetAddress[] addresses = new InetAddress[count];
        for (int i = 0; i < count; i++) {
            addresses[i] = address(family, wire, i * addrLen, addrLen);
        }
        Advertisement advert = new Advertisement(version, family, vrid, buf[offset + 2] & 0xff, intervalCs,
                AddressList.adopt(family, addresses, wire), Authentication.fromWire(authType, buf, listStart + listLength));
        return new DecodedAdvert(advert, form);
    }

    /** VRRPv3 only (an interface where no instance hears VRRPv2), as before VRRPv2 existed here. */
    public static DecodedAdvert decode(AddressFamily family, byte[] srcAddr, byte[] dstAddr,
            byte[] buf, int offset, int length) throws VrrpPacketException {
        return decode(V3_ONLY, family, srcAddr, dstAddr, buf, offset, length);
    }

    /** VRRPv3 only, for a payload filling the whole array. */
    public static DecodedAdvert decode(AddressFamily family, byte[] srcAddr, byte[] dstAddr, byte[] buf)
            throws VrrpPacketException {
        return decode(V3_ONLY, family, srcAddr, dstAddr, buf, 0, buf.length);
    }

    private static VrrpVersion version(Set<VrrpVersion> versions, AddressFamily family, int nibble)
            throws VrrpPacketException {
        VrrpVersion v = nibble == 3 ? VrrpVersion.V3 : nibble == 2 ? VrrpVersion.V2 : null;
        if (v != null && versions.contains(v) && v.supports(family)) {
            return v;
        }
        String expected = family == AddressFamily.IPV6 || !versions.contains(VrrpVersion.V2) ? "3"
                : versions.contains(VrrpVersion.V3) ? "2 or 3" : "2";
        String why = v == VrrpVersion.V2 && family == AddressFamily.IPV6 ? "; VRRPv2 is IPv4 only" : "";
        throw new VrrpPacketException(RejectReason.VERSION_ERROR,
                "version " + nibble + " (expected: " + expected + why + ")");
    }

    private static Authentication.Type authType(int value) throws VrrpPacketException {
        if (value == Authentication.Type.NONE.wireValue()) {
            return Authentication.Type.NONE;
        }
        if (value == Authentication.Type.SIMPLE_PASSWORD.wireValue()) {
            return Authentication.Type.SIMPLE_PASSWORD;
        }
        if (value == Authentication.TYPE_IP_AH) {
            throw new VrrpPacketException(RejectReason.AUTH_TYPE_AH, "auth type 2, IP Authentication Header"
                    + " (expected: 0, none, or 1, simple password; IP AH is not implemented)");
        }
        throw new VrrpPacketException(RejectReason.AUTH_TYPE_INVALID,
                "auth type " + value + " (expected: 0, none, or 1, simple password)");
    }

    private static int v2Interval(int seconds) throws VrrpPacketException {
        if (seconds == 0) {
            throw new VrrpPacketException(RejectReason.ADV_INTERVAL_ERROR, "advert interval 0 (expected: 1-"
                    + Advertisement.MAX_V2_ADVERT_INTERVAL_SECONDS + " seconds)");
        }
        return seconds * Advertisement.CENTISECONDS_PER_SECOND;
    }

    private static int v3Interval(byte[] buf, int offset) throws VrrpPacketException {
        int interval = ((buf[offset + 4] & 0x0f) << 8) | (buf[offset + 5] & 0xff);
        if (interval == 0) {
            throw new VrrpPacketException(RejectReason.ADV_INTERVAL_ERROR,
                    "max advert interval 0 (expected: 1-" + Advertisement.MAX_ADVERT_INTERVAL + " centiseconds)");
        }
        return interval;
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

    /** RFC 3768 section 5.3.8: the checksum covers the VRRP message alone, authentication data included. */
    private static ChecksumForm verifyV2Checksum(byte[] buf, int offset, int length) throws VrrpPacketException {
        if (Checksums.fold(Checksums.sum(0, buf, offset, length)) == 0xffff) {
            return ChecksumForm.NO_PSEUDO_HEADER;
        }
        int actual = checksumField(buf, offset);
        long withoutField = Checksums.sum(0, buf, offset, length) - actual;
        throw new VrrpPacketException(RejectReason.CHECKSUM_ERROR, "checksum " + hex(actual) + " (expected: "
                + hex(~Checksums.fold(withoutField) & 0xffff) + " over the VRRPv2 message)");
    }

    private static VrrpPacketException checksumError(
            AddressFamily family, long pseudo, byte[] buf, int offset, int length) {
        int actual = checksumField(buf, offset);
        long withoutField = Checksums.sum(0, buf, offset, length) - actual;
        int withPseudo = ~Checksums.fold(withoutField + pseudo) & 0xffff;
        String expected = family == AddressFamily.IPV6
                ? hex(withPseudo)
                : hex(withPseudo) + " with pseudo-header or " + hex(~Checksums.fold(withoutField) & 0xffff)
                        + " without";
        return new VrrpPacketException(RejectReason.CHECKSUM_ERROR,
                "checksum " + hex(actual) + " (expected: " + expected + ")");
    }

    private static int checksumField(byte[] buf, int offset) {
        return ((buf[offset + 6] & 0xff) << 8) | (buf[offset + 7] & 0xff);
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
