package io.vrrpd.daemon.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which interface a setting refers to: by name ({@code interface: eth0}) or by link-layer
 * address ({@code interface: {mac: "52:54:00:12:34:56"}}), which survives a rename.
 */
public sealed interface InterfaceSelector {

    /** The interfaces of {@code interfaces} this selects (one when valid; none or several otherwise). */
    List<InterfaceInfo> matches(List<InterfaceInfo> interfaces);

    /** {@code eth0} or {@code mac 52:54:00:12:34:56}, for messages and logs. */
    String describe();

    /** Selects the interface with this name. */
    record ByName(String name) implements InterfaceSelector {
        public ByName {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public List<InterfaceInfo> matches(List<InterfaceInfo> interfaces) {
            return interfaces.stream().filter(i -> i.name().equals(name)).toList();
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /** Selects the interface with this link-layer address (lower-case, colon-separated). */
    record ByMac(String mac) implements InterfaceSelector {
        static final Pattern FORM = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

        public ByMac {
            mac = mac.toLowerCase(Locale.ROOT);
            if (!FORM.matcher(mac).matches()) {
                throw new IllegalArgumentException("\"" + mac + "\" is not a MAC address (expected: 52:54:00:12:34:56)");
            }
        }

        @Override
        public List<InterfaceInfo> matches(List<InterfaceInfo> interfaces) {
            return interfaces.stream().filter(i -> i.mac().equals(mac)).toList();
        }

        @Override
        public String describe() {
            return "mac " + mac;
        }
    }
}
