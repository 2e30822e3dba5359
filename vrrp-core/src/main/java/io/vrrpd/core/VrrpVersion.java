package io.vrrpd.core;

/**
 * The VRRP version an advert carries, or a virtual router speaks: VRRPv3 (RFC 9568, IPv4 and
 * IPv6) or VRRPv2 (RFC 3768, IPv4 only), keepalived's IPv4 default.
 *
 * <p>What differs: v2 carries its Adver Int in whole seconds (8 bits) where v3 carries
 * centiseconds (12 bits), v2 has an auth type and 8 bytes of authentication data after the
 * address list, and its checksum covers the VRRP message alone. A v2 Backup does not adopt the
 * Master's interval (its Skew_Time is {@code (256 - Priority) / 256} seconds whatever the
 * interval), and it discards an advert whose interval differs from its own (RFC 3768 section 7.1).
 */
public enum VrrpVersion {
    /** RFC 3768. */
    V2(2),
    /** RFC 9568. */
    V3(3);

    private final int number;

    VrrpVersion(int number) {
        this.number = number;
    }

    /** The value of the version nibble: 2 or 3. */
    public int number() {
        return number;
    }

    /** Whether an advert of this version can run over {@code family}: v2 is IPv4 only. */
    public boolean supports(AddressFamily family) {
        return this == V3 || family == AddressFamily.IPV4;
    }
}
