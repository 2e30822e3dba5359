package io.vrrpd.hooks.kernel;

import java.net.InetAddress;

/**
 * The kernel's answer to "how would a packet to this destination leave" (RTM_GETROUTE).
 *
 * @param gateway       next hop, or null when the destination is on-link
 * @param oif           outgoing ifindex
 * @param preferredSource source address the kernel would pick, or null
 * @param table         routing table that matched
 * @param type          route type (UNICAST, LOCAL, ...)
 */
public record RouteLookup(InetAddress gateway, int oif, InetAddress preferredSource, int table, RouteType type) {
}
