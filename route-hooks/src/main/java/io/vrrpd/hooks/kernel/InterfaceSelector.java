package io.vrrpd.hooks.kernel;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which interface a setting refers to: by name ({@code interface: eth0}) or by link-layer
 * address ({@code interface: {mac: "52:54:00:12:34:56"}}), which survives a rename. The config
 * checks it against the links present when it loads; the daemon and the hooks resolve it
 * against the kernel's links each time they need the interface.
 */
public sealed interface InterfaceSelector {

    /** Every link of {@code links} this selects (exactly one when the config is valid on this host). */
    List<Link> matches(List<Link> links);

    /** The link this selects now, the first by the order of {@code links} if several match. */
    default Optional<Link> in(List<Link> links) {
        return matches(links).stream().findFirst();
    }

    /** The link this selects in the kernel now (by name, or the first with the MAC). */
    Optional<Link> in(Kernel kernel) throws KernelException;

    /** {@code eth0} or {@code mac 52:54:00:12:34:56}, for messages and logs. */
    String describe();

    /**
     * Why this does not select exactly one of {@code present} (the interfaces of the host a config
     * is checked on), or empty when it does: the one wording of that problem, for instances and
     * hooks alike.
     */
    default Optional<Mismatch> mismatchIn(List<Link> present) {
        List<Link> found = matches(present);
        if (found.size() == 1) {
            return Optional.empty();
        }
        if (found.size() > 1) {   // names are unique: only a MAC can be shared (bonds, VLANs)
            return Optional.of(new Mismatch("MAC " + ((ByMac) this).mac() + " is shared by "
                    + String.join(", ", found.stream().map(Link::name).toList()), "select one of them by name"));
        }
        String wanted = this instanceof ByMac m ? "no interface has MAC " + m.mac()
                : "interface \"" + describe() + "\" does not exist";
        return Optional.of(new Mismatch(wanted, present.isEmpty() ? "no interfaces are present"
                : "one of the interfaces present: " + String.join(", ", present.stream().map(Link::describe).toList())));
    }

    /** What is wrong with a selector on some host, and what would be valid there. */
    record Mismatch(String message, String expected) {
    }

    /** Selects the interface with this name. */
    record ByName(String name) implements InterfaceSelector {
        public ByName {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public List<Link> matches(List<Link> links) {
            return links.stream().filter(l -> l.name().equals(name)).toList();
        }

        @Override
        public Optional<Link> in(Kernel kernel) throws KernelException {
            return kernel.link(name);
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /** Selects the interface with this Ethernet address. */
    record ByMac(MacAddress mac) implements InterfaceSelector {
        private static final Pattern FORM = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

        public ByMac {
            Objects.requireNonNull(mac, "mac");
            if (mac.length() != 6) {
                throw new IllegalArgumentException("MAC " + mac + " (expected: six octets, e.g. 52:54:00:12:34:56)");
            }
        }

        /** {@code 52:54:00:12:34:56}, case-insensitive: six colon-separated octets. */
        public static ByMac parse(String text) {
            String mac = text.toLowerCase(Locale.ROOT);
            if (!FORM.matcher(mac).matches()) {
                throw new IllegalArgumentException("\"" + text + "\" is not a MAC address (expected: 52:54:00:12:34:56)");
            }
            return new ByMac(MacAddress.parse(mac));
        }

        @Override
        public List<Link> matches(List<Link> links) {
            return links.stream().filter(l -> mac.equals(l.mac())).toList();
        }

        @Override
        public Optional<Link> in(Kernel kernel) throws KernelException {
            return kernel.link(mac);
        }

        @Override
        public String describe() {
            return "mac " + mac;
        }
    }
}
