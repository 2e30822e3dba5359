package io.vrrpd.daemon.migrate;

import io.vrrpd.core.IpText;
import io.vrrpd.daemon.migrate.KeepalivedConfig.Address;
import io.vrrpd.daemon.migrate.KeepalivedConfig.Instance;
import io.vrrpd.daemon.migrate.KeepalivedConfig.Member;
import io.vrrpd.daemon.migrate.KeepalivedConfig.Route;
import io.vrrpd.daemon.migrate.KeepalivedConfig.SyncGroup;

import java.net.Inet4Address;
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
 * Writes a {@link KeepalivedConfig} as vrrpd YAML. An instance holding both IPv4 and IPv6
 * addresses becomes two vrrpd instances, {@code NAME-4} and {@code NAME-6} (RFC 9568 runs the
 * families as separate routers), in a sync group: the keepalived sync group the instance was in,
 * or a new group named {@code NAME}. Names are made valid vrrpd names (lower case; other
 * characters than letters, digits, {@code _} and {@code -} become {@code -}); the header lists
 * every keepalived name and the vrrpd name(s) it became. Default routes become default-gateway
 * hooks; what does not fit vrrpd's shape is {@link Reported}.
 */
final class VrrpdYaml {
    static final String UNICAST_NO_FAMILY = "the instance has no virtual address of this family, so no vrrpd"
            + " instance of this family was made for the peer; not converted";
    static final String UNICAST_HALF_WITHOUT_PEERS = "the keepalived instance mixes families and lists unicast peers"
            + " of the other family only: this half was converted for multicast (224.0.0.18 / ff02::12). Add the"
            + " other routers' addresses of this family under unicast-peers if the LAN carries no VRRP multicast";
    private final Path mainFile;
    private final KeepalivedConfig config;
    private final List<Reported> reported;
    private final List<String> nameNotes = new ArrayList<>();
    private final Set<String> usedNames = new HashSet<>();
    private final List<OutInstance> instances = new ArrayList<>();
    private final Map<String, OutGroup> groups = new LinkedHashMap<>();
    private final List<OutHook> hooks = new ArrayList<>();
    private final List<String[]> hookTemplates = new ArrayList<>(); // {instance, family, notify source}
    /** The vrrpd instance names each keepalived instance became, by family. */
    private final Map<Instance, Map<String, String>> vrrpdNames = new IdentityHashMap<>();
    /** The sync group made for a split instance that was in no group. */
    private final Map<Instance, String> newGroups = new IdentityHashMap<>();

    /** Translates {@code config}; what cannot be written as vrrpd config is added to {@code reported}. */
    VrrpdYaml(Path mainFile, KeepalivedConfig config, List<Reported> reported) {
        this.mainFile = mainFile;
        this.config = config;
        this.reported = reported;
        for (Instance k : config.instances) {
            emitInstances(k, k.inGroup(config.syncGroups));
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
        return hooks.size();
    }

    private Map<String, String> names(Instance k) {
        return vrrpdNames.computeIfAbsent(k, x -> new LinkedHashMap<>());
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
                    members.addAll(names(k).values());
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
        // sync groups made for split instances that were in no group
        for (Instance k : config.instances) {
            if (newGroups.containsKey(k)) {
                groups.put(newGroups.get(k), new OutGroup(newGroups.get(k), new ArrayList<>(names(k).values()), k.source));
            }
        }
    }

    private void hooks() {
        // default routes become default-gateway hooks bound to the instance of their family
        for (Instance k : config.instances) {
            if (k.notify != null) {
                // a template for each family the script may have set a default route for and no route was converted
                names(k).forEach((fam, name) -> {
                    if (k.routes.stream().noneMatch(r -> (r.gateway() instanceof Inet4Address) == fam.equals("ipv4"))) {
                        hookTemplates.add(new String[] {name, fam, k.notify.toString()});
                    }
                });
            }
            for (Route r : k.routes) {
                String fam = r.gateway() instanceof Inet4Address ? "ipv4" : "ipv6";
                String bound = names(k).get(fam);
                if (bound == null) {
                    reported.add(new Reported(r.source(), r.construct(),
                            "instance " + k.name + " has no " + (fam.equals("ipv4") ? "IPv4" : "IPv6")
                                    + " virtual address, so there is no " + fam + " instance to bind the route to;"
                                    + " not converted"));
                    continue;
                }
                hooks.add(new OutHook(bound, IpText.format(r.gateway()), r.dev(), r.table(), r.metric(), r.source()));
            }
        }
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
        String placeholder;
        String garpDelay;
        Integer garpRepeat;
        String garpRefresh;
        final List<String> track = new ArrayList<>();
        final List<String> unicastPeers = new ArrayList<>();
        String unicastSource;
        Source source;
        String keepalivedName;
    }

    private record OutGroup(String name, List<String> members, Source source) {}

    private record OutHook(String instance, String gateway, String iface, String table, String metric, Source source) {}


    private void emitInstances(Instance k, boolean inGroup) {
        List<Address> v4 = k.addresses.stream().filter(a -> !a.ipv6()).toList();
        List<Address> v6 = k.addresses.stream().filter(Address::ipv6).toList();
        boolean split = !v4.isEmpty() && !v6.isEmpty();
        if (!v4.isEmpty()) {
            String name = uniqueName(split ? k.name + "-4" : k.name);
            names(k).put("ipv4", name);
            OutInstance o = out(k, name, "ipv4", v4);
            unicastOf(k, o, false, split);
            instances.add(o);
        }
        if (!v6.isEmpty()) {
            String name = uniqueName(split ? k.name + "-6" : k.name);
            names(k).put("ipv6", name);
            OutInstance o = out(k, name, "ipv6", v6);
            unicastOf(k, o, true, split);
            instances.add(o);
        }
        reportUnicastWithoutFamily(k, !v4.isEmpty(), !v6.isEmpty());
        String names = String.join(" and ", names(k).values());
        if (split) {
            if (!inGroup) {
                newGroups.put(k, uniqueName(k.name));
            }
            nameNotes.add("vrrp_instance " + k.name + " -> instances " + names + " (IPv4 and IPv6 are separate"
                    + " routers in VRRPv3)" + (inGroup ? "" : ", in a new sync group " + newGroups.get(k)));
        } else if (!names.equals(k.name)) {
            nameNotes.add("vrrp_instance " + k.name + " -> instance " + names);
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
        o.garpDelay = k.garpDelay;
        o.garpRepeat = k.garpRepeat;
        o.garpRefresh = k.garpRefresh;
        o.track.addAll(k.track);
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
        return o;
    }

    /** The peers and source of {@code family} go to that family's instance; others are reported. */
    private void unicastOf(Instance k, OutInstance o, boolean v6, boolean split) {
        k.unicastPeers.stream().filter(a -> a.ipv6() == v6).forEach(a -> o.unicastPeers.add(a.text()));
        if (k.unicastSource != null && k.unicastSource.ipv6() == v6) {
            if (o.unicastPeers.isEmpty()) {
                // vrrpd refuses unicast-source without unicast-peers: this half advertises by multicast
                reported.add(new Reported(k.unicastSource.source(), "unicast_src_ip " + k.unicastSource.text(), o.name
                        + ": not converted, since this instance has no unicast peer of its family and advertises"
                        + " to the multicast group"));
            } else {
                o.unicastSource = k.unicastSource.text();
            }
        }
        if (split && o.unicastPeers.isEmpty() && !k.unicastPeers.isEmpty()) {
            reported.add(new Reported(k.source, "vrrp_instance " + k.name + " (unicast_peer, " + (v6 ? "IPv6" : "IPv4")
                    + ")", o.name + ": " + UNICAST_HALF_WITHOUT_PEERS));
        }
    }

    /** Peers and a source of a family the instance has no addresses of. */
    private void reportUnicastWithoutFamily(Instance k, boolean hasV4, boolean hasV6) {
        for (Address a : k.unicastPeers) {
            if (a.ipv6() ? !hasV6 : !hasV4) {
                reported.add(new Reported(a.source(), "unicast_peer " + a.text(), UNICAST_NO_FAMILY));
            }
        }
        Address src = k.unicastSource;
        if (src != null && (src.ipv6() ? !hasV6 : !hasV4)) {
            reported.add(new Reported(src.source(), "unicast_src_ip " + src.text(), UNICAST_NO_FAMILY));
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
        y.append("instances:\n");
        for (OutInstance o : instances) {
            y.append("  ").append(scalar(o.name)).append(":   # keepalived vrrp_instance ").append(o.keepalivedName)
                    .append(" (").append(o.source).append(")\n");
            y.append("    family: ").append(o.family).append('\n');
            y.append("    interface: ").append(scalar(o.iface)).append('\n');
            y.append("    vrid: ").append(o.vrid).append('\n');
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
            if (!o.unicastPeers.isEmpty()) {
                y.append("    unicast-peers: [").append(String.join(", ",
                        o.unicastPeers.stream().map(VrrpdYaml::scalar).toList())).append("]\n");
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
        if (!hooks.isEmpty()) {
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
        return new Source(mainFile.toAbsolutePath().normalize(), mainFile.getFileName().toString(), 1);
    }
}
