package io.vrrpd.hooks.kernel;

/** {@code RTN_*}: what a route does with matching packets. */
public enum RouteType {
    UNSPEC, UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST, BLACKHOLE, UNREACHABLE, PROHIBIT, THROW, NAT, XRESOLVE;

    /** The types a {@link RouteSpec} holds: UNICAST, and the three that drop what they match. */
    public boolean installable() {
        return this == UNICAST || this == BLACKHOLE || this == UNREACHABLE || this == PROHIBIT;
    }

    /** The type for a kernel value (its ordinal); unknown values map to {@link #UNSPEC}. */
    public static RouteType valueOf(int value) {
        RouteType[] all = values();
        return value >= 0 && value < all.length ? all[value] : UNSPEC;
    }
}
