package io.vrrpd.daemon.config;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.IpText;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads an instance's {@code router-advertisements}: absent for none, {@code {}} for the defaults,
 * IPv6 instances only. Every problem is reported at its line; a bad value gives null.
 */
final class RouterAdvertFields {
    private static final String HINT = "{interval: 10s, lifetime: 30s, prefixes: [2001:db8:1::/64]}, or {} for the defaults";

    private RouterAdvertFields() {
    }

    /** Empty when absent; null when wrong (a problem was reported). */
    static Optional<RouterAdvertConfig> read(Node n, AddressFamily family) {
        if (n.isMissing()) {
            return Optional.empty();
        }
        if (!n.expectObject(HINT)) {
            return null;
        }
        if (family == AddressFamily.IPV4) {
            n.problem("router-advertisements apply to ipv6 instances only (IPv4 hosts learn their gateway otherwise)",
                    "no router-advertisements in an ipv4 instance");
            return null;
        }
        n.onlyFields(List.of("interval", "lifetime", "prefixes"));
        Duration interval = n.field("interval").duration(RouterAdvertConfig.DEFAULT_INTERVAL,
                RouterAdvertConfig.MIN_INTERVAL, RouterAdvertConfig.MAX_INTERVAL);
        Duration lifetime = lifetime(n.field("lifetime"), interval);
        List<RouterAdvertConfig.Prefix> prefixes = prefixes(n.field("prefixes"));
        if (interval == null || lifetime == null || prefixes == null) {
            return null;
        }
        return Optional.of(new RouterAdvertConfig(interval, lifetime, prefixes));
    }

    private static Duration lifetime(Node n, Duration interval) {
        if (interval == null) {
            return n.duration(null, Duration.ZERO, RouterAdvertConfig.MAX_LIFETIME);
        }
        Duration lifetime = n.duration(RouterAdvertConfig.defaultLifetime(interval).compareTo(
                RouterAdvertConfig.MAX_LIFETIME) > 0 ? RouterAdvertConfig.MAX_LIFETIME
                : RouterAdvertConfig.defaultLifetime(interval), Duration.ZERO, RouterAdvertConfig.MAX_LIFETIME);
        if (lifetime != null && !lifetime.isZero() && lifetime.compareTo(interval) < 0) {
            n.problem("a router lifetime of " + n.shown() + " is shorter than the interval between adverts, so"
                    + " hosts would drop the router between two of them (RFC 4861 section 6.2.1)",
                    "0 (not a default router) or at least the interval, " + interval.toSeconds() + "s");
            return null;
        }
        return lifetime;
    }

    private static List<RouterAdvertConfig.Prefix> prefixes(Node n) {
        String hint = "a list of IPv6 prefixes, e.g. [2001:db8:1::/64]";
        if (n.isMissing()) {
            return List.of();
        }
        boolean ok = n.json().isArray();
        List<RouterAdvertConfig.Prefix> out = new ArrayList<>();
        for (Node e : n.elements(hint)) {
            RouterAdvertConfig.Prefix p = prefix(e);
            if (p == null) {
                ok = false;
            } else {
                out.add(p);
            }
        }
        return ok ? out : null;
    }

    private static RouterAdvertConfig.Prefix prefix(Node e) {
        String hint = "an IPv6 prefix with its length, e.g. 2001:db8:1::/64";
        String s = e.text(hint);
        if (s == null) {
            return null;
        }
        int slash = s.indexOf('/');
        Optional<InetAddress> a = IpText.parse(slash < 0 ? s : s.substring(0, slash));
        if (slash < 0 || a.isEmpty() || !(a.get() instanceof Inet6Address v6)) {
            e.problem(e.shown() + " is not an IPv6 prefix", hint);
            return null;
        }
        String len = s.substring(slash + 1);
        int length = len.matches("\\d{1,3}") ? Integer.parseInt(len) : -1;
        if (length < 1 || length > 128) {
            e.problem("prefix length /" + len + " is out of range", "/1 to /128 (/64 for SLAAC)");
            return null;
        }
        if (v6.isLinkLocalAddress() || v6.isMulticastAddress()) {
            e.problem(e.shown() + " is a link-local or multicast prefix, which hosts do not take from an advert",
                    "a global or unique-local prefix, e.g. 2001:db8:1::/64");
            return null;
        }
        byte[] bytes = v6.getAddress();
        byte[] masked = Arrays.copyOf(bytes, bytes.length);
        for (int bit = length; bit < 128; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        if (!Arrays.equals(bytes, masked)) {
            e.problem(e.shown() + " has host bits set", "the network address, e.g. "
                    + network(masked) + "/" + length);
            return null;
        }
        return new RouterAdvertConfig.Prefix(v6, length);
    }

    private static String network(byte[] bytes) {
        try {
            return IpText.format(InetAddress.getByAddress(bytes));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }
}
