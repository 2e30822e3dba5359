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
 */
public record ReceiveExpectations(AddressFamily family, int vrid, List<InetAddress> virtualAddresses,
        boolean addressOwner, OwnerPolicy ownerPolicy) {

    /** Validates and copies. */
    public ReceiveExpectations {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(ownerPolicy, "ownerPolicy");
        if (vrid < 1 || vrid > 255) {
            throw new IllegalArgumentException("vrid " + vrid + " (expected: 1-255)");
        }
        virtualAddresses = List.copyOf(virtualAddresses);
    }

    /** Expectations with the published RFC 9568 owner rule, {@link OwnerPolicy#DISCARD}. */
    public ReceiveExpectations(AddressFamily family, int vrid, List<InetAddress> virtualAddresses,
            boolean addressOwner) {
        this(family, vrid, virtualAddresses, addressOwner, OwnerPolicy.DISCARD);
    }
}
