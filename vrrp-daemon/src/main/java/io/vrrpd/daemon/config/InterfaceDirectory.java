package io.vrrpd.daemon.config;

import io.vrrpd.hooks.kernel.Address;
import io.vrrpd.hooks.kernel.Link;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The network interfaces that exist now, against which {@code interface} references are checked
 * at load time, and their addresses, against which a {@code unicast-source} and a gateway's being
 * on-link are. {@link SysfsInterfaceDirectory} reads them from sysfs and the JDK, so that
 * {@code --check} needs neither netlink nor privileges.
 */
public interface InterfaceDirectory {

    /** Every interface, in ifindex order. */
    List<Link> links();

    /**
     * The addresses on {@code link} now, or empty when this directory does not know them (a fixed
     * directory made from links alone, as tests and the rehearsal lab build): the checks that need
     * them are then not made.
     */
    default Optional<List<Address>> addresses(Link link) {
        return Optional.empty();
    }

    /** A fixed directory of links whose addresses it does not know, for tests and tools. */
    static InterfaceDirectory of(List<Link> links) {
        List<Link> copy = List.copyOf(links);
        return () -> copy;
    }

    /** A fixed directory with the addresses of each link, by ifindex (a link not in the map has none). */
    static InterfaceDirectory of(List<Link> links, Map<Integer, List<Address>> addresses) {
        List<Link> copy = List.copyOf(links);
        Map<Integer, List<Address>> byIndex = Map.copyOf(addresses);
        return new InterfaceDirectory() {
            @Override
            public List<Link> links() {
                return copy;
            }

            @Override
            public Optional<List<Address>> addresses(Link link) {
                return Optional.of(byIndex.getOrDefault(link.index(), List.of()));
            }
        };
    }
}
