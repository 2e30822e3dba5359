package io.vrrpd.hooks.builtin;

import io.vrrpd.core.IpText;
import io.vrrpd.hooks.kernel.RouteSpec;
import io.vrrpd.hooks.kernel.RouteType;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Locale;

/**
 * A route the {@code routes} hook installs, as accepted at load: the interface still by name, since
 * its index is the kernel's and may change (a rename keeps it, a re-creation does not).
 *
 * @param dev interface name, or null (a unicast route via a gateway, or a dropping type)
 */
record WantedRoute(InetAddress destination, int prefixLength, InetAddress gateway, String dev, int table, int metric,
                   RouteType type) {

    /** The kernel's route for it, with {@code ifindex} for {@link #dev} (0 when none). */
    RouteSpec spec(int ifindex) {
        return new RouteSpec(destination, prefixLength, gateway, ifindex, table, metric, RouteSpec.PROTOCOL_VRRPD, type);
    }

    /** The metric as the kernel keeps it (IPv6: 0 is 1024). */
    int kernelMetric() {
        return RouteSpec.kernelMetric(ipv6(), metric);
    }

    boolean ipv6() {
        return destination instanceof Inet6Address;
    }

    /** Whether {@code r} takes this route's place in the kernel: same family, destination, table and metric. */
    boolean samePlace(RouteSpec r) {
        return r.ipv6() == ipv6() && r.prefixLength() == prefixLength && r.destination().equals(destination)
                && r.table() == table && r.kernelMetric() == kernelMetric();
    }

    /**
     * Whether {@code r} is this route as the kernel lists it: in its place, of its type, via its
     * gateway, out of {@code ifindex} when it names a device (the kernel fills one in otherwise).
     */
    boolean isListedAs(RouteSpec r, int ifindex) {
        return samePlace(r) && r.type() == type && sameAddress(r.gateway(), gateway)
                && (type != RouteType.UNICAST || dev == null || r.ifindex() == ifindex);
    }

    private static boolean sameAddress(InetAddress a, InetAddress b) {
        return a == null ? b == null : b != null && Arrays.equals(a.getAddress(), b.getAddress());
    }

    /** {@code 203.0.113.0/25 via 198.51.100.1 dev up0 table 100 metric 10}, as {@code ip route} would say it. */
    @Override
    public String toString() {
        return (type == RouteType.UNICAST ? "" : type.name().toLowerCase(Locale.ROOT) + " ")
                + IpText.format(destination) + "/" + prefixLength
                + (gateway == null ? "" : " via " + IpText.format(gateway)) + (dev == null ? "" : " dev " + dev)
                + (table == RouteSpec.TABLE_MAIN ? "" : " table " + Integer.toUnsignedString(table))
                + (metric == 0 ? "" : " metric " + Integer.toUnsignedString(metric));
    }
}
