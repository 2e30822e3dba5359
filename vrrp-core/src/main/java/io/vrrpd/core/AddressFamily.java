package io.vrrpd.core;

/**
 * The IP family a VRRP instance runs over. RFC 9568 runs IPv4 and IPv6 as separate virtual
 * routers; an instance, an advert and its address list are always of exactly one family.
 */
public enum AddressFamily {
    IPV4(4, new byte[] {(byte) 224, 0, 0, 18}),
    IPV6(16, new byte[] {(byte) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12});

    /** IP protocol number of VRRP (RFC 9568 section 5.1.1.3 / 5.1.2.3). */
    public static final int IP_PROTOCOL_VRRP = 112;

    /** TTL (IPv4) or hop limit (IPv6) that every advert must carry. */
    public static final int REQUIRED_HOP_LIMIT = 255;

    private final int addressLength;
    private final byte[] multicastGroup;

    AddressFamily(int addressLength, byte[] multicastGroup) {
        this.addressLength = addressLength;
        this.multicastGroup = multicastGroup;
    }

    /** Bytes in one address of this family: 4 or 16. */
    public int addressLength() {
        return addressLength;
    }

    /** The VRRP multicast group, 224.0.0.18 or ff02::12, as a fresh copy. */
    public byte[] multicastGroup() {
        return multicastGroup.clone();
    }

    /** The family whose addresses are {@code length} bytes long. */
    public static AddressFamily ofAddressLength(int length) {
        return switch (length) {
            case 4 -> IPV4;
            case 16 -> IPV6;
            default -> throw new IllegalArgumentException(
                    "address of " + length + " bytes (expected: 4 for IPv4 or 16 for IPv6)");
        };
    }

    /** The family of {@code address}. */
    public static AddressFamily of(java.net.InetAddress address) {
        return address instanceof java.net.Inet6Address ? IPV6 : IPV4;
    }

    /** Lower-case name as used in config and JSON: {@code ipv4} or {@code ipv6}. */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
