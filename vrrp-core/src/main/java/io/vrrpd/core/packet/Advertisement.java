package io.vrrpd.core.packet;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.VrrpVersion;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A VRRP advertisement, VRRPv3 (RFC 9568 section 5.2) or VRRPv2 (RFC 3768 section 5.3), type 1,
 * as an immutable value that validates in its constructor. Fixed fields are implied; the record
 * holds what varies.
 *
 * <p>The interval is in centiseconds for both versions, the unit of the state machine: a v3
 * advert's Max Adver Int as sent, a v2 advert's Adver Int (whole seconds) times 100.
 * {@link #wireInterval()} is the field as on the wire.
 *
 * <p>Addresses must be built from bytes ({@link InetAddress#getByAddress(byte[])} or
 * {@link Inet6Address#getByAddress(String, byte[], int)}), never by name: nothing here resolves.
 * {@link #toString()} shows the {@link Authentication} as its type only, never the password.
 *
 * @param version           VRRPv3, or VRRPv2 (IPv4 only)
 * @param family            the family of the advert and of every address in it
 * @param vrid              virtual router identifier, 1-255
 * @param priority          0 (master stepping down) to 255 (address owner)
 * @param maxAdvertInterval the advert interval in centiseconds: v3 1-4095; v2 100-25500 in whole
 *                          seconds (a multiple of 100)
 * @param addresses         1-255 virtual addresses of {@code family}, in wire order (copied)
 * @param authentication    v2: the auth type and data; v3: {@link Authentication#NONE}
 */
public record Advertisement(VrrpVersion version, AddressFamily family, int vrid, int priority,
        int maxAdvertInterval, List<InetAddress> addresses, Authentication authentication) {

    /** Packet type "advertisement", the only VRRP type. */
    public static final int TYPE_ADVERTISEMENT = 1;
    /** Bytes before the address list: version/type, VRID, priority, count, interval, checksum. */
    public static final int HEADER_LENGTH = 8;
    /** Largest value of the 12-bit max advert interval field, in centiseconds. */
    public static final int MAX_ADVERT_INTERVAL = 4095;
    /** Largest VRRPv2 Adver Int (an 8-bit field), in seconds. */
    public static final int MAX_V2_ADVERT_INTERVAL_SECONDS = 255;
    /** Centiseconds in one second, the unit of a VRRPv2 Adver Int. */
    public static final int CENTISECONDS_PER_SECOND = 100;
    /** Largest number of addresses the 8-bit count field can carry. */
    public static final int MAX_ADDRESSES = 255;

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException naming the actual and the expected value
     * @throws NullPointerException     if family, the list or an address is null
     */
    public Advertisement {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(authentication, "authentication");
        if (!version.supports(family)) {
            throw new IllegalArgumentException("VRRPv2 advert over IPv6 (expected: IPv4; VRRPv2 is IPv4 only)");
        }
        requireRange("vrid", vrid, 1, 255);
        requireRange("priority", priority, 0, 255);
        if (version == VrrpVersion.V3) {
            if (maxAdvertInterval < 1 || maxAdvertInterval > MAX_ADVERT_INTERVAL) {
                throw new IllegalArgumentException("max advert interval " + maxAdvertInterval
                        + " (expected: 1-" + MAX_ADVERT_INTERVAL + " centiseconds)");
            }
            if (!authentication.isNone()) {
                throw new IllegalArgumentException("authentication " + authentication
                        + " on a VRRPv3 advert (expected: none; only VRRPv2 carries authentication)");
            }
        } else if (maxAdvertInterval < CENTISECONDS_PER_SECOND
                || maxAdvertInterval > MAX_V2_ADVERT_INTERVAL_SECONDS * CENTISECONDS_PER_SECOND
                || maxAdvertInterval % CENTISECONDS_PER_SECOND != 0) {
            throw new IllegalArgumentException("VRRPv2 advert interval " + maxAdvertInterval
                    + " centiseconds (expected: whole seconds, 100-25500 centiseconds)");
        }
        // Copies first, then validates the copy; packs the wire form once for the encoder.
        addresses = AddressList.copyOf(Objects.requireNonNull(addresses, "addresses"), family);
    }

    /** A VRRPv3 advert (no authentication). */
    public Advertisement(AddressFamily family, int vrid, int priority, int maxAdvertInterval,
            List<InetAddress> addresses) {
        this(VrrpVersion.V3, family, vrid, priority, maxAdvertInterval, addresses, Authentication.NONE);
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

    /** A VRRPv3 advert with varargs addresses. */
    public static Advertisement of(
            AddressFamily family, int vrid, int priority, int maxAdvertInterval, InetAddress... addresses) {
        return new Advertisement(family, vrid, priority, maxAdvertInterval, List.of(addresses));
    }

    /** A VRRPv2 advert (IPv4) with varargs addresses; {@code intervalCs} in whole seconds, e.g. 100 for 1 s. */
    public static Advertisement ofV2(int vrid, int priority, int intervalCs, Authentication authentication,
            InetAddress... addresses) {
        return new Advertisement(VrrpVersion.V2, AddressFamily.IPV4, vrid, priority, intervalCs,
                List.of(addresses), authentication);
    }

    /** The interval field as on the wire: centiseconds (v3) or seconds (v2). */
    public int wireInterval() {
        return version == VrrpVersion.V3 ? maxAdvertInterval : maxAdvertInterval / CENTISECONDS_PER_SECOND;
    }

    /** Length on the wire: the 8-byte header, the address list and, for v2, the 8 bytes of authentication data. */
    public int encodedLength() {
        return HEADER_LENGTH + addresses.size() * family.addressLength()
                + (version == VrrpVersion.V2 ? Authentication.DATA_LENGTH : 0);
    }

    private static void requireRange(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " " + value + " (expected: " + min + "-" + max + ")");
        }
    }
}
