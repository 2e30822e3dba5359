package io.vrrpd.rehearse.measure;

import io.vrrpd.lab.Family;

/** The client's four probes through the virtual gateway: ICMP echo and a TCP connect, in each family. */
public enum ProbeKind {
    ICMP4(Family.IPV4),
    ICMP6(Family.IPV6),
    TCP4(Family.IPV4),
    TCP6(Family.IPV6);

    private final Family family;

    ProbeKind(Family family) {
        this.family = family;
    }

    public Family family() {
        return family;
    }

    /** {@code icmp4}, {@code tcp6}, ...: as reports and timelines name it. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ProbeKind of(boolean tcp, Family family) {
        if (tcp) {
            return family == Family.IPV4 ? TCP4 : TCP6;
        }
        return family == Family.IPV4 ? ICMP4 : ICMP6;
    }
}
