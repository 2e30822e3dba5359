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
 */
public record Address(int ifindex, InetAddress address, int prefixLength, int scope, Set<AddressFlag> flags) {
    public Address {
        Objects.requireNonNull(address, "address");
        flags = Set.copyOf(flags);
    }

    /** IPv6 DAD has not finished: the address cannot be used as a source yet. */
    public boolean tentative() {
        return flags.contains(AddressFlag.TENTATIVE);
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength + " on ifindex " + ifindex + (flags.isEmpty() ? "" : " " + flags);
    }
}
