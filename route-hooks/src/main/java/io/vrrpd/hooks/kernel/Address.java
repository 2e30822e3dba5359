package io.vrrpd.hooks.kernel;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Set;

/**
 * An address assigned to an interface.
 *
 * @param ifindex      interface it is on
 * @param address      the local address (IFA_LOCAL for IPv4, IFA_ADDRESS for IPv6)
 * @param prefixLength prefix length
 * @param scope        RT_SCOPE_* (0 universe, 253 link, 254 host)
 * @param flags        IFA_F_* flags, e.g. TENTATIVE while IPv6 duplicate address detection runs
 * @param protocol     who added it (IFA_PROTO, 0..255): the tag given to {@link Kernel#addAddress}, or 0 when
 *                     none was given or the kernel does not keep tags (before Linux 6.1)
 */
public record Address(int ifindex, InetAddress address, int prefixLength, int scope, Set<AddressFlag> flags,
                      int protocol) {
    public Address {
        Objects.requireNonNull(address, "address");
        flags = Set.copyOf(flags);
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol " + protocol + " (expected: 0..255)");
        }
    }

    /** An address without a protocol tag. */
    public Address(int ifindex, InetAddress address, int prefixLength, int scope, Set<AddressFlag> flags) {
        this(ifindex, address, prefixLength, scope, flags, 0);
    }

    /** IPv6 DAD has not finished: the address cannot be used as a source yet. */
    public boolean tentative() {
        return flags.contains(AddressFlag.TENTATIVE);
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength + " on ifindex " + ifindex + (flags.isEmpty() ? "" : " " + flags)
                + (protocol == 0 ? "" : " proto " + protocol);
    }
}
