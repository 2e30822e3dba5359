package io.vrrpd.core.packet;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The unicast side of {@link ReceiveExpectations}: which routers a unicast instance hears, and
 * at which of its own addresses. {@link #NONE} for a multicast instance. Immutable; the
 * membership tests compare raw address bytes and allocate nothing, so they can run per advert.
 */
public final class UnicastPeers {
    /** A multicast instance: no peer list, no destination check. */
    public static final UnicastPeers NONE = new UnicastPeers(List.of(), null);

    private final List<InetAddress> peers;
    private final byte[][] peerBytes;
    private final InetAddress localAddress;
    private final byte[] localBytes;

    private UnicastPeers(List<InetAddress> peers, InetAddress localAddress) {
        this.peers = List.copyOf(peers);
        this.peerBytes = this.peers.stream().map(InetAddress::getAddress).toArray(byte[][]::new);
        this.localAddress = localAddress;
        this.localBytes = localAddress == null ? null : localAddress.getAddress();
    }

    /**
     * A unicast instance that hears {@code peers} at {@code localAddress} (its unicast source).
     * {@code localAddress} may be null while the interface has no address to send from; every
     * advert is then rejected as {@link RejectReason#UNICAST_DESTINATION_ERROR}.
     *
     * @throws IllegalArgumentException when {@code peers} is empty
     */
    public static UnicastPeers of(List<InetAddress> peers, InetAddress localAddress) {
        Objects.requireNonNull(peers, "peers");
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("no unicast peers (expected: at least one; use NONE for multicast)");
        }
        return new UnicastPeers(peers, localAddress);
    }

    /** Whether the instance runs in unicast mode. */
    public boolean isUnicast() {
        return !peers.isEmpty();
    }

    /** The configured peers, in configuration order; empty for multicast. */
    public List<InetAddress> peers() {
        return peers;
    }

    /** The address adverts must be sent to (our unicast source), or null. */
    public InetAddress localAddress() {
        return localAddress;
    }

    /** Whether {@code source} (4 or 16 bytes) is one of the peers. */
    public boolean isPeer(byte[] source) {
        for (byte[] p : peerBytes) {
            if (Arrays.equals(p, source)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code destination} is our unicast address. */
    public boolean isLocal(byte[] destination) {
        return localBytes != null && Arrays.equals(localBytes, destination);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnicastPeers u && peers.equals(u.peers) && Objects.equals(localAddress, u.localAddress);
    }

    @Override
    public int hashCode() {
        return Objects.hash(peers, localAddress);
    }

    @Override
    public String toString() {
        return isUnicast() ? "unicast to " + peers + " at " + localAddress : "multicast";
    }
}
