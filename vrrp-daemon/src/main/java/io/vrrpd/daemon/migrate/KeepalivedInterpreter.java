package io.vrrpd.daemon.migrate;

import io.vrrpd.core.IpText;
import io.vrrpd.core.fsm.Timing;
import io.vrrpd.daemon.config.InstanceConfig;
import io.vrrpd.daemon.migrate.KeepalivedConfig.Address;
import io.vrrpd.daemon.migrate.KeepalivedConfig.Instance;
import io.vrrpd.daemon.migrate.KeepalivedConfig.Member;
import io.vrrpd.daemon.migrate.KeepalivedConfig.Route;
import io.vrrpd.daemon.migrate.KeepalivedConfig.SyncGroup;
import io.vrrpd.hooks.Durations;

import java.math.BigDecimal;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads parsed keepalived.conf statements as keepalived would run them: its instances (with the
 * global defaults applied) and sync groups, in a {@link KeepalivedConfig}. Every construct vrrpd
 * has no equivalent for is {@link Reported} here, with its file and line and what to do instead;
 * the translation into vrrpd's terms is {@link VrrpdYaml}'s.
 */
final class KeepalivedInterpreter {
    static final String POINTER_HOOKS = "vrrpd runs no keepalived notify scripts. For default routes use a"
            + " default-gateway hook (bound to instances by name, checked when the config is loaded, egress"
            + " verified before MASTER is reported; default routes in virtual_routes are converted to one, and"
            + " the output ends with a commented template for routes the script set);"
            + " for anything else an exec hook (absolute command, no shell, the transition as JSON on stdin)."
            + " Check every instance name the script matches against the vrrpd names (the header lists the"
            + " names that changed)";
    static final String AUTH = "VRRPv3 (RFC 9568) has no authentication and vrrpd neither sends nor checks it;"
            + " keepalived allows it with vrrp_version 2 only. Remove it from the keepalived peer when moving it"
            + " to vrrp_version 3, and protect the LAN instead (vrrpd drops adverts whose TTL is not 255)";
    static final String VERSION2 = "vrrpd speaks VRRPv3 only, which a VRRPv2 peer ignores. For a rolling"
            + " migration set vrrp_version 3 on the keepalived peer first (vrrpd's default IPv4 checksum form"
            + " is the one keepalived 2.2 uses); advert_int then counts in centiseconds on both";
    static final String STATE = "vrrpd has no initial state: every router starts as BACKUP and the highest"
            + " priority becomes master (RFC 9568). Give the preferred master the higher priority";

    private static final Set<String> DEFAULT_DESTINATIONS = Set.of("default", "0.0.0.0/0", "::/0");

    private final List<Reported> reported;
    private final KeepalivedConfig config = new KeepalivedConfig();

    // global_defs settings that are defaults of every instance
    private Integer globalVersion;
    private String globalGarpDelay;
    private Integer globalGarpRepeat;
    private String globalGarpRefresh;

    private KeepalivedInterpreter(List<Reported> reported) {
        this.reported = reported;
    }

    /** What keepalived would run of {@code top}; what does not carry over is added to {@code reported}. */
    static KeepalivedConfig read(List<Statement> top, List<Reported> reported) {
        return new KeepalivedInterpreter(reported).read(top);
    }

    private KeepalivedConfig read(List<Statement> top) {
        for (Statement s : top) {
            if (s.keyword().equals("global_defs")) {
                globalDefs(s);
            }
        }
        List<Statement> syncGroups = new ArrayList<>();
        for (Statement s : top) {
            switch (s.keyword()) {
                case "global_defs" -> { }
                case "vrrp_instance" -> {
                    Instance k = instance(s);
                    if (k != null) {
                        config.instances.add(k);
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
        syncGroups(syncGroups);
        return config;
    }

    /** The sync groups: each instance in one only (keepalived's rule too); a group's notify runs for its members. */
    private void syncGroups(List<Statement> statements) {
        Map<String, String> groupOf = new LinkedHashMap<>();
        for (Statement g : statements) {
            if (g.args().isEmpty()) {
                report(g, "has no name; skipped");
                continue;
            }
            String gname = g.args().get(0);
            List<Member> members = new ArrayList<>();
            Source notify = null;
            for (Statement c : g.children()) {
                switch (c.keyword()) {
                    case "group" -> {
                        for (Statement m : c.children()) {
                            List<String> words = new ArrayList<>();
                            words.add(m.keyword());
                            words.addAll(m.args());
                            for (String w : words) {
                                if (groupOf.containsKey(w)) {
                                    reported.add(new Reported(m.source(), "group " + w, "the instance is already in"
                                            + " sync group " + groupOf.get(w) + "; an instance can be in one group only"));
                                } else {
                                    groupOf.put(w, gname);
                                    members.add(new Member(w, m.source()));
                                }
                            }
                        }
                        if (!c.args().isEmpty()) {
                            report(c, "words on the group line itself are not read by the importer; list the"
                                    + " members inside group { }");
                        }
                    }
                    case "notify", "notify_master", "notify_backup", "notify_fault", "notify_stop" -> {
                        report(c, POINTER_HOOKS);
                        if (notify == null) {
                            notify = c.source();
                        }
                    }
                    case "smtp_alert" -> report(c, "vrrpd sends no mail; alert on the vrrpd metrics or use an exec hook");
                    default -> report(c, unknown(c, "not supported in vrrpd sync groups; not converted"));
                }
            }
            for (Instance k : config.instances) {
                if (k.notify == null && members.stream().anyMatch(m -> m.name().equals(k.name))) {
                    k.notify = notify;
                }
            }
            config.syncGroups.add(new SyncGroup(gname, g.source(), construct(g), members));
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

    private Instance instance(Statement s) {
        if (s.args().isEmpty()) {
            report(s, "has no name; skipped");
            return null;
        }
        Instance k = new Instance();
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
        // global_defs settings are the defaults of every instance
        k.garpDelay = k.garpDelay != null ? k.garpDelay : globalGarpDelay;
        k.garpRepeat = k.garpRepeat != null ? k.garpRepeat : globalGarpRepeat;
        k.garpRefresh = k.garpRefresh != null ? k.garpRefresh : globalGarpRefresh;
        return ok ? k : null;
    }

    /** {@code unicast_peer { ADDR ... }}: each address kept; anything else on a line reported. */
    private void unicastPeers(Statement block, Instance k) {
        if (!block.hasBlock()) {
            report(block, "expects a { } block of peer addresses; nothing converted");
            return;
        }
        for (Statement e : block.children()) {
            Address a = unicastAddress(e, e.keyword(), e.args());
            if (a == null) {
                continue;
            }
            if (k.unicastPeers.stream().anyMatch(x -> x.address().equals(a.address()))) {
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

    private static List<String> statementArgs(Statement instance, String keyword) {
        return instance.children().stream().filter(c -> c.keyword().equals(keyword)).findFirst()
                .map(Statement::args).orElse(List.of());
    }

    private void addresses(Statement block, Instance k) {
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
            if (k.addresses.stream().anyMatch(x -> x.address().equals(a.get().address()))) {
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
                        + a.get().text() + "; not carried over: " + String.join(" ", extra) + " (vrrpd adds every"
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

    private void routes(Statement block, Instance k) {
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

    private void trackInterfaces(Statement block, Instance k) {
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
}
