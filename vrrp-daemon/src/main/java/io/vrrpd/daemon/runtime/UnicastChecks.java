package io.vrrpd.daemon.runtime;

import io.vrrpd.core.IpText;
import io.vrrpd.daemon.config.UnicastConfig;

import java.net.InetAddress;
import java.util.List;

/**
 * What the config loader cannot know about a unicast instance because it depends on the host:
 * the source must be an address of the interface, and no peer may be one (a router that
 * advertises to itself would hear its own adverts as a peer's).
 */
final class UnicastChecks {
    private UnicastChecks() {
    }

    /** The problem that keeps the instance in FAULT, or null. */
    static String problem(UnicastConfig unicast, InetAddress source, String interfaceName, List<InetAddress> own) {
        if (!own.contains(source)) {
            return "unicast-source " + IpText.format(source) + " is not an address of interface " + interfaceName;
        }
        for (InetAddress peer : unicast.peers()) {
            if (own.contains(peer)) {
                return "unicast peer " + IpText.format(peer) + " is an address of this router's interface "
                        + interfaceName + " (expected: the other routers' addresses)";
            }
        }
        return null;
    }
}
