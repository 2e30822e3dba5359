package io.vrrpd.daemon.config;

/** Which checksum an IPv4 advert carries; IPv6 has one form only. */
public enum Ipv4Checksum {
    /**
     * Over the IPv4 pseudo-header and the VRRP message, as RFC 5798 was read by keepalived and
     * FRR: what every deployed peer sends and expects. The default, so a rolling migration
     * from keepalived needs no setting.
     */
    RFC5798,
    /** Over the VRRP message only, as RFC 9568 section 5.2.8 specifies for IPv4. */
    RFC9568;

    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
