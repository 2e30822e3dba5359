package io.vrrpd.daemon.config;

import io.vrrpd.core.IpText;
import io.vrrpd.core.AddressFamily;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A virtual address with the prefix length it is installed with ({@code 192.0.2.1/24}).
 * Without a prefix in the config the address is a host address: /32 or /128.
 */
public record VirtualAddress(InetAddress address, int prefixLength) {

    public VirtualAddress {
        Objects.requireNonNull(address, "address");
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 1 || prefixLength > max) {
            throw new IllegalArgumentException("prefix /" + prefixLength + " (expected: 1-" + max + ")");
        }
    }

    public AddressFamily family() {
        return address instanceof Inet4Address ? AddressFamily.IPV4 : AddressFamily.IPV6;
    }

    /** An IPv6 link-local address (fe80::/10). */
    public boolean isLinkLocal() {
        return address instanceof Inet6Address && address.isLinkLocalAddress();
    }

    /** Whether {@code other} is inside this address's prefix (same family, same first prefixLength bits). */
    public boolean covers(InetAddress other) {
        byte[] a = address.getAddress();
        byte[] b = other.getAddress();
        if (a.length != b.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        int mask = (0xff << (8 - rest)) & 0xff;
        return rest == 0 || (a[full] & mask) == (b[full] & mask);
    }

    @Override
    public String toString() {
        return IpText.format(address) + "/" + prefixLength;
    }
}
