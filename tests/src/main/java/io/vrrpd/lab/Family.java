package io.vrrpd.lab;

/** An address family, as VRRP instances and probes see it. */
public enum Family {
    IPV4,
    IPV6;

    /** The flag {@code ip} and {@code ping} take for this family. */
    public String flag() {
        return this == IPV4 ? "-4" : "-6";
    }

    /** The family of an address literal or CIDR (by its form: a colon means IPv6). */
    public static Family of(String address) {
        return address.contains(":") ? IPV6 : IPV4;
    }

    /** {@code ipv4} or {@code ipv6}, as configs and reports spell it. */
    public String key() {
        return this == IPV4 ? "ipv4" : "ipv6";
    }
}
