package io.vrrpd.hooks.kernel;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A neighbour table (ARP / NDP) entry.
 *
 * @param ifindex interface
 * @param address the neighbour's IP address
 * @param lladdr  its link-layer address, or null while unresolved
 * @param state   NUD state
 */
public record Neighbor(int ifindex, InetAddress address, MacAddress lladdr, NeighborState state) {
    public Neighbor {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(state, "state");
    }
}
