package io.vrrpd.core.packet;

import io.vrrpd.core.AddressFamily;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * What the local virtual router expects of an advert addressed to it: the input of
 * {@link ReceiveCheck}. Immutable.
 *
 * @param family           the local instance's family
 * @param vrid             the local VRID, 1-255
 * @param virtualAddresses the configured virtual addresses (copied; order does not matter)
 * @param addressOwner     whether the local router owns the addresses (priority 255)
 * @param ownerPolicy      what an owner does with an advert for its VRID
 * @param unicast          the peers a unicast instance hears and its own address; {@link UnicastPeers#NONE}
 *                         for multicast
 */
public record ReceiveExpectations(AddressFamily family, int vrid, List<InetAddress> virtualAddresses,
        boolean addressOwner, OwnerPolicy ownerPolicy, UnicastPeers unicast) {

    /** Validates and copies. */
    public ReceiveExpectations {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(ownerPolicy, "ownerPolicy");
        Objects.requireNonNull(unicast, "unicast");
        if (vrid < 1 || vrid > 255) {
            throw new IllegalArgumentException("vrid " + vrid + " (expected: 1-255)");
        }
        virtualAddresses = List.copyOf(virtualAddresses);
    }

    /** Multicast expectations. */
    public ReceiveExpectations(AddressFamily family, int vrid, List<InetAddress> virtualAddresses,
            boolean addressOwner, OwnerPolicy ownerPolicy) {
        this(family, vrid, virtualAddresses, addressOwner, ownerPolicy, UnicastPeers.NONE);
    }

    /** The same expectations with {@code unicast} peers and local address. */
    public ReceiveExpectations withUnicast(UnicastPeers peers) {
        return new ReceiveExpectations(family, vrid, virtualAddresses, addressOwner, ownerPolicy, peers);
    }

    /** Multicast expectations with the published RFC 9568 owner rule, {@link OwnerPolicy#DISCARD}. */
    public ReceiveExpectations(AddressFamily family, int vrid, List<InetAddress> virtualAddresses,
            boolean addressOwner) {
        this(family, vrid, virtualAddresses, addressOwner, OwnerPolicy.DISCARD, UnicastPeers.NONE);
    }
}
