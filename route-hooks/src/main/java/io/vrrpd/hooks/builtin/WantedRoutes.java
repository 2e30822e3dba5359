package io.vrrpd.hooks.builtin;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.IpText;
import io.vrrpd.hooks.HookConfigProblem;
import io.vrrpd.hooks.kernel.RouteSpec;
import io.vrrpd.hooks.kernel.RouteType;
import io.vrrpd.hooks.kernel.RuleSpec;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The routes and rules of a {@link RoutesConfig} read into kernel objects, every value judged on
 * its own and each bad one reported at its path ({@code routes[1].via}); the one reading of the
 * config, used to validate it at load and to build the hook from it.
 */
record WantedRoutes(List<WantedRoute> routes, List<RuleSpec> rules) {
    static final long MAX_U32 = 0xffff_ffffL;
    static final long LOCAL_TABLE = 255;
    static final String TABLE_EXPECTED = "main, or a table number 1-" + MAX_U32 + " other than 255 (local)";
    static final String TYPES = "unicast, blackhole, unreachable or prohibit";

    /** The config read; every problem found is added to {@code problems} (the result then holds only the good entries). */
    static WantedRoutes read(RoutesConfig c, List<HookConfigProblem> problems) {
        List<WantedRoute> routes = new ArrayList<>();
        Map<String, Integer> places = new HashMap<>();
        for (int i = 0; i < c.routes().size(); i++) {
            String at = "routes[" + i + "]";
            Optional<WantedRoute> w = route(c.routes().get(i), at, problems);
            if (w.isPresent()) {
                routes.add(w.get());
                Integer first = places.putIfAbsent(place(w.get()), i);
                if (first != null) {
                    problems.add(new HookConfigProblem(at, "same destination, table and metric as routes[" + first
                            + "]: the kernel keeps one route there, so one would replace the other",
                            "another metric or table, or one entry"));
                }
            }
        }
        List<RuleSpec> rules = new ArrayList<>();
        for (int i = 0; i < c.rules().size(); i++) {
            rule(c.rules().get(i), "rules[" + i + "]", problems).ifPresent(rules::add);
        }
        return new WantedRoutes(List.copyOf(routes), List.copyOf(rules));
    }

    /** An accepted config read; it must have no problems. */
    static WantedRoutes of(RoutesConfig c) {
        List<HookConfigProblem> problems = new ArrayList<>();
        WantedRoutes w = read(c, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("routes hook config with problems: " + problems);
        }
        return w;
    }

    private static Optional<WantedRoute> route(RoutesConfig.Route r, String at, List<HookConfigProblem> problems) {
        if (r == null) {
            problems.add(new HookConfigProblem(at, "empty route", "{to: 203.0.113.0/25, via: 198.51.100.1}"));
            return Optional.empty();
        }
        int before = problems.size();
        RouteType type = RouteType.UNICAST;
        if (r.type() != null) {
            type = switch (r.type().toLowerCase(Locale.ROOT)) {
                case "unicast" -> RouteType.UNICAST;
                case "blackhole" -> RouteType.BLACKHOLE;
                case "unreachable" -> RouteType.UNREACHABLE;
                case "prohibit" -> RouteType.PROHIBIT;
                default -> {
                    problems.add(new HookConfigProblem(at + ".type", "\"" + r.type() + "\" is not a route type", TYPES));
                    yield null;
                }
            };
        }
        InetAddress via = null;
        if (r.via() != null) {
            via = IpText.parse(r.via()).orElse(null);
            if (via == null) {
                problems.add(new HookConfigProblem(at + ".via", "\"" + r.via() + "\" is not an IP address",
                        "the next hop's address, e.g. 198.51.100.1"));
            } else if (via.isAnyLocalAddress() || via.isMulticastAddress() || via.isLoopbackAddress()) {
                problems.add(new HookConfigProblem(at + ".via", IpText.format(via) + " cannot be a next hop",
                        "a unicast address on a link of this router"));
            }
        }
        Prefix to = null;
        if (r.to() == null) {
            problems.add(new HookConfigProblem(at + ".to", "missing required field", "a destination prefix, e.g. 203.0.113.0/25"));
        } else if (r.to().equals("default")) {
            if (via == null) {
                problems.add(new HookConfigProblem(at + ".to", "\"default\" without a via has no address family",
                        "0.0.0.0/0 or ::/0, or a via"));
            } else {
                to = new Prefix(RouteSpec.anyAddress(via), 0);
            }
        } else {
            to = prefix(r.to(), at + ".to", problems);
        }
        if (to != null && via != null && AddressFamily.of(via) != AddressFamily.of(to.address())) {
            problems.add(new HookConfigProblem(at + ".via", "next hop " + IpText.format(via) + " is "
                    + AddressFamily.of(via).configName() + " but destination " + to + " is "
                    + AddressFamily.of(to.address()).configName(), "a next hop of the destination's family"));
        }
        if (type == RouteType.UNICAST && via == null && r.dev() == null && r.via() == null) {
            problems.add(new HookConfigProblem(at, "a unicast route needs a via, a dev or both",
                    "via: ADDRESS, dev: INTERFACE, or a type: blackhole, unreachable or prohibit"));
        }
        if (type != null && type != RouteType.UNICAST) {
            for (String[] f : new String[][] {{"via", r.via()}, {"dev", r.dev()}}) {
                if (f[1] != null) {
                    problems.add(new HookConfigProblem(at + "." + f[0], "a " + type.name().toLowerCase(Locale.ROOT)
                            + " route has no " + f[0] + ": it drops what it matches", "no " + f[0] + ", or type: unicast"));
                }
            }
        }
        if (r.dev() != null && (r.dev().isEmpty() || r.dev().length() > 15 || r.dev().contains("/")
                || r.dev().chars().anyMatch(Character::isWhitespace))) {
            problems.add(new HookConfigProblem(at + ".dev", "\"" + r.dev() + "\" is not an interface name",
                    "1 to 15 characters, no \"/\" or spaces"));
        }
        Long table = table(r.table(), at + ".table", problems);
        Long metric = r.metric() == null ? Long.valueOf(0) : u32(r.metric(), at + ".metric", 0, problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new WantedRoute(to.address(), to.length(), via, r.dev(), (int) (long) table,
                (int) (long) metric, type));
    }

    private static Optional<RuleSpec> rule(RoutesConfig.Rule r, String at, List<HookConfigProblem> problems) {
        if (r == null) {
            problems.add(new HookConfigProblem(at, "empty rule", "{from: 192.0.2.0/24, table: 100, priority: 100}"));
            return Optional.empty();
        }
        int before = problems.size();
        Prefix from = r.from() == null ? null : prefix(r.from(), at + ".from", problems);
        Prefix to = r.to() == null ? null : prefix(r.to(), at + ".to", problems);
        if (r.from() == null && r.to() == null) {
            problems.add(new HookConfigProblem(at, "a rule needs a from, a to or both (they give its address family)",
                    "from: 192.0.2.0/24, to: 203.0.113.0/25, or both"));
        }
        if (from != null && to != null && AddressFamily.of(from.address()) != AddressFamily.of(to.address())) {
            problems.add(new HookConfigProblem(at + ".to", "destination " + to + " is "
                    + AddressFamily.of(to.address()).configName() + " but source " + from + " is "
                    + AddressFamily.of(from.address()).configName(), "prefixes of one family"));
        }
        Long table = null;
        if (r.table() == null) {
            problems.add(new HookConfigProblem(at + ".table", "missing required field", TABLE_EXPECTED));
        } else {
            table = table(r.table(), at + ".table", problems);
        }
        Long priority = r.priority() == null ? Long.valueOf(0) : u32(r.priority(), at + ".priority", 1, problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        Prefix any = from != null ? from : to;
        return Optional.of(new RuleSpec(AddressFamily.of(any.address()), from == null ? null : from.address(),
                from == null ? 0 : from.length(), to == null ? null : to.address(), to == null ? 0 : to.length(),
                (int) (long) table, (int) (long) priority, RouteSpec.PROTOCOL_VRRPD));
    }

    /** Where the kernel keeps a route: one per family, destination, table and metric. */
    private static String place(WantedRoute w) {
        return (w.ipv6() ? "6 " : "4 ") + w.destination().getHostAddress() + "/" + w.prefixLength() + " "
                + Integer.toUnsignedString(w.table()) + " " + Integer.toUnsignedString(w.kernelMetric());
    }

    /** {@code main} or a number 1..2^32-1 other than 255; absent: main. */
    private static Long table(String text, String at, List<HookConfigProblem> problems) {
        if (text == null || text.equals("main")) {
            return (long) RouteSpec.TABLE_MAIN;
        }
        Long t = number(text);
        if (t == null || t < 1 || t > MAX_U32) {
            problems.add(new HookConfigProblem(at, "\"" + text + "\" is not a routing table", TABLE_EXPECTED));
            return null;
        }
        if (t == LOCAL_TABLE) {
            problems.add(new HookConfigProblem(at, "255 is the kernel's local table", TABLE_EXPECTED));
            return null;
        }
        return t;
    }

    private static Long u32(String text, String at, long min, List<HookConfigProblem> problems) {
        Long n = number(text);
        if (n == null || n < min || n > MAX_U32) {
            problems.add(new HookConfigProblem(at, "\"" + text + "\" is out of range", min + "-" + MAX_U32));
            return null;
        }
        return n;
    }

    private static Long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A network address and its length. */
    record Prefix(InetAddress address, int length) {
        @Override
        public String toString() {
            return IpText.format(address) + "/" + length;
        }
    }

    /** {@code ADDRESS/LENGTH} with no host bits set, or an address alone (a host prefix). */
    private static Prefix prefix(String text, String at, List<HookConfigProblem> problems) {
        int slash = text.indexOf('/');
        Optional<InetAddress> a = IpText.parse(slash < 0 ? text : text.substring(0, slash));
        if (a.isEmpty()) {
            problems.add(new HookConfigProblem(at, "\"" + text + "\" is not an address prefix",
                    "ADDRESS/LENGTH, e.g. 203.0.113.0/25 or 2001:db8:1::/64"));
            return null;
        }
        int max = a.get().getAddress().length * 8;
        int length = max;
        if (slash >= 0) {
            Long n = number(text.substring(slash + 1));
            if (n == null || n < 0 || n > max) {
                problems.add(new HookConfigProblem(at, "\"" + text + "\" has a bad prefix length", "0-" + max));
                return null;
            }
            length = (int) (long) n;
        }
        InetAddress network = network(a.get(), length);
        if (!network.equals(a.get())) {
            problems.add(new HookConfigProblem(at, text + " has host bits set", "its network address, "
                    + IpText.format(network) + "/" + length));
            return null;
        }
        return new Prefix(network, length);
    }

    private static InetAddress network(InetAddress a, int length) {
        byte[] b = a.getAddress();
        for (int bit = length; bit < b.length * 8; bit++) {
            b[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
