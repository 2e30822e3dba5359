package io.vrrpd.hooks.builtin;

import io.vrrpd.core.IpText;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An address an instance holds while master on any interface, of either family, and never
 * advertises ({@code held-addresses: [{address: 203.0.113.5/25, interface: eth1}]}); keepalived's
 * {@code virtual_ipaddress_excluded} and its per-address {@code dev}.
 *
 * @param address       the address
 * @param prefixLength  its prefix length, 1..32 or 1..128
 * @param interfaceName the interface it is added to, by name
 */
public record HeldAddress(InetAddress address, int prefixLength, String interfaceName) {
    public HeldAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(interfaceName, "interfaceName");
        int max = address instanceof Inet6Address ? 128 : 32;
        if (prefixLength < 1 || prefixLength > max) {
            throw new IllegalArgumentException("prefix /" + prefixLength + " (expected: 1-" + max + ")");
        }
    }

    boolean ipv6() {
        return address instanceof Inet6Address;
    }

    /** {@code 203.0.113.5/25 on eth1}. */
    @Override
    public String toString() {
        return IpText.format(address) + "/" + prefixLength + " on " + interfaceName;
    }
}
