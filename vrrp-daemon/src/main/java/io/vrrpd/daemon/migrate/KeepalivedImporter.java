package io.vrrpd.daemon.migrate;

import io.vrrpd.daemon.config.ConfigLoader;
import io.vrrpd.daemon.config.ConfigProblem;
import io.vrrpd.daemon.config.InterfaceDirectory;
import io.vrrpd.daemon.config.InstanceConfig;
import io.vrrpd.daemon.config.InvalidConfigException;
import io.vrrpd.core.IpText;
import io.vrrpd.core.fsm.Timing;
import io.vrrpd.hooks.Durations;
import io.vrrpd.hooks.kernel.Link;
import io.vrrpd.hooks.kernel.MacAddress;
import io.vrrpd.hooks.kernel.OperState;
import java.math.BigDecimal;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Converts a parsed keepalived configuration into vrrpd YAML. What it cannot carry over is
 * {@link Reported}, never dropped: see docs/migrating-from-keepalived.md for the mapping.
 *
 * <p>An instance holding both IPv4 and IPv6 addresses becomes two vrrpd instances,
 * {@code NAME-4} and {@code NAME-6} (RFC 9568 runs the families as separate routers), in a
 * sync group: the keepalived sync group the instance was in, or a new group named
 * {@code NAME}. Names are made valid vrrpd names (lower case; other characters than
 * letters, digits, {@code _} and {@code -} become {@code -}); the header of the output lists
 * every keepalived name and the vrrpd name(s) it became.
 */
public final class KeepalivedImporter {

    /** The outcome: the YAML (with the report as comments at its top) and the report. */
    public record Result(String yaml, List<Reported> reported, int instances, int syncGroups, int hooks) {
        public Result {
            reported = List.copyOf(reported);
        }

        /** 0 when everything was converted, 1 when something is reported. */
        public int exitCode() {
            return reported.isEmpty() ? 0 : 1;
        }
    }

    static final String POINTER_HOOKS = "vrrpd runs no keepalived notify scripts. For default routes use a"
            + " default-gateway hook (bound to instances by name, checked when the config is loaded, egress"
            + " verified before MASTER is reported; default routes in virtual_routes are converted to one, and"
            + " the output ends with a commented template for routes the script set);"
            + " for anything else an exec hook (absolute command, no shell, the transition as JSON on stdin)."
            + " Check every instance name the script matches against the vrrpd names (the header lists the"
            + " names that changed)";
    static final String UNICAST_NO_FAMILY = "the instance has no virtual address of this family, so no vrrpd"
            + " instance of this family was made for the peer; not converted";
    static final String UNICAST_HALF_WITHOUT_PEERS = "the keepalived instance mixes families and lists unicast peers"
            + " of the other family only: this half was converted for multicast (224.0.0.18 / ff02::12). Add the"
            + " other routers' addresses of this family under unicast-peers if the LAN carries no VRRP multicast";
    static final String AUTH = "VRRPv3 (RFC 9568) has no authentication and vrrpd neither sends nor checks it;"
            + " keepalived allows it with vrrp_version 2 only. Remove it from the keepalived peer when moving it"
            + " to vrrp_version 3, and protect the LAN instead (vrrpd drops adverts whose TTL is not 255)";
    static final String VERSION2 = "vrrpd speaks VRRPv3 only, which a VRRPv2 peer ignores. For a rolling"
            + " migration set vrrp_version 3 on the keepalived peer first (vrrpd's default IPv4 checksum form"
            + " is the one keepalived 2.2 uses); advert_int then counts in centiseconds on both";
    static final String STATE = "vrrpd has no initial state: every router starts as BACKUP and the highest"
            + " priority becomes master (RFC 9568). Give the preferred master the higher priority";

    private static final Set<String> DEFAULT_DESTINATIONS = Set.of("default", "0.0.0.0/0", "::/0");

    private final Path mainFile;
    private final List<Reported> reported = new ArrayList<>();
    private final List<String> nameNotes = new ArrayList<>();
    private final Set<String> usedNames = new HashSet<>();
    private final List<OutInstance> instances = new ArrayList<>();
    private final Map<String, OutGroup> groups = new LinkedHashMap<>();
    private final List<OutHook> hooks = new ArrayList<>();
    private final List<String[]> hookTemplates = new ArrayList<>(); // {instance, family, notify source}

    // global_defs settings that are defaults of every instance
    private Integer globalVersion;
    private String globalGarpDelay;
    private Integer globalGarpRepeat;
    private String globalGarpRefresh;

    private KeepalivedImporter(Path mainFile) {
        this.mainFile = mainFile;
    }

    /** Reads, parses and converts {@code file}. */
    public static Result importFile(Path file) throws KeepalivedSyntaxException {
        return convert(file, KeepalivedParser.parse(file));
    }

    /** Converts {@code text} as the content of {@code file} (includes resolve next to it). */
    public static Result importText(Path file, String text) throws KeepalivedSyntaxException {
        return convert(file, KeepalivedParser.parse(file, text));
    }

    private static Result convert(Path file, KeepalivedParser.Parsed parsed) {
        KeepalivedImporter im = new KeepalivedImporter(file);
        im.reported.addAll(parsed.reported());
        im.run(parsed.statements());
        String yaml = im.yaml();
        im.selfCheck(yaml);
        im.reported.sort(Comparator.comparing((Reported r) -> r.source().file().equals(
                        file.toAbsolutePath().normalize()) ? "" : r.source().shown())
                .thenComparingInt(r -> r.source().line()));
        return new Result(im.header() + yaml, im.reported, im.instances.size(), im.groups.size(), im.hooks.size());
    }

    // ---- output model -------------------------------------------------------------------

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

    private record Address(String text, InetAddress address, Source source) {
        boolean ipv6() {
            return address instanceof Inet6Address;
        }

        boolean linkLocal() {
            return address.isLinkLocalAddress() && ipv6();
        }
    }

    private record Route(InetAddress gateway, String dev, String table, String metric, Source source, String construct) {}

    /** A keepalived vrrp_instance as read, before it becomes one or two vrrpd instances. */
    private static final class Kept {
        String name;
        Source source;
        String iface;
        Integer vrid;
        Integer priority;
        String advert;
        Boolean preempt;
        String preemptDelay;
        Boolean accept;
        final List<Address> addresses = new ArrayList<>();
        final List<Route> routes = new ArrayList<>();
        final List<String> track = new ArrayList<>();
        final List<Address> unicastPeers = new ArrayList<>();
        Address unicastSource;
        String garpDelay;
        Integer garpRepeat;
        String garpRefresh;
        Integer version;
        boolean stateMaster;
        Source stateSource;
        final Map<String, String> vrrpdNames = new LinkedHashMap<>(); // family -> vrrpd name
        String newGroup; // the sync group made for a split instance that was in no group
        Source notify;   // the first notify script, for the hook template
    }

    // ---- conversion ---------------------------------------------------------------------

    private void run(List<Statement> top) {
        for (Statement s : top) {
            if (s.keyword().equals("global_defs")) {
                globalDefs(s);
            }
        }
        List<Kept> kept = new ArrayList<>();
        List<Statement> syncGroups = new ArrayList<>();
        for (Statement s : top) {
            switch (s.keyword()) {
                case "global_defs" -> { }
                case "vrrp_instance" -> {
                    Kept k = instance(s);
                    if (k != null) {
                        kept.add(k);
                    }
                }
                case "vrrp_sync_group" -> syncGroups.add(s);
                case "vrrp_script" -> report(s, "vrrpd has no tracking scripts (they change the priority by"
                        + " a weight); a track_script that names this script is reported too. Use"
                        + " track-interfaces for links, or drain the router (vrrpctl drain) from the check");
                case "virtual_server", "virtual_server_group", "real_server" -> report(s,
                        "vrrpd does VRRP only, not IPVS load balancing; keep keepalived's checker (keepalived"
                                + " --check) or another load balancer for it");
                case "static_ipaddress", "static_routes", "static_rules" -> report(s, "vrrpd does not manage"
                        + " static addresses or routes; configure them with the host's network configuration");
                default -> report(s, unknown(s, "unknown or unsupported keepalived block; skipped"));
            }
        }
        Map<String, Kept> byName = new LinkedHashMap<>();
        kept.forEach(k -> byName.put(k.name, k));
        // which keepalived group each keepalived instance belongs to
        Map<String, String> groupOf = new LinkedHashMap<>();
        for (Statement g : syncGroups) {
            if (g.args().isEmpty()) {
                report(g, "has no name; skipped");
                continue;
            }
            String gname = g.args().get(0);
            for (Statement c : g.children()) {
                if (c.keyword().equals("group")) {
                    for (Statement m : c.children()) {
                        List<String> words = new ArrayList<>();
                        words.add(m.keyword());
                        words.addAll(m.args());
                        for (String w : words) {
                            if (groupOf.containsKey(w)) {
                                reported.add(new Reported(m.source(), "group " + w, "the instance is already in sync"
                                        + " group " + groupOf.get(w) + "; an instance can be in one group only"));
                            } else {
                                groupOf.put(w, gname);
                            }
                        }
                    }
                    if (!c.args().isEmpty()) {
                        report(c, "words on the group line itself are not read by the importer; list the"
                                + " members inside group { }");
                    }
                }
            }
        }
        // instances, in file order
        for (Kept k : kept) {
            emitInstances(k, groupOf.containsKey(k.name));
        }
        // sync groups
        for (Statement g : syncGroups) {
            if (g.args().isEmpty()) {
                continue;
            }
            String gname = g.args().get(0);
            String vname = uniqueName(gname);
            if (!vname.equals(gname)) {
                nameNotes.add("vrrp_sync_group " + gname + " -> sync group " + vname);
            }
            List<String> members = new ArrayList<>();
            List<Kept> memberInstances = new ArrayList<>();
            Source groupNotify = null;
            for (Statement c : g.children()) {
                switch (c.keyword()) {
                    case "group" -> {
                        for (Statement m : c.children()) {
                            List<String> words = new ArrayList<>();
                            words.add(m.keyword());
                            words.addAll(m.args());
                            for (String w : words) {
                                if (!gname.equals(groupOf.get(w))) {
                                    continue;
                                }
                                Kept k = byName.get(w);
                                if (k == null) {
                                    reported.add(new Reported(m.source(), "group " + w, "no vrrp_instance " + w
                                            + " was converted; left out of the group"));
                                } else {
                                    members.addAll(k.vrrpdNames.values());
                                    memberInstances.add(k);
                                }
                            }
                        }
                    }
                    case "notify", "notify_master", "notify_backup", "notify_fault", "notify_stop" -> {
                        report(c, POINTER_HOOKS);
                        if (groupNotify == null) {
                            groupNotify = c.source();
                        }
                    }
                    case "smtp_alert" -> report(c, "vrrpd sends no mail; alert on the vrrpd metrics or use an exec hook");
                    default -> report(c, unknown(c, "not supported in vrrpd sync groups; not converted"));
                }
            }
            for (Kept k : memberInstances) {
                if (k.notify == null) {
                    k.notify = groupNotify;
                }
            }
            if (members.size() < 2) {
                report(g, "a vrrpd sync group needs two or more members and this one has "
                        + members.size() + " after conversion; not converted");
                usedNames.remove(vname);
                continue;
            }
            groups.put(vname, new OutGroup(vname, members, g.source()));
        }
        // sync groups made for split instances that were in no group
        for (Kept k : kept) {
            if (k.newGroup != null) {
                groups.put(k.newGroup, new OutGroup(k.newGroup, new ArrayList<>(k.vrrpdNames.values()), k.source));
            }
        }
        // default routes become default-gateway hooks bound to the instance of their family
        for (Kept k : kept) {
            if (k.notify != null) {
                // a template for each family the script may have set a default route for and no route was converted
                k.vrrpdNames.forEach((fam, name) -> {
                    if (k.routes.stream().noneMatch(r -> (r.gateway instanceof Inet4Address) == fam.equals("ipv4"))) {
                        hookTemplates.add(new String[] {name, fam, k.notify.toString()});
                    }
                });
            }
            for (Route r : k.routes) {
                String fam = r.gateway instanceof Inet4Address ? "ipv4" : "ipv6";
                String bound = k.vrrpdNames.get(fam);
                if (bound == null) {
                    reported.add(new Reported(r.source, r.construct,
                            "instance " + k.name + " has no " + (fam.equals("ipv4") ? "IPv4" : "IPv6")
                                    + " virtual address, so there is no " + fam + " instance to bind the route to;"
                                    + " not converted"));
                    continue;
                }
                hooks.add(new OutHook(bound, IpText.format(r.gateway), r.dev, r.table, r.metric, r.source));
            }
        }
    }

    private void globalDefs(Statement g) {
        for (Statement s : g.children()) {
            switch (s.keyword()) {
                case "vrrp_version" -> {
                    globalVersion = integer(s, 2, 3);
                    if (globalVersion != null && globalVersion == 2) {
                        report(s, VERSION2);
                    }
                }
                case "vrrp_garp_master_delay" -> globalGarpDelay = seconds(s, 0, 3_600_000, "garp.master-delay");
                case "vrrp_garp_master_repeat" -> globalGarpRepeat = integer(s, 1, 100);
                case "vrrp_garp_master_refresh" -> globalGarpRefresh = refresh(s);
                case "vrrp_check_unicast_src" -> { } // vrrpd always checks the source of unicast adverts
                case "router_id" -> report(s, "vrrpd has no router id; its logs, metrics and vrrpctl name the"
                        + " instances");
                case "notification_email", "notification_email_from", "smtp_server", "smtp_connect_timeout",
                        "smtp_helo", "email_faults" ->
                        report(s, "vrrpd sends no mail; alert on the vrrpd metrics (Prometheus) or use an exec hook");
                case "script_user", "enable_script_security" -> report(s, "vrrpd runs no keepalived scripts;"
                        + " exec hooks run their command directly (no shell) as vrrpd's user");
                case "vrrp_strict" -> report(s, "vrrpd has no strict mode: it never authenticates, and its"
                        + " master accepts packets sent to the virtual addresses (accept mode off is not enforced);"
                        + " drop that traffic with a firewall rule if you relied on it");
                default -> report(s, unknown(s, "global setting with no vrrpd equivalent; not converted"));
            }
        }
    }

    private Kept instance(Statement s) {
        if (s.args().isEmpty()) {
            report(s, "has no name; skipped");
            return null;
        }
        Kept k = new Kept();
        k.name = s.args().get(0);
        k.source = s.source();
        for (Statement c : s.children()) {
            switch (c.keyword()) {
                case "interface" -> k.iface = word(c);
                case "virtual_router_id" -> k.vrid = integer(c, 1, 255);
                case "priority" -> k.priority = integer(c, 1, 255);
                case "advert_int" -> k.advert = advertInterval(c);
                case "nopreempt" -> k.preempt = false;
                case "preempt" -> k.preempt = true;
                case "preempt_delay" -> k.preemptDelay = seconds(c, 0, 3_600_000, "preempt-delay");
                case "accept" -> k.accept = true;
                case "no_accept" -> report(c, "vrrpd does not enforce accept mode off: the virtual addresses are"
                        + " on the interface, so the master accepts packets sent to them; drop that traffic with a"
                        + " firewall rule if you relied on it");
                case "state" -> {
                    String st = c.args().isEmpty() ? "" : c.args().get(0).toUpperCase(Locale.ROOT);
                    k.stateMaster = st.equals("MASTER");
                    k.stateSource = c.source();
                }
                case "virtual_ipaddress", "virtual_ipaddress_excluded" -> addresses(c, k);
                case "virtual_routes" -> routes(c, k);
                case "track_interface" -> trackInterfaces(c, k);
                case "garp_master_delay" -> k.garpDelay = seconds(c, 0, 3_600_000, "garp.master-delay");
                case "garp_master_repeat" -> k.garpRepeat = integer(c, 1, 100);
                case "garp_master_refresh" -> k.garpRefresh = refresh(c);
                case "vrrp_version" -> {
                    k.version = integer(c, 2, 3);
                    if (k.version != null && k.version == 2) {
                        report(c, VERSION2);
                    }
                }
                case "native_ipv6" -> { } // the family follows the addresses
                case "unicast_peer" -> unicastPeers(c, k);
                case "unicast_src_ip" -> k.unicastSource = unicastAddress(c, c.args().isEmpty() ? "" : c.args().get(0),
                        c.args().size() > 1 ? c.args().subList(1, c.args().size()) : List.of());
                case "check_unicast_src" -> { } // vrrpd always checks the source of unicast adverts
                case "unicast_ttl" -> report(c, "vrrpd sends unicast adverts with TTL 255 and does not check the TTL"
                        + " of its unicast peers' adverts (their source must be a peer instead); not converted");
                case "unicast_fault_no_peer" -> report(c, "vrrpd has no unicast mode without peers: an instance"
                        + " with no unicast-peers advertises to the multicast group; not converted");
                case "authentication", "auth_type", "auth_pass" -> report(c, AUTH);
                case "notify", "notify_master", "notify_backup", "notify_fault", "notify_stop",
                        "notify_deleted", "notify_master_rx_lower_pri" -> {
                    report(c, POINTER_HOOKS);
                    if (k.notify == null) {
                        k.notify = c.source();
                    }
                }
                case "smtp_alert" -> report(c, "vrrpd sends no mail; alert on the vrrpd metrics or use an exec hook");
                case "track_script", "track_file", "track_process", "track_bfd" -> report(c, "vrrpd tracks"
                        + " interfaces only (track-interfaces); it has no weighted script, file, process or BFD"
                        + " tracking. Drain the router from your check instead (vrrpctl drain / undrain)");
                case "mcast_src_ip" -> report(c, "vrrpd sends adverts from the interface's primary address"
                        + " (IPv4) or link-local address (IPv6); the source cannot be set");
                case "use_vmac", "vmac_xmit_base" -> report(c, "vrrpd does not create macvlan (VMAC)"
                        + " interfaces; the virtual addresses are added to the instance's interface");
                case "dont_track_primary" -> report(c, "vrrpd always puts the instance in FAULT when its"
                        + " interface is down; this cannot be turned off");
                case "virtual_rules" -> report(c, "vrrpd does not install policy routing rules; add them to the"
                        + " host's network configuration (or an exec hook)");
                case "strict_mode" -> report(c, "no strict mode in vrrpd (no authentication; accept mode off is"
                        + " not enforced: use a firewall rule)");
                case "lvs_sync_daemon_interface" -> report(c, "vrrpd does not drive IPVS connection sync");
                default -> report(c, unknown(c, "keepalived keyword with no vrrpd equivalent; not converted"));
            }
        }
        if (k.stateSource != null) {
            String extra = "";
            if (k.stateMaster && k.priority == null) {
                extra = ". No priority is set: keepalived may then run this router at 255 (owner), vrrpd at"
                        + " its default 100: set priority explicitly";
            } else if (k.stateMaster && k.priority != null && k.priority == 255) {
                extra = ". Priority 255 makes this router the address owner in vrrpd too: it takes over at once"
                        + " and always preempts; use 255 only when the virtual addresses are its real addresses";
            }
            reported.add(new Reported(k.stateSource, "state " + String.join(" ", statementArgs(s, "state")),
                    STATE + extra));
        }
        boolean ok = true;
        if (k.iface == null) {
            report(s, "has no interface; vrrpd needs one. Instance not converted");
            ok = false;
        }
        if (k.vrid == null) {
            report(s, "has no (valid) virtual_router_id; vrrpd needs one (1-255). Instance not converted");
            ok = false;
        }
        if (k.addresses.isEmpty()) {
            report(s, "has no (convertible) virtual address; vrrpd needs at least one. Instance not converted");
            ok = false;
        }
        if (ok && k.version == null && (globalVersion == null || globalVersion == 2)
                && k.addresses.stream().anyMatch(a -> !a.ipv6())) {
            report(s, "no vrrp_version: keepalived speaks VRRPv2 for IPv4 by default. " + VERSION2);
        }
        return ok ? k : null;
    }

    /** {@code unicast_peer { ADDR ... }}: each address kept; anything else on a line reported. */
    private void unicastPeers(Statement block, Kept k) {
        if (!block.hasBlock()) {
            report(block, "expects a { } block of peer addresses; nothing converted");
            return;
        }
        for (Statement e : block.children()) {
            Address a = unicastAddress(e, e.keyword(), e.args());
            if (a == null) {
                continue;
            }
            if (k.unicastPeers.stream().anyMatch(x -> x.address.equals(a.address))) {
                reported.add(new Reported(e.source(), "unicast_peer " + e.text(), "listed twice; kept once"));
                continue;
            }
            k.unicastPeers.add(a);
        }
    }

    /** One unicast address as written, or null (reported) when it is not a plain IP address. */
    private Address unicastAddress(Statement at, String text, List<String> extra) {
        String construct = (at.keyword().equals("unicast_src_ip") ? "" : "unicast_peer ") + at.text();
        Optional<InetAddress> ip = text.contains("/") ? Optional.empty() : IpText.parse(text);
        if (ip.isEmpty()) {
            reported.add(new Reported(at.source(), construct.trim(), "not an IP address (a peer is one address,"
                    + " without prefix or scope); not converted"));
            return null;
        }
        if (!extra.isEmpty()) {
            reported.add(new Reported(at.source(), construct.trim(), "kept " + IpText.format(ip.get()) + "; not carried"
                    + " over: " + String.join(" ", extra) + " (vrrpd has no per-peer TTL settings)"));
        }
        return new Address(IpText.format(ip.get()), ip.get(), at.source());
    }

    /** The peers and source of {@code family} go to that family's instance; others are reported. */
    private void unicastOf(Kept k, OutInstance o, boolean v6, boolean split) {
        k.unicastPeers.stream().filter(a -> a.ipv6() == v6).forEach(a -> o.unicastPeers.add(a.text));
        if (k.unicastSource != null && k.unicastSource.ipv6() == v6) {
            if (o.unicastPeers.isEmpty()) {
                // vrrpd refuses unicast-source without unicast-peers: this half advertises by multicast
                reported.add(new Reported(k.unicastSource.source(), "unicast_src_ip " + k.unicastSource.text, o.name
                        + ": not converted, since this instance has no unicast peer of its family and advertises"
                        + " to the multicast group"));
            } else {
                o.unicastSource = k.unicastSource.text;
            }
        }
        if (split && o.unicastPeers.isEmpty() && !k.unicastPeers.isEmpty()) {
            reported.add(new Reported(k.source, "vrrp_instance " + k.name + " (unicast_peer, " + (v6 ? "IPv6" : "IPv4")
                    + ")", o.name + ": " + UNICAST_HALF_WITHOUT_PEERS));
        }
    }

    /** Peers and a source of a family the instance has no addresses of. */
    private void reportUnicastWithoutFamily(Kept k, boolean hasV4, boolean hasV6) {
        for (Address a : k.unicastPeers) {
            if (a.ipv6() ? !hasV6 : !hasV4) {
                reported.add(new Reported(a.source, "unicast_peer " + a.text, UNICAST_NO_FAMILY));
            }
        }
        Address src = k.unicastSource;
        if (src != null && (src.ipv6() ? !hasV6 : !hasV4)) {
            reported.add(new Reported(src.source, "unicast_src_ip " + src.text, UNICAST_NO_FAMILY));
        }
    }

    private static List<String> statementArgs(Statement instance, String keyword) {
        return instance.children().stream().filter(c -> c.keyword().equals(keyword)).findFirst()
                .map(Statement::args).orElse(List.of());
    }

    private void emitInstances(Kept k, boolean inGroup) {
        List<Address> v4 = k.addresses.stream().filter(a -> !a.ipv6()).toList();
        List<Address> v6 = k.addresses.stream().filter(Address::ipv6).toList();
        boolean split = !v4.isEmpty() && !v6.isEmpty();
        if (!v4.isEmpty()) {
            String name = uniqueName(split ? k.name + "-4" : k.name);
            k.vrrpdNames.put("ipv4", name);
            OutInstance o = out(k, name, "ipv4", v4);
            unicastOf(k, o, false, split);
            instances.add(o);
        }
        if (!v6.isEmpty()) {
            String name = uniqueName(split ? k.name + "-6" : k.name);
            k.vrrpdNames.put("ipv6", name);
            OutInstance o = out(k, name, "ipv6", v6);
            unicastOf(k, o, true, split);
            instances.add(o);
        }
        reportUnicastWithoutFamily(k, !v4.isEmpty(), !v6.isEmpty());
        String names = String.join(" and ", k.vrrpdNames.values());
        if (split) {
            if (!inGroup) {
                k.newGroup = uniqueName(k.name);
            }
            nameNotes.add("vrrp_instance " + k.name + " -> instances " + names + " (IPv4 and IPv6 are separate"
                    + " routers in VRRPv3)" + (inGroup ? "" : ", in a new sync group " + k.newGroup));
        } else if (!names.equals(k.name)) {
            nameNotes.add("vrrp_instance " + k.name + " -> instance " + names);
        }
    }

    private OutInstance out(Kept k, String name, String family, List<Address> addresses) {
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
        o.garpDelay = k.garpDelay != null ? k.garpDelay : globalGarpDelay;
        o.garpRepeat = k.garpRepeat != null ? k.garpRepeat : globalGarpRepeat;
        o.garpRefresh = k.garpRefresh != null ? k.garpRefresh : globalGarpRefresh;
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
        ordered.forEach(a -> o.addresses.add(a.text));
        return o;
    }

    private void addresses(Statement block, Kept k) {
        boolean excluded = block.keyword().equals("virtual_ipaddress_excluded");
        if (!block.hasBlock()) {
            report(block, "expects a { } block of addresses; nothing converted");
            return;
        }
        for (Statement e : block.children()) {
            Optional<Address> a = address(e.keyword(), e.source());
            if (a.isEmpty()) {
                reported.add(new Reported(e.source(), block.keyword() + " " + e.text(),
                        "not an IP address with an optional prefix (ranges such as 192.0.2.10-12 are not"
                                + " expanded); not converted"));
                continue;
            }
            if (k.addresses.stream().anyMatch(x -> x.address.equals(a.get().address))) {
                reported.add(new Reported(e.source(), block.keyword() + " " + e.text(), "listed twice; kept once"));
                continue;
            }
            k.addresses.add(a.get());
            List<String> extra = new ArrayList<>(e.args());
            // "dev IFACE" naming the instance's own interface changes nothing
            int dev = extra.indexOf("dev");
            if (dev >= 0 && dev + 1 < extra.size() && extra.get(dev + 1).equals(k.iface)) {
                extra.remove(dev + 1);
                extra.remove(dev);
            }
            if (!extra.isEmpty()) {
                reported.add(new Reported(e.source(), block.keyword() + " " + e.text(), "kept "
                        + a.get().text + "; not carried over: " + String.join(" ", extra) + " (vrrpd adds every"
                        + " virtual address to the instance's interface, without label, scope or broadcast"
                        + " options)"));
            }
        }
        if (excluded && block.hasBlock() && !block.children().isEmpty()) {
            report(block, "converted to virtual-addresses: vrrpd lists them in its adverts, keepalived did not;"
                    + " while a keepalived peer remains it logs that the address lists differ, which is harmless");
        }
    }

    private Optional<Address> address(String text, Source at) {
        String addr = text;
        String prefix = null;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            addr = text.substring(0, slash);
            prefix = text.substring(slash + 1);
        }
        Optional<InetAddress> ip = IpText.parse(addr);
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        int max = ip.get() instanceof Inet4Address ? 32 : 128;
        if (prefix != null) {
            if (!prefix.matches("[0-9]{1,3}") || Integer.parseInt(prefix) < 1 || Integer.parseInt(prefix) > max) {
                return Optional.empty();
            }
        }
        return Optional.of(new Address(IpText.format(ip.get()) + (prefix == null ? "" : "/" + Integer.parseInt(prefix)),
                ip.get(), at));
    }

    private void routes(Statement block, Kept k) {
        if (!block.hasBlock()) {
            report(block, "expects a { } block of routes; nothing converted");
            return;
        }
        for (Statement e : block.children()) {
            List<String> w = new ArrayList<>();
            w.add(e.keyword());
            w.addAll(e.args());
            String construct = "virtual_routes " + e.text();
            String dest = null;
            InetAddress via = null;
            String dev = null;
            String table = null;
            String metric = null;
            List<String> extra = new ArrayList<>();
            String bad = null;
            for (int i = 0; i < w.size(); i++) {
                String t = w.get(i);
                String next = i + 1 < w.size() ? w.get(i + 1) : null;
                switch (t) {
                    case "via", "gw" -> {
                        Optional<InetAddress> g = next == null ? Optional.empty() : IpText.parse(next);
                        if (g.isEmpty()) {
                            bad = "\"" + t + "\" is not followed by an IP address";
                        } else {
                            via = g.get();
                        }
                        i++;
                    }
                    case "dev" -> {
                        dev = next;
                        i++;
                    }
                    case "table" -> {
                        if (next != null && (next.equals("main") || next.matches("[0-9]{1,10}"))) {
                            table = next;
                        } else {
                            bad = "table " + next + " is not main or a number (vrrpd does not read rt_tables names)";
                        }
                        i++;
                    }
                    case "metric", "preference", "pref", "priority" -> {
                        if (next != null && next.matches("[0-9]{1,10}")) {
                            metric = next;
                        } else {
                            bad = t + " " + next + " is not a number";
                        }
                        i++;
                    }
                    case "to" -> {
                        dest = next;
                        i++;
                    }
                    case "src", "scope", "proto", "protocol", "realm", "realms", "mtu", "advmss", "type",
                            "track_group", "nexthop", "weight" -> {
                        extra.add(t + (next == null ? "" : " " + next));
                        i++;
                    }
                    default -> {
                        if (dest == null && !t.equals("no_track")) {
                            dest = t;
                        } else {
                            extra.add(t);
                        }
                    }
                }
            }
            if (dest == null || !DEFAULT_DESTINATIONS.contains(dest)) {
                reported.add(new Reported(e.source(), construct, "only default routes are converted (to a"
                        + " default-gateway hook); vrrpd does not install other routes on a transition. Add"
                        + " this route to the host's network configuration, or install it from an exec hook"));
                continue;
            }
            if (bad != null) {
                reported.add(new Reported(e.source(), construct, bad + "; not converted"));
                continue;
            }
            if (via == null) {
                reported.add(new Reported(e.source(), construct, "a default-gateway hook needs a gateway"
                        + " (via ADDRESS); not converted"));
                continue;
            }
            boolean v6 = via instanceof Inet6Address;
            if ((dest.equals("0.0.0.0/0") && v6) || (dest.equals("::/0") && !v6)) {
                reported.add(new Reported(e.source(), construct, "the gateway is not of the destination's"
                        + " family; not converted"));
                continue;
            }
            if (dev == null) {
                reported.add(new Reported(e.source(), construct, "no dev: a default-gateway hook needs the"
                        + " uplink interface the gateway is reached over; not converted (add the hook by hand"
                        + " with interface: UPLINK)"));
                continue;
            }
            if (!extra.isEmpty()) {
                reported.add(new Reported(e.source(), construct, "converted to a default-gateway hook; not"
                        + " carried over: " + String.join(" ", extra)));
            }
            k.routes.add(new Route(via, dev, table, metric, e.source(), construct));
        }
    }

    private void trackInterfaces(Statement block, Kept k) {
        if (!block.hasBlock()) {
            report(block, "expects a { } block of interface names; nothing converted");
            return;
        }
        for (Statement e : block.children()) {
            if (!k.track.contains(e.keyword())) {
                k.track.add(e.keyword());
            }
            if (!e.args().isEmpty()) {
                reported.add(new Reported(e.source(), "track_interface " + e.text(), "tracked; not carried"
                        + " over: " + String.join(" ", e.args()) + " (vrrpd has no weights: an interface that is"
                        + " down puts the instance in FAULT)"));
            }
        }
    }

    // ---- values -------------------------------------------------------------------------

    private String word(Statement s) {
        if (s.args().size() != 1) {
            report(s, "expects exactly one value; not converted");
            return null;
        }
        return s.args().get(0);
    }

    private Integer integer(Statement s, int min, int max) {
        String v = word(s);
        if (v == null) {
            return null;
        }
        if (!v.matches("[0-9]{1,9}") || Integer.parseInt(v) < min || Integer.parseInt(v) > max) {
            report(s, v + " is not a whole number from " + min + " to " + max + "; not converted");
            return null;
        }
        return Integer.parseInt(v);
    }

    /** A keepalived number of seconds (possibly fractional) as whole milliseconds, or null (reported). */
    private Long millis(Statement s) {
        String v = word(s);
        if (v == null) {
            return null;
        }
        try {
            BigDecimal ms = new BigDecimal(v).movePointRight(3);
            if (ms.signum() < 0 || ms.stripTrailingZeros().scale() > 0) {
                report(s, v + " is not a non-negative number of seconds in whole milliseconds; not converted");
                return null;
            }
            return ms.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            report(s, v + " is not a number of seconds; not converted");
            return null;
        }
    }

    private String seconds(Statement s, long minMs, long maxMs, String field) {
        Long ms = millis(s);
        if (ms == null) {
            return null;
        }
        if (ms < minMs || ms > maxMs) {
            report(s, "out of the range of " + field + " (" + Durations.format(Duration.ofMillis(minMs)) + " to " + Durations.format(Duration.ofMillis(maxMs))
                    + "); not converted");
            return null;
        }
        return Durations.format(Duration.ofMillis(ms));
    }

    private String advertInterval(Statement s) {
        Long ms = millis(s);
        if (ms == null) {
            return null;
        }
        if (Timing.advertIntervalCentis(Duration.ofMillis(ms)).isEmpty()) {
            report(s, "advert-interval must be " + InstanceConfig.ADVERT_INTERVAL_RANGE + " (adverts carry centiseconds);"
                    + " not converted, vrrpd's default " + Durations.format(InstanceConfig.DEFAULT_ADVERT_INTERVAL) + " applies");
            return null;
        }
        return Durations.format(Duration.ofMillis(ms));
    }

    private String refresh(Statement s) {
        Long ms = millis(s);
        if (ms == null) {
            return null;
        }
        if (ms == 0) {
            return "off";
        }
        if (ms < 1000 || ms > 86_400_000) {
            report(s, "garp.master-refresh must be 1s to 24h (or 0, off); not converted");
            return null;
        }
        return Durations.format(Duration.ofMillis(ms));
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

    /** The message for a keyword the importer does not know; keepalived's preprocessor lines get their own. */
    private static String unknown(Statement s, String otherwise) {
        if (s.keyword().startsWith("@")) {
            return "a line for some hosts only (keepalived's @HOST prefix); the importer does not know which host"
                    + " it converts for, so the line is not converted: set the value for this router by hand";
        }
        if (s.keyword().startsWith("$")) {
            return "keepalived parameter definitions and $NAME substitutions are not expanded by the importer;"
                    + " not converted: expand them by hand and check the values that used them";
        }
        return otherwise;
    }

    private void report(Statement s, String message) {
        reported.add(new Reported(s.source(), construct(s), message));
    }

    private static String construct(Statement s) {
        StringBuilder b = new StringBuilder(s.keyword());
        for (String a : s.args()) {
            b.append(' ').append(a.isEmpty() || a.chars().anyMatch(Character::isWhitespace) ? "\"" + a + "\"" : a);
        }
        return b.toString();
    }

    // ---- YAML ---------------------------------------------------------------------------

    private String yaml() {
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
                        o.unicastPeers.stream().map(KeepalivedImporter::scalar).toList())).append("]\n");
            }
            if (o.unicastSource != null) {
                y.append("    unicast-source: ").append(scalar(o.unicastSource)).append('\n');
            }
        }
        if (!groups.isEmpty()) {
            y.append("sync-groups:\n");
            groups.values().forEach(g -> y.append("  ").append(scalar(g.name)).append(":\n    members: [")
                    .append(String.join(", ", g.members.stream().map(KeepalivedImporter::scalar).toList()))
                    .append("]\n"));
        }
        if (!hooks.isEmpty()) {
            y.append("hooks:\n");
            for (OutHook h : hooks) {
                y.append("  - type: default-gateway   # keepalived virtual_routes (").append(h.source).append(")\n");
                y.append("    instances: [").append(scalar(h.instance)).append("]\n");
                y.append("    gateway: ").append(scalar(h.gateway)).append('\n');
                y.append("    interface: ").append(scalar(h.iface)).append('\n');
                if (h.table != null) {
                    y.append("    table: ").append(h.table).append('\n');
                }
                if (h.metric != null) {
                    y.append("    metric: ").append(h.metric).append('\n');
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

    private String header() {
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

    // ---- self check ---------------------------------------------------------------------

    /** Loads the output with vrrpd's own loader; whatever it refuses is reported (never shipped silently). */
    private void selfCheck(String yaml) {
        if (instances.isEmpty()) {
            reported.add(new Reported(new Source(mainFile.toAbsolutePath().normalize(),
                    mainFile.getFileName().toString(), 1), "vrrp_instance",
                    "no instance could be converted; the output is not a valid vrrpd configuration"));
            return;
        }
        Set<String> names = new LinkedHashSet<>();
        instances.forEach(o -> {
            names.add(o.iface);
            names.addAll(o.track);
        });
        hooks.forEach(h -> names.add(h.iface));
        List<Link> ifaces = new ArrayList<>();
        int i = 1;
        for (String n : names) {
            ifaces.add(new Link(i, n, MacAddress.of(new byte[] {2, 0, 0, 0, (byte) (i >> 8), (byte) i}), true, true, true,
                    OperState.UP, 1500));
            i++;
        }
        try {
            ConfigLoader.withBuiltInHooks().parse(Path.of("vrrpd.yaml"), yaml,
                    InterfaceDirectory.of(ifaces));
        } catch (InvalidConfigException e) {
            for (ConfigProblem p : e.problems()) {
                reported.add(new Reported(sourceOf(p.path()), "converted " + (p.path().isEmpty() ? "file" : p.path()),
                        "vrrpd would refuse it: " + p.message() + (p.hint().isEmpty() ? "" : " (expected: "
                                + p.hint() + ")")));
            }
        }
    }

    private Source sourceOf(String path) {
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
