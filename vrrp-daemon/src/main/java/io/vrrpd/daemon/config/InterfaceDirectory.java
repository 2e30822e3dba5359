package io.vrrpd.daemon.config;

import java.util.List;

/**
 * The network interfaces that exist now, used to check {@code interface} references at load
 * time. {@link SysfsInterfaceDirectory} reads them from sysfs; the daemon may swap in netlink.
 */
public interface InterfaceDirectory {

    /** Every interface, in a stable order. */
    List<InterfaceInfo> interfaces();

    /** A fixed directory, for tests and tools. */
    static InterfaceDirectory of(List<InterfaceInfo> interfaces) {
        List<InterfaceInfo> copy = List.copyOf(interfaces);
        return () -> copy;
    }
}
