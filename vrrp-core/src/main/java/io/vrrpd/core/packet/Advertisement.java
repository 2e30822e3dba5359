package io.vrrpd.core.packet;

import io.vrrpd.core.AddressFamily;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A VRRPv3 advertisement (RFC 9568 section 5.2): version 3, type 1, as an immutable value that
 * validates in its constructor. Fixed fields are implied; the record holds what varies.
 *
 * <p>Addresses must be built from bytes ({@link InetAddress#getByAddress(byte[])} or
 * {@link Inet6Address#getByAddress(String, byte[], int)}), never by name: nothing here resolves.
 *
 * @param family            the family of the advert and of every address in it
 * @param vrid              virtual router identifier, 1-255
 * @param priority          0 (master stepping down) to 255 (address owner)
 * @param maxAdvertInterval maximum advertisement interval in centiseconds, 1-4095
 * @param addresses         1-255 virtual addresses of {@code family}, in wire order (copied)
 */
public record Advertisement(
        AddressFamily family, int vrid, int priority, int maxAdvertInterval, List<InetAddress> addresses) {

    /** VRRP version carried in the high nibble of the first byte. */
    public static final int VERSION = 3;
    /** Packet type "advertisement", the only VRRPv3 type. */
    public static final int TYPE_ADVERTISEMENT = 1;
    /** Bytes before the address list: version/type, VRID, priority, count, interval, checksum. */
    public static final int HEADER_LENGTH = 8;
    /** Largest value of the 12-bit max advert interval field, in centiseconds. */
    public static final int MAX_ADVERT_INTERVAL = 4095;
    /** Largest number of addresses the 8-bit count field can carry. */
    public static final int MAX_ADDRESSES = 255;

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException naming the actual and the expected value
     * @throws NullPointerException     if family, the list or an address is null
     */
    public Advertisement {
        Objects.requireNonNull(family, "family");
        requireRange("vrid", vrid, 1, 255);
        requireRange("priority", priority, 0, 255);
        if (maxAdvertInterval < 1 || maxAdvertInterval > MAX_ADVERT_INTERVAL) {
            throw new IllegalArgumentException("max advert interval " + maxAdvertInterval
                    + " (expected: 1-" + MAX_ADVERT_INTERVAL + " centiseconds)");
        }
        // Copies first, then validates the copy; packs the wire form once for the encoder.
        addresses = AddressList.copyOf(Objects.requireNonNull(addresses, "addresses"), family);
    }

    /** Validates a copied address array: 1-255 non-null addresses, all of {@code family}. */
    static void validateAddresses(AddressFamily family, InetAddress[] addresses) {
        requireRange("address count", addresses.length, 1, MAX_ADDRESSES);
        Class<? extends InetAddress> type = family == AddressFamily.IPV4 ? Inet4Address.class : Inet6Address.class;
        for (int i = 0; i < addresses.length; i++) {
            InetAddress a = Objects.requireNonNull(addresses[i], "address");
            if (!type.isInstance(a)) {
                throw new IllegalArgumentException("address " + i + " " + a.getHostAddress() + " is "
                        + (a instanceof Inet4Address ? "IPv4" : "IPv6") + " (expected: "
                        + (family == AddressFamily.IPV4 ? "IPv4" : "IPv6") + " like the advert)");
            }
        }
    }

    /** Convenience constructor with varargs addresses. */
    public static Advertisement of(
            AddressFamily family, int vrid, int priority, int maxAdvertInterval, InetAddress... addresses) {
        return new Advertisement(family, vrid, priority, maxAdvertInterval, List.of(addresses));
    }

    /** Length on the wire: the 8-byte header plus the address list. */
    public int encodedLength() {
        return HEADER_LENGTH + addresses.size() * family.addressLength();
    }

    private static void requireRange(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " " + value + " (expected: " + min + "-" + max + ")");
        }
    }
}
