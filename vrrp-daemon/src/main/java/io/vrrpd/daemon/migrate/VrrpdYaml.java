package io.vrrpd.daemon.migrate;

import io.vrrpd.core.IpText;
import io.vrrpd.daemon.migrate.KeepalivedConfig.Address;
import io.vrrpd.daemon.migrate.KeepalivedConfig.Instance;
import io.vrrpd.daemon.migrate.KeepalivedConfig.Member;
import io.vrrpd.daemon.migrate.KeepalivedConfig.Peer;
import io.vrrpd.daemon.migrate.KeepalivedConfig.OtherRoute;
import io.vrrpd.daemon.migrate.KeepalivedConfig.Route;
import io.vrrpd.daemon.migrate.KeepalivedConfig.Rule;
import io.vrrpd.daemon.migrate.KeepalivedConfig.SyncGroup;

import java.net.Inet6Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a {@link KeepalivedConfig} as vrrpd YAML: one vrrpd instance per keepalived instance, of
 * the family keepalived runs it in, VRRPv2 ({@code version: 2}, with its PASS password) where
 * keepalived speaks VRRPv2, and never a router keepalived does not run (an instance's addresses of
 * the other family were reported, not split off into a second router, which would be master at
 * once beside a keepalived peer). Names are made valid vrrpd names (lower case; other characters
 * than letters, digits, {@code _} and {@code -} become {@code -}); the header lists every keepalived
 * name that changed. Default routes via a gateway over an uplink become default-gateway hooks, the
 * other virtual_routes and the virtual_rules a routes hook per instance; what does not fit vrrpd's shape
 * is {@link Reported}.
 */
final class VrrpdYaml {
    static final String UNICAST_NO_FAMILY = "not of the instance's family: keepalived skips it (\"MUST be of the same"
            + " family\"); not converted";
    private final Path mainFile;
    private final KeepalivedConfig config;
    private final List<Reported> reported;
    private final List<String> nameNotes = new ArrayList<>();
    private final Set<String> usedNames = new HashSet<>();
    private final List<OutInstance> instances = new ArrayList<>();
    private final Map<String, OutGroup> groups = new LinkedHashMap<>();
    private final List<OutHook> hooks = new ArrayList<>();
    /** The routes hooks, written after the default-gateway hooks. */
    private final List<OutRoutes> routesHooks = new ArrayList<>();
    private final List<String[]> hookTemplates = new ArrayList<>(); // {instance, family, notify source}
    /** The vrrpd instance name each keepalived instance became. */
    private final Map<Instance, String> vrrpdNames = new IdentityHashMap<>();

    /** Translates {@code config}; what cannot be written as vrrpd config is added to {@code reported}. */
    VrrpdYaml(Path mainFile, KeepalivedConfig config, List<Reported> reported) {
        this.mainFile = mainFile;
        this.config = config;
        this.reported = reported;
        for (Instance k : config.instances) {
            emitInstance(k);
        }
        syncGroups();
        hooks();
    }

    int instanceCount() {
        return instances.size();
    }

    int syncGroupCount() {
        return groups.size();
    }

    int hookCount() {
        return hooks.size() + routesHooks.size();
    }

    private void syncGroups() {
        Map<String, Instance> byName = new HashMap<>();
        config.instances.forEach(k -> byName.put(k.name, k));
        for (SyncGroup g : config.syncGroups) {
            String vname = uniqueName(g.name());
            if (!vname.equals(g.name())) {
                nameNotes.add("vrrp_sync_group " + g.name() + " -> sync group " + vname);
            }
            List<String> members = new ArrayList<>();
            for (Member m : g.members()) {
                Instance k = byName.get(m.name());
                if (k == null) {
                    reported.add(new Reported(m.source(), "group " + m.name(), "no vrrp_instance " + m.name()
                            + " was converted; left out of the group"));
                } else {
                    members.add(vrrpdNames.get(k));
                }
            }
            if (members.size() < 2) {
                reported.add(new Reported(g.source(), g.construct(), "a vrrpd sync group needs two or more members"
                        + " and this one has " + members.size() + " after conversion; not converted"));
                usedNames.remove(vname);
                continue;
            }
            groups.put(vname, new OutGroup(vname, members, g.source()));
        }
    }

    private void hooks() {
        // default routes become default-gateway hooks bound to the instance, when of its family
        for (Instance k : config.instances) {
            String name = vrrpdNames.get(k);
            String fam = k.ipv6() ? "ipv6" : "ipv4";
            if (k.notify != null && k.routes.stream().noneMatch(r -> (r.gateway() instanceof Inet6Address) == k.ipv6())) {
                hookTemplates.add(new String[] {name, fam, k.notify.toString()});
            }
            List<String> routes = new ArrayList<>();
            for (Route r : k.routes) {
                if ((r.gateway() instanceof Inet6Address) != k.ipv6()) {
                    String other = k.ipv6() ? "IPv4" : "IPv6";
                    reported.add(new Reported(r.source(), r.construct(), "keepalived installs this " + other
                            + " route when the " + (k.ipv6() ? "IPv6" : "IPv4") + " instance " + k.name + " becomes"
                            + " master; a default-gateway hook is bound to instances of its gateway's family, and no "
                            + other + " instance is made up for it (keepalived runs none): converted to a routes hook,"
                            + " which holds it the same way but does not verify egress. Once both routers run vrrpd,"
                            + " an " + other + " instance with a default-gateway hook on both would"));
                    routes.add(route(new OtherRoute("default", IpText.format(r.gateway()), r.dev(), r.table(), r.metric(),
                            null, r.source(), r.construct()), k));
                    continue;
                }
                hooks.add(new OutHook(name, IpText.format(r.gateway()), r.dev(), r.table(), r.metric(), r.source()));
            }
            k.otherRoutes.forEach(r -> routes.add(route(r, k)));
            List<String> rules = k.rules.stream().map(VrrpdYaml::rule).toList();
            if (!routes.isEmpty() || !rules.isEmpty()) {
                Source from = !k.otherRoutes.isEmpty() ? k.otherRoutes.get(0).source()
                        : !k.routes.isEmpty() ? k.routes.get(0).source() : k.rules.get(0).source();
                routesHooks.add(new OutRoutes(name, routes, rules, from));
            }
        }
    }

    /** A route as a YAML flow mapping; {@code default} without a next hop becomes the instance family's 0.0.0.0/0 or ::/0. */
    private static String route(OtherRoute r, Instance k) {
        String to = r.to().equals("default") && r.via() == null ? (k.ipv6() ? "::/0" : "0.0.0.0/0") : r.to();
        List<String> f = new ArrayList<>();
        f.add("to: " + scalar(to));
        if (r.via() != null) {
            f.add("via: " + scalar(r.via()));
        }
        if (r.dev() != null) {
            f.add("dev: " + scalar(r.dev()));
        }
        if (r.table() != null) {
            f.add("table: " + r.table());
        }
        if (r.metric() != null) {
            f.add("metric: " + r.metric());
        }
        if (r.type() != null) {
            f.add("type: " + r.type());
        }
        return "{ " + String.join(", ", f) + " }";
    }

    private static String rule(Rule r) {
        List<String> f = new ArrayList<>();
        if (r.from() != null) {
            f.add("from: " + scalar(r.from()));
        }
        if (r.to() != null) {
            f.add("to: " + scalar(r.to()));
        }
        f.add("table: " + r.table());
        if (r.priority() != null) {
            f.add("priority: " + r.priority());
        }
        return "{ " + String.join(", ", f) + " }";
    }

    private static final class OutInstance {
        String name;
        String family;
        String iface;
        int vrid;
        Integer priority;
        String advert;
        Boolean preempt;
        String preemptDelay;
        Boolean accept;
        final List<String> addresses = new ArrayList<>();
        /** held-addresses entries as YAML flow mappings. */
        final List<String> held = new ArrayList<>();
        String placeholder;
        String garpDelay;
        Integer garpRepeat;
        String garpRefresh;
        boolean virtualMac;
        final List<String> track = new ArrayList<>();
        final List<KeepalivedConfig.Track> trackers = new ArrayList<>();
        final List<Peer> unicastPeers = new ArrayList<>();
        String unicastSource;
        int version;
        String password;
        Source source;
        String keepalivedName;
    }

    private record OutGroup(String name, List<String> members, Source source) {}

    private record OutHook(String instance, String gateway, String iface, String table, String metric, Source source) {}

    /** A routes hook bound to one instance: its routes and rules as YAML flow mappings. */
    private record OutRoutes(String instance, List<String> routes, List<String> rules, Source source) {}


    private void emitInstance(Instance k) {
        String name = uniqueName(k.name);
        vrrpdNames.put(k, name);
        OutInstance o = out(k, name, k.ipv6() ? "ipv6" : "ipv4", k.addresses);
        unicastOf(k, o);
        instances.add(o);
        if (!name.equals(k.name)) {
            nameNotes.add("vrrp_instance " + k.name + " -> instance " + name);
        }
    }

    private OutInstance out(Instance k, String name, String family, List<Address> addresses) {
        OutInstance o = new OutInstance();
        o.name = name;
        o.family = family;
        o.iface = k.iface;
        o.vrid = k.vrid;
        o.priority = k.priority;
        o.advert = k.advert;
        o.preempt = k.preempt;
        o.preemptDelay = k.preemptDelay;
        o.accept = k.accept;
        o.version = k.version;
        o.password = k.password;
        o.garpDelay = k.garpDelay;
        o.garpRepeat = k.garpRepeat;
        o.garpRefresh = k.garpRefresh;
        o.virtualMac = k.virtualMac;
        o.track.addAll(k.track);
        o.trackers.addAll(k.trackers);
        o.source = k.source;
        o.keepalivedName = k.name;
        List<Address> ordered = new ArrayList<>(addresses);
        if (family.equals("ipv6")) {
            Optional<Address> ll = ordered.stream().filter(Address::linkLocal).findFirst();
            if (ll.isPresent()) {
                ordered.remove(ll.get());
                ordered.add(0, ll.get());
            } else {
                o.placeholder = "fe80::" + k.vrid + "/64";
                reported.add(new Reported(k.source, "vrrp_instance " + k.name + " (IPv6 virtual addresses)",
                        "RFC 9568 requires the first IPv6 virtual address to be link-local and this instance has"
                                + " none; " + name + " got the placeholder " + o.placeholder + " (marked PLACEHOLDER)"
                                + " so that the file loads. Choose the link-local address the hosts should use as"
                                + " their router, the same on both routers, and replace it"));
            }
        }
        ordered.forEach(a -> o.addresses.add(a.text()));
        k.held.forEach(h -> o.held.add("{address: " + scalar(h.address().text()) + ", interface: " + scalar(h.dev()) + "}"));
        return o;
    }

    /** The peers and source of the instance's family; others (keepalived skips them) are reported. */
    private void unicastOf(Instance k, OutInstance o) {
        for (Peer p : k.unicastPeers) {
            if (p.ipv6() == k.ipv6()) {
                o.unicastPeers.add(p);
            } else {
                reported.add(new Reported(p.address().source(), "unicast_peer " + p.address().text(), UNICAST_NO_FAMILY));
            }
        }
        Address src = k.unicastSource;
        if (src == null) {
            return;
        }
        if (src.ipv6() != k.ipv6()) {
            reported.add(new Reported(src.source(), "unicast_src_ip " + src.text(), UNICAST_NO_FAMILY));
        } else if (o.unicastPeers.isEmpty()) {
            // vrrpd refuses unicast-source without unicast-peers: the instance advertises by multicast
            reported.add(new Reported(src.source(), "unicast_src_ip " + src.text(), o.name + ": not converted, since"
                    + " this instance has no unicast peer of its family and advertises to the multicast group"));
        } else {
            o.unicastSource = src.text();
        }
    }

    /** A valid vrrpd name for {@code keepalived}, not used before. */
    private String uniqueName(String keepalived) {
        StringBuilder b = new StringBuilder();
        for (char c : keepalived.toLowerCase(Locale.ROOT).toCharArray()) {
            b.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ? c : '-');
        }
        String base = b.toString();
        if (base.isEmpty() || !Character.isLetterOrDigit(base.charAt(0))) {
            base = "i" + base;
        }
        if (base.length() > 60) {
            base = base.substring(0, 60);
        }
        String name = base;
        for (int n = 2; usedNames.contains(name); n++) {
            name = base + "-" + n;
        }
        usedNames.add(name);
        return name;
    }

    /** The vrrpd config, without the header. */
    String yaml() {
        StringBuilder y = new StringBuilder();
        if (config.startupDelay != null) {
            y.append("startup-delay: ").append(config.startupDelay).append("   # keepalived vrrp_startup_delay\n");
        }
        y.append("instances:\n");
        for (OutInstance o : instances) {
            y.append("  ").append(scalar(o.name)).append(":   # keepalived vrrp_instance ").append(o.keepalivedName)
                    .append(" (").append(o.source).append(")\n");
            y.append("    family: ").append(o.family).append('\n');
            y.append("    interface: ").append(scalar(o.iface)).append('\n');
            y.append("    vrid: ").append(o.vrid).append('\n');
            if (o.version == 2) {
                y.append("    version: 2   # keepalived speaks VRRPv2 for this instance\n");
            }
            if (o.priority != null) {
                y.append("    priority: ").append(o.priority).append('\n');
            }
            if (o.advert != null) {
                y.append("    advert-interval: ").append(o.advert).append('\n');
            }
            if (o.preempt != null) {
                y.append("    preempt: ").append(o.preempt).append('\n');
            }
            if (o.preemptDelay != null) {
                y.append("    preempt-delay: ").append(o.preemptDelay).append('\n');
            }
            if (o.accept != null) {
                y.append("    accept-mode: ").append(o.accept).append('\n');
            }
            y.append("    virtual-addresses:\n");
            if (o.placeholder != null) {
                y.append("      - ").append(o.placeholder)
                        .append("   # PLACEHOLDER, not from keepalived.conf: choose the link-local VIP\n");
            }
            o.addresses.forEach(a -> y.append("      - ").append(a).append('\n'));
            if (!o.held.isEmpty()) {
                y.append("    held-addresses:   # keepalived virtual_ipaddress_excluded, and addresses on other devices\n");
                o.held.forEach(h -> y.append("      - ").append(h).append('\n'));
            }
            if (o.virtualMac) {
                y.append("    virtual-mac: true\n");
            }
            if (o.garpDelay != null || o.garpRepeat != null || o.garpRefresh != null) {
                y.append("    garp:\n");
                if (o.garpDelay != null) {
                    y.append("      master-delay: ").append(o.garpDelay).append('\n');
                }
                if (o.garpRepeat != null) {
                    y.append("      master-repeat: ").append(o.garpRepeat).append('\n');
                }
                if (o.garpRefresh != null) {
                    y.append("      master-refresh: ").append(o.garpRefresh).append('\n');
                }
            }
            if (!o.track.isEmpty()) {
                y.append("    track-interfaces:\n");
                o.track.forEach(t -> y.append("      - ").append(scalar(t)).append('\n'));
            }
            if (!o.trackers.isEmpty()) {
                y.append("    track:\n");
                o.trackers.forEach(t -> y.append("      - ").append(t.yaml()).append("   # keepalived ")
                        .append(t.construct()).append(" (").append(t.source()).append(")\n"));
            }
            if (o.password != null) {
                y.append("    authentication: {type: pass, password: ").append(quoted(o.password))
                        .append("}   # as in keepalived.conf; or keep it in a password-file (docs/configuration.md)\n");
            }
            if (!o.unicastPeers.isEmpty()) {
                y.append("    unicast-peers: [").append(String.join(", ",
                        o.unicastPeers.stream().map(VrrpdYaml::peer).toList())).append("]\n");
            }
            if (o.unicastSource != null) {
                y.append("    unicast-source: ").append(scalar(o.unicastSource)).append('\n');
            }
        }
        if (!groups.isEmpty()) {
            y.append("sync-groups:\n");
            groups.values().forEach(g -> y.append("  ").append(scalar(g.name)).append(":\n    members: [")
                    .append(String.join(", ", g.members.stream().map(VrrpdYaml::scalar).toList()))
                    .append("]\n"));
        }
        if (!hooks.isEmpty() || !routesHooks.isEmpty()) {
            y.append("hooks:\n");
            for (OutHook h : hooks) {
                y.append("  - type: default-gateway   # keepalived virtual_routes (").append(h.source).append(")\n");
                y.append("    instances: [").append(scalar(h.instance)).append("]\n");
                y.append("    gateway: ").append(scalar(h.gateway())).append('\n');
                y.append("    interface: ").append(scalar(h.iface)).append('\n');
                if (h.table() != null) {
                    y.append("    table: ").append(h.table()).append('\n');
                }
                if (h.metric() != null) {
                    y.append("    metric: ").append(h.metric()).append('\n');
                }
            }
            for (OutRoutes h : routesHooks) {
                y.append("  - type: routes   # keepalived virtual_routes and virtual_rules (").append(h.source).append(")\n");
                y.append("    instances: [").append(scalar(h.instance)).append("]\n");
                if (!h.routes().isEmpty()) {
                    y.append("    routes:\n");
                    h.routes().forEach(r -> y.append("      - ").append(r).append('\n'));
                }
                if (!h.rules().isEmpty()) {
                    y.append("    rules:\n");
                    h.rules().forEach(r -> y.append("      - ").append(r).append('\n'));
                }
            }
        }
        if (!hookTemplates.isEmpty()) {
            y.append("\n# Templates for notify scripts that set default routes (the script is not run by vrrpd):\n")
                    .append("# uncomment, fill in the gateway and the uplink, and add them under hooks:\n");
            for (String[] t : hookTemplates) {
                y.append("#  - type: default-gateway   # from the notify script at ").append(t[2]).append('\n')
                        .append("#    instances: [").append(t[0]).append("]\n")
                        .append("#    gateway: GATEWAY   # the ").append(t[1].equals("ipv4") ? "IPv4" : "IPv6").append(" next hop\n")
                        .append("#    interface: UPLINK\n");
            }
        }
        return y.toString();
    }

    /** The header: where the file came from, the names that changed, and every item {@code reported}. */
    String header(List<Reported> reported) {
        StringBuilder h = new StringBuilder();
        h.append("# Converted from ").append(mainFile.getFileName()).append(" by vrrpctl import-keepalived.\n");
        h.append("# Check it on the router with: vrrpd --check --config FILE\n");
        if (!nameNotes.isEmpty()) {
            h.append("#\n# Names (vrrpd names are lower case; scripts and monitoring that match names must follow):\n");
            nameNotes.forEach(n -> h.append("#   ").append(n).append('\n'));
        }
        if (reported.isEmpty()) {
            h.append("#\n# Everything was converted.\n");
        } else {
            h.append("#\n# NOT CONVERTED (").append(reported.size()).append(reported.size() == 1 ? " item" : " items")
                    .append("): read each one before using this file.\n");
            for (Reported r : reported) {
                h.append("#   ").append(r.toString().replace("\n", " ")).append('\n');
            }
        }
        h.append('\n');
        return h.toString();
    }

    /** A unicast peer: its address, or {address, min-ttl, max-ttl} when keepalived bounded its TTL. */
    private static String peer(Peer p) {
        if (p.minTtl() == null && p.maxTtl() == null) {
            return scalar(p.address().text());
        }
        return "{address: " + scalar(p.address().text()) + (p.minTtl() == null ? "" : ", min-ttl: " + p.minTtl())
                + (p.maxTtl() == null ? "" : ", max-ttl: " + p.maxTtl()) + "}";
    }

    /** A YAML double-quoted scalar, whatever it holds (a password that looks like a number stays a string). */
    static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** A YAML scalar: plain when safe, double-quoted otherwise. */
    static String scalar(String s) {
        if (s.matches("[A-Za-z0-9_][A-Za-z0-9_./@+-]*") && !s.matches("(?i)(y|n|yes|no|on|off|true|false|null|~)")
                && !s.matches("[-+]?[0-9_]*\\.?[0-9_]*([eE][-+]?[0-9]+)?")) { // a YAML number would not stay a string
            return s;
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Where in keepalived.conf the vrrpd construct at {@code path} came from. */
    Source sourceOf(String path) {
        for (OutInstance o : instances) {
            if (path.equals("instances." + o.name) || path.startsWith("instances." + o.name + ".")) {
                return o.source;
            }
        }
        for (OutGroup g : groups.values()) {
            if (path.equals("sync-groups." + g.name) || path.startsWith("sync-groups." + g.name + ".")) {
                return g.source;
            }
        }
        for (int i = 0; i < hooks.size(); i++) {
            if (path.startsWith("hooks[" + i + "]")) {
                return hooks.get(i).source;
            }
        }
        for (int i = 0; i < routesHooks.size(); i++) {
            if (path.startsWith("hooks[" + (hooks.size() + i) + "]")) {
                return routesHooks.get(i).source;
            }
        }
        return new Source(mainFile.toAbsolutePath().normalize(), mainFile.getFileName().toString(), 1);
    }
}
