package io.vrrpd.hooks.kernel;

import java.util.Objects;

/**
 * A macvlan link as the kernel reports it.
 *
 * @param index  its ifindex
 * @param name   its name
 * @param parent the ifindex of the link it sits on (IFLA_LINK)
 * @param mac    its own MAC
 * @param mode   its mode; null for one {@link MacvlanMode} does not know
 * @param up     administratively up (IFF_UP)
 */
public record Macvlan(int index, String name, int parent, MacAddress mac, MacvlanMode mode, boolean up) {
    public Macvlan {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mac, "mac");
    }
}
