package io.vrrpd.hooks.kernel;

import java.util.Objects;

/**
 * A network interface as the kernel reports it.
 *
 * @param index     ifindex, stable for the life of the interface (names are not)
 * @param name      current name
 * @param mac       link-layer address, or null for links without one (e.g. tun)
 * @param up        administratively up (IFF_UP)
 * @param lowerUp   carrier present (IFF_LOWER_UP)
 * @param running   IFF_RUNNING
 * @param operState RFC 2863 operational state
 * @param mtu       MTU in bytes
 */
public record Link(int index, String name, MacAddress mac, boolean up, boolean lowerUp, boolean running,
                   OperState operState, int mtu) {
    public Link {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(operState, "operState");
        if (index <= 0) {
            throw new IllegalArgumentException("ifindex " + index + " (expected: 1+)");
        }
    }

    /** {@code eth0 (52:54:00:12:34:56)}, as messages list the interfaces present. */
    public String describe() {
        return mac == null ? name : name + " (" + mac + ")";
    }

    /** Usable for traffic: administratively up and carrier present. */
    public boolean usable() {
        return up && lowerUp && (operState == OperState.UP || operState == OperState.UNKNOWN);
    }
}
