package io.vrrpd.daemon.config;

import io.vrrpd.core.packet.UnicastPeer;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An instance's {@code unicast-peers} and {@code unicast-source}: with peers, adverts go to each
 * peer as a unicast datagram instead of to 224.0.0.18 / ff02::12, and only adverts from the peers,
 * addressed to the source, are heard. {@link #MULTICAST} when no peers are configured.
 *
 * @param entries the peers with the TTL / hop limit bounds of their adverts (keepalived's
 *                {@code min_ttl} / {@code max_ttl}; by default any), in file order; empty for multicast
 * @param source  the address adverts are sent from; empty: the interface's primary IPv4 address or
 *                its IPv6 link-local address
 */
public record UnicastConfig(List<UnicastPeer> entries, Optional<InetAddress> source) {
    /** No unicast peers: adverts to the multicast group. */
    public static final UnicastConfig MULTICAST = new UnicastConfig(List.of(), Optional.empty());

    public UnicastConfig {
        entries = List.copyOf(entries);
        Objects.requireNonNull(source, "source");
    }

    /** Peers that may send with any TTL, from {@code source}. */
    public static UnicastConfig of(List<InetAddress> peers, Optional<InetAddress> source) {
        return new UnicastConfig(peers.stream().map(UnicastPeer::of).toList(), source);
    }

    /** The peers' addresses, in file order. */
    public List<InetAddress> peers() {
        return entries.stream().map(UnicastPeer::address).toList();
    }

    /** Whether adverts are sent to peers rather than to the group. */
    public boolean isUnicast() {
        return !entries.isEmpty();
    }
}
