package io.vrrpd.daemon.config;

import io.vrrpd.hooks.kernel.Link;

import java.util.List;

/**
 * The network interfaces that exist now, against which {@code interface} references are checked
 * at load time. {@link SysfsInterfaceDirectory} reads them from sysfs, so that {@code --check}
 * needs neither netlink nor privileges.
 */
public interface InterfaceDirectory {

    /** Every interface, in ifindex order. */
    List<Link> links();

    /** A fixed directory, for tests and tools. */
    static InterfaceDirectory of(List<Link> links) {
        List<Link> copy = List.copyOf(links);
        return () -> copy;
    }
}
