package io.vrrpd.hooks.kernel;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;

/**
 * A route: what {@link Kernel#replaceRoute} installs and {@link Kernel#deleteRoute} removes, and
 * what the kernel reports back for routes it holds. A {@linkplain RouteType#UNICAST unicast} route
 * forwards (by gateway, interface or both); a {@linkplain RouteType#installable() blackhole,
 * unreachable or prohibit} route drops what matches and has neither.
 *
 * @param destination   network address of the destination prefix (0.0.0.0 or :: for a default route)
 * @param prefixLength  its length (0 for a default route)
 * @param gateway       next hop, or null for a directly connected (scope link) route
 * @param ifindex       outgoing interface, or 0 to let the kernel find it from the gateway
 * @param table         routing table, 1..2^32-1 (254 is main)
 * @param metric        RTA_PRIORITY; lower is preferred. IPv6 treats 0 as 1024
 * @param protocol      RTPROT_* tag; {@link #PROTOCOL_VRRPD} marks routes this daemon installed
 * @param type          UNICAST, BLACKHOLE, UNREACHABLE or PROHIBIT ({@link RouteType#installable()})
 */
public record RouteSpec(InetAddress destination, int prefixLength, InetAddress gateway, int ifindex, int table,
                        int metric, int protocol, RouteType type) {
    public static final int TABLE_MAIN = 254;
    /**
     * Protocol tag ({@code rtm_protocol}) of routes vrrpd installs: 200 (0xc8). Unused by the kernel
     * ({@code linux/rtnetlink.h} ends at 192, RTPROT_EIGRP), by iproute2's {@code rt_protos}
     * (18 is keepalived) and by FRR (186..198). {@code ip route} shows it as "200" unless
     * {@code /etc/iproute2/rt_protos.d/vrrpd.conf} contains {@code 200 vrrpd}.
     */
    public static final int PROTOCOL_VRRPD = 200;

    public RouteSpec {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(type, "type");
        if (!type.installable()) {
            throw new IllegalArgumentException("route type " + type + " (expected: UNICAST, BLACKHOLE, UNREACHABLE or PROHIBIT)");
        }
        int max = destination instanceof Inet6Address ? 128 : 32;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " (expected: 0.." + max + ")");
        }
        if (gateway != null && gateway.getClass() != destination.getClass()) {
            throw new IllegalArgumentException("gateway " + gateway.getHostAddress() + " for destination "
                    + destination.getHostAddress() + " (expected: the same address family)");
        }
        if (type != RouteType.UNICAST && gateway != null) {
            throw new IllegalArgumentException(type + " route to " + destination.getHostAddress() + "/" + prefixLength
                    + " with a gateway (expected: none; only a unicast route has a next hop)");
        }
        if (type == RouteType.UNICAST && gateway == null && ifindex <= 0) {
            throw new IllegalArgumentException("route to " + destination.getHostAddress() + "/" + prefixLength
                    + " has neither gateway nor interface (expected: at least one)");
        }
        if (table == 0) {
            throw new IllegalArgumentException("table 0 (expected: 1..4294967295, 254 is main)");
        }
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol " + protocol + " (expected: 0..255)");
        }
    }

    /** A unicast route. */
    public RouteSpec(InetAddress destination, int prefixLength, InetAddress gateway, int ifindex, int table,
                     int metric, int protocol) {
        this(destination, prefixLength, gateway, ifindex, table, metric, protocol, RouteType.UNICAST);
    }

    /** A default route (0.0.0.0/0 or ::/0, by the gateway's family) tagged {@link #PROTOCOL_VRRPD}. */
    public static RouteSpec defaultRoute(InetAddress gateway, int ifindex, int table, int metric) {
        Objects.requireNonNull(gateway, "gateway");
        return new RouteSpec(anyAddress(gateway), 0, gateway, ifindex, table, metric, PROTOCOL_VRRPD);
    }

    /** 0.0.0.0 or :: in the family of {@code like}. */
    public static InetAddress anyAddress(InetAddress like) {
        try {
            return InetAddress.getByAddress(new byte[like instanceof Inet4Address ? 4 : 16]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean ipv6() {
        return destination instanceof Inet6Address;
    }

    public boolean isDefault() {
        return prefixLength == 0;
    }

    /** Whether vrrpd installed this route (its protocol tag is {@link #PROTOCOL_VRRPD}). */
    public boolean installedByVrrpd() {
        return protocol == PROTOCOL_VRRPD;
    }

    /** The metric as the kernel keeps it: IPv6 stores 0 as 1024. */
    public int kernelMetric() {
        return kernelMetric(ipv6(), metric);
    }

    /** {@code metric} of a route of that family as the kernel keeps it: IPv6 stores 0 as 1024. */
    public static int kernelMetric(boolean ipv6, int metric) {
        return ipv6 && metric == 0 ? 1024 : metric;
    }

    @Override
    public String toString() {
        return (type == RouteType.UNICAST ? "" : type.name().toLowerCase(Locale.ROOT) + " ")
                + (isDefault() ? "default" : destination.getHostAddress() + "/" + prefixLength)
                + (gateway == null ? "" : " via " + gateway.getHostAddress())
                + (ifindex > 0 ? " ifindex " + ifindex : "")
                + " table " + Integer.toUnsignedString(table) + " metric " + Integer.toUnsignedString(metric)
                + " proto " + protocol;
    }
}
