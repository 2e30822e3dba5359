package io.vrrpd.daemon.config;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.IpText;
import io.vrrpd.core.VrrpVersion;
import io.vrrpd.core.packet.Authentication;
import io.vrrpd.hooks.builtin.HeldAddress;
import io.vrrpd.hooks.kernel.InterfaceSelector;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code instances} section: every field of every instance, each problem reported at
 * its line, and each valid instance recorded in the {@link Reading}. Unicast fields are
 * {@link UnicastFields}', the version's and those that depend on it {@link VersionFields}', the VRRPv2
 * password {@link AuthenticationFields}'; interfaces are checked through {@link Reading#requireInterface}.
 */
final class InstancesSection {
    static final List<String> FIELDS = List.of("family", "interface", "vrid", "priority", "advert-interval", "preempt",
            "preempt-delay", "accept-mode", "virtual-addresses", "ipv4-checksum", "garp", "track-interfaces", "track",
            "unicast-peers", "unicast-source", "version", "accept-v2", "max-adopted-interval", "authentication",
            "router-advertisements", "held-addresses", "virtual-mac");

    private final Reading r;

    InstancesSection(Reading r) {
        this.r = r;
    }

    void read(Node section) {
        if (section.isMissing()) {
            section.problem("no instances: there is nothing to run", "at least one instance");
            return;
        }
        if (!section.expectObject("a mapping from instance name to its settings")) {
            return;
        }
        if (section.json().isEmpty()) {
            section.problem("no instances: there is nothing to run", "at least one instance");
            return;
        }
        for (Map.Entry<String, Node> e : section.entries()) {
            r.declaredInstances.add(e.getKey());
            r.checkName(e.getValue(), e.getKey(), "instance");
            r.instanceNodes.put(e.getKey(), e.getValue());
            InstanceConfig i = readInstance(e.getKey(), e.getValue());
            if (i != null) {
                r.instances.put(i.name(), i);
            }
        }
    }

    private InstanceConfig readInstance(String name, Node n) {
        if (!n.expectObject("a mapping with family, interface, vrid, virtual-addresses")) {
            if (n.isMissing()) {
                n.problem("instance " + name + " has no settings", "family, interface, vrid, virtual-addresses");
            }
            return null;
        }
        n.onlyFields(FIELDS);
        boolean ok = true;

        AddressFamily family = n.requiredField("family")
                .choice(Map.of("ipv4", AddressFamily.IPV4, "ipv6", AddressFamily.IPV6), null);
        Node ifNode = n.requiredField("interface");
        InterfaceSelector iface = ConfigLoader.selector(ifNode);
        if (iface != null) {
            ok &= r.requireInterface(ifNode, iface);
        }
        Integer vrid = n.requiredField("vrid").intIn(1, 255, null);
        Integer priority = n.field("priority").intIn(1, 255, InstanceConfig.DEFAULT_PRIORITY);
        VrrpVersion version = VersionFields.version(n.field("version"), family);
        Integer interval = VersionFields.advertInterval(n.field("advert-interval"), version);
        Boolean preempt = n.field("preempt").bool(true);
        Duration preemptDelay = n.field("preempt-delay").duration(Duration.ZERO, Duration.ZERO, Duration.ofHours(1));
        Boolean accept = acceptMode(n.field("accept-mode"));
        List<VirtualAddress> vips = virtualAddresses(n.requiredField("virtual-addresses"), family);
        Ipv4Checksum checksum = ipv4Checksum(n.field("ipv4-checksum"), family);
        GarpConfig garp = garp(n.field("garp"));
        List<TrackerConfig> track = new TrackersSection(r, name).read(n.field("track-interfaces"), n.field("track"));
        UnicastConfig unicast = UnicastFields.read(n.field("unicast-peers"), n.field("unicast-source"), family, vips);
        Boolean acceptV2 = VersionFields.acceptV2(n.field("accept-v2"), family, version);
        Integer maxAdopted = VersionFields.maxAdoptedInterval(n.field("max-adopted-interval"), version, interval,
                acceptV2);
        Authentication authentication = AuthenticationFields.read(n.field("authentication"), version, acceptV2, r);
        Optional<RouterAdvertConfig> routerAdverts = RouterAdvertFields.read(n.field("router-advertisements"), family);
        List<HeldAddress> held = new HeldAddressesFields(r).read(n.field("held-addresses"), vips);
        Boolean virtualMac = virtualMac(n.field("virtual-mac"), priority);

        ok &= family != null && iface != null && vrid != null && priority != null && interval != null
                && preempt != null && preemptDelay != null && accept != null && vips != null
                && checksum != null && garp != null && track != null && unicast != null
                && version != null && acceptV2 != null && maxAdopted != null && authentication != null
                && routerAdverts != null && held != null && virtualMac != null;
        if (!ok) {
            return null;
        }
        return new InstanceConfig(name, family, iface, vrid, priority, interval, preempt, preemptDelay, accept,
                vips, checksum, garp, track, unicast, version, acceptV2, maxAdopted, authentication, routerAdverts,
                held, virtualMac);
    }

    private List<VirtualAddress> virtualAddresses(Node n, AddressFamily family) {
        String hint = "a list of addresses, e.g. [192.0.2.1/24]";
        if (n.isMissing()) {
            return null;
        }
        if (n.json().isArray() && n.json().isEmpty()) {
            n.problem("no virtual addresses", "at least one address");
            return null;
        }
        List<VirtualAddress> result = new ArrayList<>();
        boolean ok = n.json().isArray();
        List<Node> elements = n.elements(hint);
        for (int i = 0; i < elements.size(); i++) {
            Node e = elements.get(i);
            VirtualAddress a = virtualAddress(e);
            if (a == null) {
                ok = false;
                continue;
            }
            if (family != null && a.family() != family) {
                e.problem(a + " is " + a.family().configName() + " but the instance is "
                        + family.configName(), family.configName() + " addresses only (one instance per family)");
                ok = false;
                continue;
            }
            if (i == 0 && family == AddressFamily.IPV6 && !a.isLinkLocal()) {
                e.problem("the first IPv6 virtual address " + a + " is not link-local (RFC 9568 section 5.2.9)",
                        "a link-local address first, e.g. fe80::1/64");
                ok = false;
            }
            result.add(a);
        }
        return ok ? result : null;
    }

    /** An address with an optional prefix ({@code 192.0.2.1/24}; none: a host address), or null when reported. */
    static VirtualAddress virtualAddress(Node e) {
        String hint = "an address with optional prefix, e.g. 192.0.2.1/24 or 2001:db8::1/64";
        String s = e.text(hint);
        if (s == null) {
            return null;
        }
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        Optional<InetAddress> a = IpText.parse(addr);
        if (a.isEmpty()) {
            e.problem(e.shown() + " is not an IP address", hint);
            return null;
        }
        int max = a.get().getAddress().length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            prefix = p.matches("\\d{1,3}") ? Integer.parseInt(p) : -1;
            if (prefix < 1 || prefix > max) {
                e.problem("prefix /" + p + " is out of range", "/1 to /" + max);
                return null;
            }
        }
        return new VirtualAddress(a.get(), prefix);
    }

    /** Only true: vrrpd cannot yet keep a master from accepting packets sent to its virtual addresses. */
    private Boolean acceptMode(Node n) {
        Boolean accept = n.bool(true);
        if (Boolean.FALSE.equals(accept)) {
            n.problem("accept-mode: false is not enforced by vrrpd: the virtual addresses are added to the"
                    + " interface, so the master accepts packets sent to them",
                    "accept-mode: true, or no accept-mode (to refuse that traffic, drop it with a firewall rule;"
                    + " see docs/configuration.md, accept-mode)");
            return null;
        }
        return accept;
    }

    /** Off unless asked for (docs/configuration.md says why); never for the address owner. */
    private static Boolean virtualMac(Node n, Integer priority) {
        Boolean on = n.bool(false);
        if (Boolean.TRUE.equals(on) && priority != null && priority == InstanceConfig.OWNER_PRIORITY) {
            n.problem("virtual-mac: true with priority 255: the address owner's virtual addresses are the"
                    + " interface's own, so they cannot move to a macvlan", "a priority of 1 to 254, or no virtual-mac");
            return null;
        }
        return on;
    }

    private Ipv4Checksum ipv4Checksum(Node n, AddressFamily family) {
        Ipv4Checksum c = n.choice(Map.of("rfc5798", Ipv4Checksum.RFC5798, "rfc9568", Ipv4Checksum.RFC9568),
                Ipv4Checksum.RFC5798);
        if (!n.isMissing() && family == AddressFamily.IPV6) {
            n.problem("ipv4-checksum applies to ipv4 instances only (IPv6 has one checksum form)",
                    "no ipv4-checksum in an ipv6 instance");
            return null;
        }
        return c;
    }

    private GarpConfig garp(Node n) {
        if (!n.expectObject("{master-delay: 5s, master-repeat: 5, master-refresh: off}")) {
            return n.isMissing() ? GarpConfig.DEFAULT : null;
        }
        n.onlyFields(List.of("master-delay", "master-repeat", "master-refresh"));
        Duration delay = n.field("master-delay").duration(GarpConfig.DEFAULT.masterDelay(), Duration.ZERO,
                Duration.ofHours(1));
        Integer repeat = n.field("master-repeat").intIn(1, 100, GarpConfig.DEFAULT.masterRepeat());
        Node refreshNode = n.field("master-refresh");
        Optional<Duration> refresh = Optional.empty();
        boolean refreshOk = true;
        boolean off = refreshNode.isMissing()
                || (refreshNode.json().isBoolean() && !refreshNode.json().asBoolean())
                || (refreshNode.json().isTextual() && refreshNode.json().asText().equals("off"));
        if (!off) {
            Duration r = refreshNode.duration(null, Duration.ofSeconds(1), Duration.ofDays(1));
            refreshOk = r != null;
            refresh = Optional.ofNullable(r);
        }
        if (delay == null || repeat == null || !refreshOk) {
            return null;
        }
        return new GarpConfig(delay, repeat, refresh);
    }
}
