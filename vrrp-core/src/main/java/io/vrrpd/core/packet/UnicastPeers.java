package io.vrrpd.core.packet;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The unicast side of {@link ReceiveExpectations}: which routers a unicast instance hears, with
 * the TTL bounds of each ({@link UnicastPeer}), and at which of its own addresses.
 * {@link #NONE} for a multicast instance. Immutable; the membership tests compare raw address
 * bytes and allocate nothing, so they can run per advert.
 */
public final class UnicastPeers {
    /** A multicast instance: no peer list, no destination check. */
    public static final UnicastPeers NONE = new UnicastPeers(List.of(), null);

    private final List<UnicastPeer> entries;
    private final List<InetAddress> peers;
    private final byte[][] peerBytes;
    private final InetAddress localAddress;
    private final byte[] localBytes;

    private UnicastPeers(List<UnicastPeer> entries, InetAddress localAddress) {
        this.entries = List.copyOf(entries);
        this.peers = this.entries.stream().map(UnicastPeer::address).toList();
        this.peerBytes = this.peers.stream().map(InetAddress::getAddress).toArray(byte[][]::new);
        this.localAddress = localAddress;
        this.localBytes = localAddress == null ? null : localAddress.getAddress();
    }

    /**
     * A unicast instance that hears {@code peers}, whatever TTL their adverts carry, at
     * {@code localAddress} (its unicast source). {@code localAddress} may be null while the
     * interface has no address to send from; every advert is then rejected as
     * {@link RejectReason#UNICAST_DESTINATION_ERROR}.
     *
     * @throws IllegalArgumentException when {@code peers} is empty
     */
    public static UnicastPeers of(List<InetAddress> peers, InetAddress localAddress) {
        Objects.requireNonNull(peers, "peers");
        return ofPeers(peers.stream().map(UnicastPeer::of).toList(), localAddress);
    }

    /**
     * As {@link #of}, with each peer's TTL bounds.
     *
     * @throws IllegalArgumentException when {@code peers} is empty
     */
    public static UnicastPeers ofPeers(List<UnicastPeer> peers, InetAddress localAddress) {
        Objects.requireNonNull(peers, "peers");
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("no unicast peers (expected: at least one; use NONE for multicast)");
        }
        return new UnicastPeers(peers, localAddress);
    }

    /** The same peers heard at {@code localAddress} (null: none yet). */
    public UnicastPeers withLocalAddress(InetAddress localAddress) {
        if (!isUnicast()) {
            throw new IllegalStateException("a multicast instance has no unicast address");
        }
        return Objects.equals(localAddress, this.localAddress) ? this : new UnicastPeers(entries, localAddress);
    }

    /** Whether the instance runs in unicast mode. */
    public boolean isUnicast() {
        return !entries.isEmpty();
    }

    /** The configured peers' addresses, in configuration order; empty for multicast. */
    public List<InetAddress> peers() {
        return peers;
    }

    /** The configured peers with their TTL bounds, in configuration order. */
    public List<UnicastPeer> entries() {
        return entries;
    }

    /** The address adverts must be sent to (our unicast source), or null. */
    public InetAddress localAddress() {
        return localAddress;
    }

    /** Whether {@code source} (4 or 16 bytes) is one of the peers. */
    public boolean isPeer(byte[] source) {
        return indexOf(source) >= 0;
    }

    /** The position of {@code source} among the peers, or -1. */
    int indexOf(byte[] source) {
        for (int i = 0; i < peerBytes.length; i++) {
            if (Arrays.equals(peerBytes[i], source)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the peer at {@code index} may send with {@code ttl}. */
    boolean acceptsTtl(int index, int ttl) {
        return entries.get(index).acceptsTtl(ttl);
    }

    /** Whether {@code destination} is our unicast address. */
    public boolean isLocal(byte[] destination) {
        return localBytes != null && Arrays.equals(localBytes, destination);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnicastPeers u && entries.equals(u.entries) && Objects.equals(localAddress, u.localAddress);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entries, localAddress);
    }

    @Override
    public String toString() {
        return isUnicast() ? "unicast to " + peers + " at " + localAddress : "multicast";
    }
}
