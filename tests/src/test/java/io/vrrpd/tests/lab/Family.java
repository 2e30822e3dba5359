package io.vrrpd.tests.lab;

/** An address family, as VRRP instances and probes see it. */
public enum Family {
    IPV4,
    IPV6;

    /** The flag {@code ip} and {@code ping} take for this family. */
    public String flag() {
        return this == IPV4 ? "-4" : "-6";
    }
}
