package io.vrrpd.daemon.config;

import java.util.Locale;
import java.util.Objects;

/**
 * A network interface as the kernel knows it now.
 *
 * @param name  interface name, e.g. {@code eth0}
 * @param index kernel interface index
 * @param mac   link-layer address as lower-case colon-separated hex, e.g. {@code 52:54:00:12:34:56}
 */
public record InterfaceInfo(String name, int index, String mac) {

    public InterfaceInfo {
        Objects.requireNonNull(name, "name");
        mac = mac == null ? "" : mac.toLowerCase(Locale.ROOT);
    }

    /** {@code eth0 (52:54:00:12:34:56)}, as used in error messages. */
    public String describe() {
        return mac.isEmpty() ? name : name + " (" + mac + ")";
    }
}
