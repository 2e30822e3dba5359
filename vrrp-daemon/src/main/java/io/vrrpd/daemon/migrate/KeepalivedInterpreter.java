package io.vrrpd.daemon.migrate;

import io.vrrpd.core.IpText;
import io.vrrpd.core.fsm.Timing;
import io.vrrpd.core.packet.Authentication;
import io.vrrpd.daemon.config.InstanceConfig;
import io.vrrpd.daemon.migrate.KeepalivedConfig.Address;
import io.vrrpd.daemon.migrate.KeepalivedConfig.Instance;
import io.vrrpd.daemon.migrate.KeepalivedConfig.Member;
import io.vrrpd.daemon.migrate.KeepalivedConfig.Peer;
import io.vrrpd.daemon.migrate.KeepalivedConfig.Held;
import io.vrrpd.daemon.migrate.KeepalivedConfig.OtherRoute;
import io.vrrpd.daemon.migrate.KeepalivedConfig.Route;
import io.vrrpd.daemon.migrate.KeepalivedConfig.Rule;
import io.vrrpd.daemon.migrate.KeepalivedConfig.SyncGroup;
import io.vrrpd.hooks.Durations;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
    static final String POINTER_EXEC = "vrrpd runs no keepalived notify scripts, and this one sets no route (no"
            + " default-gateway template is written for it). Run it from an exec hook: an absolute command, no shell,"
            + " the transition as JSON on stdin (instance, family, vrid, from, to, reason) instead of keepalived's"
            + " arguments; check every instance name it matches against the vrrpd names";
    static final String VERSION2_BY_DEFAULT = "no vrrp_version: keepalived speaks VRRPv2 (RFC 3768) for IPv4 unless"
            + " vrrp_version 3 is set (in global_defs, or version 3 in the instance). This file's IPv4 instances"
            + " without a version are converted with version: 2 (and their PASS authentication), so vrrpd and the"
            + " keepalived peer hear each other and the pair can be migrated one router at a time. Said once for the"
            + " file; to leave VRRPv2 afterwards, again one router at a time, see docs/migrating-from-keepalived.md"
            + " (accept-v2)";
    static final String NOTIFY_FIFO = "vrrpd writes no notify FIFO. Every transition reaches an exec hook as"
            + " JSON on stdin (instance, family, vrid, from, to, reason), and vrrpctl watch prints each as one JSON"
            + " line as it happens: point what read the FIFO at either";
    static final String STATE = "vrrpd has no initial state: every router starts as BACKUP and the highest"
            + " priority becomes master (RFC 9568). Give the preferred master the higher priority";

    private static final Set<String> DEFAULT_DESTINATIONS = Set.of("default", "0.0.0.0/0", "::/0");
    /** What a notify script that sets routes runs. */
    private static final java.util.regex.Pattern ROUTE_COMMAND = java.util.regex.Pattern.compile(
            "\\bip\\s+(-[46]\\s+)?(-[a-z]+\\s+\\S+\\s+)*r(o(u(te?)?)?)?\\b|\\broute\\s+(add|del|replace|change)\\b|\\bdefault\\s+via\\b");

    private final List<Reported> reported;
    private final KeepalivedConfig config = new KeepalivedConfig();

    // global_defs settings that are defaults of every instance
    private Integer globalVersion;
    /** global_defs vrrp_strict: keepalived then sends no authentication. */
    private boolean globalStrict;
    /** vrrp_script, vrrp_track_file and vrrp_track_process, and the instances' track_* blocks naming them. */
    private final KeepalivedTrackers trackers;
    /** Whether {@link #VERSION2_BY_DEFAULT} was said: once per file, not once per instance. */
    private boolean versionTwoReported;
    private String globalGarpDelay;
    private Integer globalGarpRepeat;
    private String globalGarpRefresh;

    private KeepalivedInterpreter(List<Reported> reported) {
        this.reported = reported;
        this.trackers = new KeepalivedTrackers(reported);
    }

    /** What keepalived would run of {@code top}; what does not carry over is added to {@code reported}. */
    static KeepalivedConfig read(List<Statement> top, List<Reported> reported) {
        return new KeepalivedInterpreter(reported).read(top);
    }

    private KeepalivedConfig read(List<Statement> top) {
        for (Statement s : top) {
            if (s.keyword().equals("global_defs")) {
                globalDefs(s);
            } else {
                trackers.define(s);
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
                case "vrrp_script", "vrrp_track_file", "vrrp_track_process" -> { } // read by trackers.define
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
                        boolean routesScript = setsRoutes(c);
                        report(c, routesScript ? POINTER_HOOKS : POINTER_EXEC);
                        if (notify == null && routesScript) {
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
                case "vrrp_version" -> globalVersion = integer(s, 2, 3);
                case "notify_fifo", "notify_fifo_script", "vrrp_notify_fifo", "vrrp_notify_fifo_script" ->
                        report(s, NOTIFY_FIFO);
                case "vrrp_startup_delay" -> config.startupDelay = seconds(s, 0, 1_800_000, "startup-delay");
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
                case "vrrp_strict" -> {
                    globalStrict = true;
                    report(s, "vrrpd has no strict mode: its master accepts packets sent to the virtual addresses"
                            + " (accept mode off is not enforced); drop that traffic with a firewall rule if you relied"
                            + " on it. keepalived in strict mode sends no authentication, and neither does the converted"
                            + " configuration");
                }
                default -> report(s, unknown(s, "global setting with no vrrpd equivalent; not converted"));
            }
        }
    }

    /** An address of virtual_ipaddress(_excluded) as written, before the instance's family and interface are known. */
    private record Written(Address address, String dev, boolean excluded, Statement block, Statement at,
                           String construct, List<String> options) {
    }

    private Instance instance(Statement s) {
        if (s.args().isEmpty()) {
            report(s, "has no name; skipped");
            return null;
        }
        Instance k = new Instance();
        k.name = s.args().get(0);
        k.source = s.source();
        List<Written> written = new ArrayList<>();
        Statement advert = null;
        Statement version = null;
        Statement nopreempt = null;
        Statement preemptDelay = null;
        Statement useVmac = null;
        Statement authType = null;
        Statement authPass = null;
        String state = null;
        Boolean strict = null;
        for (Statement c : s.children()) {
            switch (c.keyword()) {
                case "interface" -> k.iface = word(c);
                case "virtual_router_id" -> k.vrid = integer(c, 1, 255);
                case "priority" -> k.priority = integer(c, 1, 255);
                case "advert_int" -> advert = c;
                case "nopreempt" -> {
                    k.preempt = false;
                    nopreempt = c;
                }
                case "preempt" -> k.preempt = true;
                case "preempt_delay" -> {
                    k.preemptDelay = seconds(c, 0, 3_600_000, "preempt-delay");
                    preemptDelay = c;
                }
                case "accept" -> k.accept = true;
                case "no_accept" -> report(c, "vrrpd does not enforce accept mode off: the virtual addresses are"
                        + " on the interface, so the master accepts packets sent to them; drop that traffic with a"
                        + " firewall rule if you relied on it");
                case "state" -> {
                    state = c.args().isEmpty() ? "" : c.args().get(0);
                    k.stateMaster = state.equals("MASTER");
                    k.stateSource = c.source();
                }
                case "virtual_ipaddress", "virtual_ipaddress_excluded" -> written.addAll(addresses(c));
                case "virtual_routes" -> routes(c, k);
                case "track_interface" -> trackers.trackInterfaces(c, k);
                case "garp_master_delay" -> k.garpDelay = seconds(c, 0, 3_600_000, "garp.master-delay");
                case "garp_master_repeat" -> k.garpRepeat = integer(c, 1, 100);
                case "garp_master_refresh" -> k.garpRefresh = refresh(c);
                case "version" -> version = c;
                case "vrrp_version" -> report(c, "keepalived does not know vrrp_version inside a vrrp_instance"
                        + " (\"Unknown keyword 'vrrp_version'\"; the instance's keyword is version) and ignores it;"
                        + " so does the importer");
                case "native_ipv6" -> { } // the family follows the addresses
                case "unicast_peer" -> unicastPeers(c, k);
                case "unicast_src_ip" -> k.unicastSource = unicastAddress(c, c.args().isEmpty() ? "" : c.args().get(0),
                        c.args().size() > 1 ? c.args().subList(1, c.args().size()) : List.of());
                case "check_unicast_src" -> { } // vrrpd always checks the source of unicast adverts
                case "unicast_ttl" -> report(c, "vrrpd sends unicast adverts with TTL 255 (unicast_ttl sets what"
                        + " keepalived sends); to check the TTL of a peer's adverts give it min-ttl / max-ttl under"
                        + " unicast-peers; not converted");
                case "unicast_fault_no_peer" -> report(c, "vrrpd has no unicast mode without peers: an instance"
                        + " with no unicast-peers advertises to the multicast group; not converted");
                case "authentication" -> {
                    for (Statement a : c.children()) {
                        switch (a.keyword()) {
                            case "auth_type" -> authType = a;
                            case "auth_pass" -> authPass = a;
                            default -> reported.add(new Reported(a.source(), a.keyword(), unknown(a,
                                    "not an authentication setting keepalived reads; not converted")));
                        }
                    }
                }
                case "auth_type", "auth_pass" -> report(c, "keepalived reads it only inside authentication { };"
                        + " not converted");
                case "notify", "notify_master", "notify_backup", "notify_fault", "notify_stop",
                        "notify_deleted", "notify_master_rx_lower_pri" -> {
                    boolean routesScript = setsRoutes(c);
                    report(c, routesScript ? POINTER_HOOKS : POINTER_EXEC);
                    if (k.notify == null && routesScript) {
                        k.notify = c.source();
                    }
                }
                case "smtp_alert" -> report(c, "vrrpd sends no mail; alert on the vrrpd metrics or use an exec hook");
                case "track_script" -> trackers.trackScripts(c, k);
                case "track_file" -> trackers.trackFiles(c, k);
                case "track_process" -> trackers.trackProcesses(c, k);
                case "track_bfd" -> report(c, "vrrpd has no BFD tracking; track the BFD session's state with an"
                        + " exec tracker (track: [{exec: ...}]), or drain the router from your check (vrrpctl drain)");
                case "mcast_src_ip" -> report(c, "vrrpd sends adverts from the interface's primary address"
                        + " (IPv4) or link-local address (IPv6); the source cannot be set");
                case "use_vmac" -> {
                    k.virtualMac = true;
                    useVmac = c;
                    if (!c.args().isEmpty()) {
                        report(c, "converted to virtual-mac: true, but vrrpd names the macvlan itself (vrrp4.VRID or"
                                + " vrrp6.VRID) and gives it the virtual router MAC: the name or MAC given here is"
                                + " not used; rename what refers to it (firewall rules, scripts)");
                    }
                }
                case "vmac_xmit_base" -> report(c, "nothing to convert: vrrpd always sends and hears adverts on the"
                        + " instance's interface (the macvlan's parent), with the virtual MAC as the source");
                case "dont_track_primary" -> report(c, "vrrpd always puts the instance in FAULT when its"
                        + " interface is down; this cannot be turned off");
                case "virtual_rules" -> rules(c, k);
                case "strict_mode" -> {
                    strict = c.args().isEmpty() || !c.args().get(0).matches("(?i)off|false|no|0");
                    report(c, "no strict mode in vrrpd (accept mode off is not enforced: use a firewall rule)");
                }
                case "lvs_sync_daemon_interface" -> report(c, "vrrpd does not drive IPVS connection sync");
                default -> report(c, unknown(c, "keepalived keyword with no vrrpd equivalent; not converted"));
            }
        }
        keepFamily(k, written);
        k.version = version(k, version);
        k.advert = advert == null ? null : advertInterval(advert, k.version);
        k.password = password(k, authType, authPass, strict != null ? strict : globalStrict);
        if (k.virtualMac && k.priority != null && k.priority == 255) {
            k.virtualMac = false;
            report(useVmac, "not converted: with priority 255 the router owns the virtual addresses, which are"
                    + " its interface's own and cannot move to a macvlan in vrrpd");
        }
        if (k.stateMaster) {
            clearedByMaster(k, nopreempt, preemptDelay);
        }
        if (k.stateSource != null) {
            String extra = "";
            if (k.stateMaster && k.priority == null) {
                extra = ". No priority is set: keepalived then runs this router at 255 (owner), vrrpd at"
                        + " its default 100: set priority explicitly";
            } else if (k.stateMaster && k.priority != null && k.priority == 255) {
                extra = ". Priority 255 makes this router the address owner in vrrpd too: it takes over at once"
                        + " and always preempts; use 255 only when the virtual addresses are its real addresses";
            }
            String unknown = state.equals("MASTER") || state.equals("BACKUP") ? ""
                    : "not a keepalived state: keepalived reads it as BACKUP, with a warning (\"unknown state '" + state
                    + "', defaulting to BACKUP\"), and so does the importer; correct it in keepalived.conf (MASTER or"
                    + " BACKUP, upper case). ";
            reported.add(new Reported(k.stateSource, "state " + String.join(" ", statementArgs(s, "state")),
                    unknown + STATE + extra));
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
        if (ok && k.version == 2 && version == null && globalVersion == null && !versionTwoReported) {
            versionTwoReported = true;
            report(s, VERSION2_BY_DEFAULT);
        }
        // global_defs settings are the defaults of every instance
        k.garpDelay = k.garpDelay != null ? k.garpDelay : globalGarpDelay;
        k.garpRepeat = k.garpRepeat != null ? k.garpRepeat : globalGarpRepeat;
        k.garpRefresh = k.garpRefresh != null ? k.garpRefresh : globalGarpRefresh;
        return ok ? k : null;
    }

    /**
     * The addresses keepalived runs for the instance, from what was written: virtual addresses of its
     * family (the first virtual_ipaddress's; keepalived ignores the others) on its own interface, and
     * held addresses (vrrpd's held-addresses: any interface, either family, never advertised) for
     * virtual_ipaddress_excluded and for an address with a dev other than the instance's. No router of
     * the other family is made up: keepalived ran none, and in a rolling migration a vrrpd router
     * without a keepalived counterpart is master at once.
     */
    private void keepFamily(Instance k, List<Written> written) {
        Optional<Written> first = written.stream().filter(w -> !w.excluded()).findFirst();
        boolean v6 = first.map(w -> w.address().ipv6())
                .orElseGet(() -> !k.unicastPeers.isEmpty() && k.unicastPeers.get(0).ipv6());
        for (Written w : written) {
            boolean elsewhere = w.dev() != null && !w.dev().equals(k.iface);
            if (w.excluded() || elsewhere) {
                String dev = w.dev() != null ? w.dev() : k.iface;
                if (k.held.stream().anyMatch(h -> h.address().address().equals(w.address().address()))) {
                    reported.add(new Reported(w.at().source(), w.construct(), "listed twice; kept once"));
                    continue;
                }
                k.held.add(new Held(w.address(), dev));
                List<String> notes = new ArrayList<>();
                if (!w.excluded()) {
                    notes.add("converted to held-addresses on " + dev + ": held while master, as keepalived does,"
                            + " but not listed in vrrpd's adverts; while a keepalived peer remains it logs that the"
                            + " address lists differ, which is harmless");
                }
                if (!w.options().isEmpty()) {
                    notes.add("not carried over: " + String.join(" ", w.options()));
                }
                if (!notes.isEmpty()) {
                    reported.add(new Reported(w.at().source(), w.construct(), String.join("; ", notes)));
                }
            } else if (w.address().ipv6() != v6) {
                reported.add(new Reported(w.at().source(), w.construct(), "keepalived ignores it (\"address family"
                        + " must match VRRP instance\": the first address makes this an " + (v6 ? "IPv6" : "IPv4")
                        + " instance); not converted. No " + (w.address().ipv6() ? "IPv6" : "IPv4") + " instance is"
                        + " made for it: keepalived runs none, and one would be master at once beside a keepalived peer."
                        + " Once both routers run vrrpd, add an instance of that family on both, in a sync group with"
                        + " this one"));
            } else if (k.addresses.stream().anyMatch(x -> x.address().equals(w.address().address()))) {
                reported.add(new Reported(w.at().source(), w.construct(), "listed twice; kept once"));
            } else {
                k.addresses.add(w.address());
                if (!w.options().isEmpty()) {
                    reported.add(new Reported(w.at().source(), w.construct(), "kept " + w.address().text()
                            + "; not carried over: " + String.join(" ", w.options()) + " (vrrpd adds every virtual"
                            + " address to the instance's interface, without label, scope or broadcast options)"));
                }
            }
        }
    }

    /** The addresses of one virtual_ipaddress(_excluded) block as written, with their dev and other options. */
    private List<Written> addresses(Statement block) {
        boolean excluded = block.keyword().equals("virtual_ipaddress_excluded");
        List<Written> result = new ArrayList<>();
        if (!block.hasBlock()) {
            report(block, "expects a { } block of addresses; nothing converted");
            return result;
        }
        for (Statement e : block.children()) {
            String construct = block.keyword() + " " + e.text();
            Optional<Address> a = address(e.keyword(), e.source());
            if (a.isEmpty()) {
                reported.add(new Reported(e.source(), construct, "not an IP address with an optional prefix (ranges"
                        + " such as 192.0.2.10-12 are not expanded); not converted"));
                continue;
            }
            List<String> options = new ArrayList<>(e.args());
            String dev = null;
            int at = options.indexOf("dev");
            if (at >= 0 && at + 1 < options.size()) {
                dev = options.get(at + 1);
                options.remove(at + 1);
                options.remove(at);
            }
            result.add(new Written(a.get(), dev, excluded, block, e, construct, options));
        }
        return result;
    }

    /**
     * The version keepalived speaks for {@code k}: IPv6 is VRRPv3 (keepalived allows nothing else
     * there); IPv4 takes the instance's {@code version}, else global_defs' {@code vrrp_version}, else 2.
     */
    private int version(Instance k, Statement written) {
        Integer own = written == null ? null : integer(written, 2, 3);
        if (k.ipv6()) {
            if (own != null && own == 2) {
                report(written, "VRRPv2 is IPv4 only: keepalived runs an IPv6 instance as VRRPv3 (or refuses the"
                        + " setting), and so does vrrpd; converted as VRRPv3");
            }
            return 3;
        }
        return own != null ? own : globalVersion != null ? globalVersion : 2;
    }

    /**
     * {@code advert_int} for {@code version}: VRRPv3 in steps of 10 ms; VRRPv2 in whole seconds, which
     * keepalived rounds a fraction to (to the nearest second, at least 1 s: it logs "must be an
     * integer. rounding"), so the converted interval is the one it sends, reported.
     */
    private String advertInterval(Statement s, int version) {
        Long ms = millis(s);
        if (ms == null) {
            return null;
        }
        if (version == 2) {
            long rounded = Math.max(1000, (ms + 500) / 1000 * 1000);
            rounded = Math.min(rounded, InstanceConfig.MAX_V2_ADVERT_INTERVAL.toMillis());
            if (rounded != ms) {
                report(s, "a VRRPv2 advert carries whole seconds, and keepalived sends " + Durations.format(
                        Duration.ofMillis(rounded)) + " for it (it rounds the interval): converted as that. For"
                        + " sub-second adverts move the pair to VRRPv3 (see the migration guide: accept-v2)");
            }
            return Durations.format(Duration.ofMillis(rounded));
        }
        if (Timing.advertIntervalCentis(Duration.ofMillis(ms)).isEmpty()) {
            report(s, "advert-interval must be " + InstanceConfig.ADVERT_INTERVAL_RANGE + " (adverts carry centiseconds);"
                    + " not converted, vrrpd's default " + Durations.format(InstanceConfig.DEFAULT_ADVERT_INTERVAL) + " applies");
            return null;
        }
        return Durations.format(Duration.ofMillis(ms));
    }

    /**
     * The simple password keepalived sends for {@code k}, or null: only a VRRPv2 instance with
     * {@code auth_type PASS} and an {@code auth_pass}, outside strict mode, sends one (keepalived
     * ignores authentication in strict mode, on VRRPv3, and without a password). It truncates a longer password to 8 bytes. The password itself
     * is never put in a report.
     */
    private String password(Instance k, Statement type, Statement pass, boolean strict) {
        if (type == null && pass == null) {
            return null;
        }
        Statement at = type != null ? type : pass;
        String kind = type == null || type.args().isEmpty() ? "" : type.args().get(0);
        if (type == null) {
            reportSecret(pass, "no auth_type: keepalived sends no authentication; not converted");
            return null;
        }
        if (strict) {
            report(at, "keepalived in strict mode ignores authentication (\"Strict mode does not support"
                    + " authentication. Ignoring.\"); not converted");
            return null;
        }
        if (k.version == 3) {
            report(at, "keepalived ignores authentication on a VRRPv3 instance (\"VRRP version 3 does not support"
                    + " authentication. Ignoring.\"); not converted");
            return null;
        }
        if (kind.equals("AH")) {
            report(type, "vrrpd does not implement IP Authentication Header (auth type 2); the instance is converted"
                    + " without authentication, and keepalived drops adverts without AH, so both would be master."
                    + " Move the keepalived pair to auth_type PASS (or none) first, then convert");
            return null;
        }
        if (!kind.equals("PASS")) {
            report(type, "unknown authentication type (keepalived knows PASS and AH); not converted");
            return null;
        }
        String password = pass == null || pass.args().isEmpty() ? "" : pass.args().get(0);
        if (password.isEmpty()) {
            report(type, "no auth_pass: keepalived ignores authentication without a password (\"Authentication"
                    + " specified but no password given. Ignoring\"); not converted");
            return null;
        }
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Authentication.DATA_LENGTH) {
            String cut = new String(bytes, 0, Authentication.DATA_LENGTH, StandardCharsets.UTF_8);
            if (!Arrays.equals(cut.getBytes(StandardCharsets.UTF_8), Arrays.copyOf(bytes, Authentication.DATA_LENGTH))) {
                reportSecret(pass, "longer than 8 bytes, and keepalived's cut at 8 bytes splits a character: it is"
                        + " not UTF-8 any more; not converted: choose a password of 8 bytes on both routers");
                return null;
            }
            reportSecret(pass, "longer than 8 bytes: keepalived sends its first 8 (\"Truncating auth_pass to 8"
                    + " characters\"), and so does the converted instance");
            return cut;
        }
        return password;
    }

    /**
     * keepalived clears {@code nopreempt} and {@code preempt_delay} when the initial state is MASTER (it
     * logs "nopreempt will not work with initial state MASTER - clearing"): that router preempts, so
     * it is converted as it runs.
     */
    private void clearedByMaster(Instance k, Statement nopreempt, Statement preemptDelay) {
        if (nopreempt != null && Boolean.FALSE.equals(k.preempt)) {
            k.preempt = null;
            report(nopreempt, "keepalived clears nopreempt when the initial state is MASTER (\"nopreempt will not"
                    + " work with initial state MASTER - clearing\"), so this router preempts: converted as it runs,"
                    + " preempt (the default). For a router that does not preempt, write preempt: false and check the"
                    + " keepalived peer's behaviour matches (state BACKUP there)");
        }
        if (preemptDelay != null && k.preemptDelay != null) {
            k.preemptDelay = null;
            report(preemptDelay, "keepalived clears preempt_delay when the initial state is MASTER (\"preempt delay"
                    + " will not work with initial state MASTER - clearing\"): converted without it, as it runs");
        }
    }

    /**
     * Whether a notify script sets routes, so a default-gateway template is worth writing for it: its
     * file (resolved next to the file that names it) runs {@code ip route}, {@code route add} or says
     * {@code default via}; a script that cannot be read is judged by its name (route, gateway, gw).
     * conntrackd's primary-backup.sh and other scripts that set no route get none.
     */
    private static boolean setsRoutes(Statement notify) {
        if (notify.args().isEmpty()) {
            return false;
        }
        String program = notify.args().get(0).trim().split("\\s+")[0];
        Path script = notify.source().file().resolveSibling(program);
        try {
            String text = Files.readString(script, StandardCharsets.ISO_8859_1);
            return ROUTE_COMMAND.matcher(text).find();
        } catch (IOException | RuntimeException e) {
            String name = Path.of(program).getFileName().toString().toLowerCase(Locale.ROOT);
            return name.contains("route") || name.contains("gateway") || name.matches(".*(^|[-_.])gw([-_.]|$).*");
        }
    }

    /** Reports {@code s} without its arguments, which hold a password. */
    private void reportSecret(Statement s, String message) {
        reported.add(new Reported(s.source(), s.keyword() + " (not shown)", message));
    }

    /** {@code unicast_peer { ADDR [min_ttl N] [max_ttl M] ... }}: each address kept, with its TTL bounds; anything else reported. */
    private void unicastPeers(Statement block, Instance k) {
        if (!block.hasBlock()) {
            report(block, "expects a { } block of peer addresses; nothing converted");
            return;
        }
        for (Statement e : block.children()) {
            List<String> extra = new ArrayList<>(e.args());
            Integer minTtl = ttl(e, extra, "min_ttl");
            Integer maxTtl = ttl(e, extra, "max_ttl");
            Address a = unicastAddress(e, e.keyword(), extra);
            if (a == null) {
                continue;
            }
            if (k.unicastPeers.stream().anyMatch(x -> x.address().address().equals(a.address()))) {
                reported.add(new Reported(e.source(), "unicast_peer " + e.text(), "listed twice; kept once"));
                continue;
            }
            if (minTtl != null && maxTtl != null && minTtl > maxTtl) {
                reported.add(new Reported(e.source(), "unicast_peer " + e.text(), "min_ttl above max_ttl: no advert"
                        + " could pass; the bounds are not converted"));
                minTtl = null;
                maxTtl = null;
            }
            k.unicastPeers.add(new Peer(a, minTtl, maxTtl));
        }
    }

    /** The value of {@code key N} on a unicast_peer line, removed from {@code words}; null when absent (or reported). */
    private Integer ttl(Statement e, List<String> words, String key) {
        int i = words.indexOf(key);
        if (i < 0) {
            return null;
        }
        String v = i + 1 < words.size() ? words.get(i + 1) : "";
        words.subList(i, Math.min(i + 2, words.size())).clear();
        if (!v.matches("[0-9]{1,3}") || Integer.parseInt(v) > 255) {
            reported.add(new Reported(e.source(), "unicast_peer " + e.text(), key + " " + v + " is not 0-255; not"
                    + " converted"));
            return null;
        }
        return Integer.parseInt(v);
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
                    + " over: " + String.join(" ", extra)));
        }
        return new Address(IpText.format(ip.get()), ip.get(), at.source());
    }

    private static List<String> statementArgs(Statement instance, String keyword) {
        return instance.children().stream().filter(c -> c.keyword().equals(keyword)).findFirst()
                .map(Statement::args).orElse(List.of());
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
            String type = null;
            boolean multipath = false;
            List<String> extra = new ArrayList<>();
            String bad = null;
            for (int i = 0; i < w.size(); i++) {
                String t = w.get(i);
                String next = i + 1 < w.size() ? w.get(i + 1) : null;
                switch (t) {
                    case "blackhole", "unreachable", "prohibit" -> {
                        if (dest == null) {
                            type = t;
                        } else {
                            extra.add(t);
                        }
                    }
                    case "throw", "local", "broadcast", "anycast", "multicast", "nat" ->
                            bad = "a " + t + " route: vrrpd installs unicast, blackhole, unreachable and prohibit routes";
                    case "nexthop", "or" -> {
                        multipath = true;
                        i++;
                    }
                    case "type" -> {
                        if (next != null && next.matches("blackhole|unreachable|prohibit|unicast")) {
                            type = next.equals("unicast") ? null : next;
                        } else {
                            bad = "a " + next + " route: vrrpd installs unicast, blackhole, unreachable and prohibit routes";
                        }
                        i++;
                    }
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
                    case "src", "scope", "proto", "protocol", "realm", "realms", "mtu", "advmss",
                            "track_group", "weight" -> {
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
            if (bad != null) {
                reported.add(new Reported(e.source(), construct, bad + "; not converted"));
                continue;
            }
            if (dest == null) {
                reported.add(new Reported(e.source(), construct, "no destination; not converted"));
                continue;
            }
            boolean isDefault = DEFAULT_DESTINATIONS.contains(dest);
            boolean v6 = via instanceof Inet6Address;
            if (via != null && ((dest.equals("0.0.0.0/0") && v6) || (dest.equals("::/0") && !v6))) {
                reported.add(new Reported(e.source(), construct, "the gateway is not of the destination's"
                        + " family; not converted"));
                continue;
            }
            if (isDefault && type == null && via != null && dev != null) {
                if (!extra.isEmpty()) {
                    reported.add(new Reported(e.source(), construct, "converted to a default-gateway hook; not"
                            + " carried over: " + String.join(" ", extra)));
                }
                k.routes.add(new Route(via, dev, table, metric, e.source(), construct));
                continue;
            }
            if (multipath) {
                reported.add(new Reported(e.source(), construct, "a route over several next hops (nexthop, or):"
                        + " vrrpd's routes hook installs one next hop per route; not converted"));
                continue;
            }
            List<String> notes = new ArrayList<>();
            if (type != null && (via != null || dev != null)) {
                // keepalived hands them to the kernel, which ignores a next hop on a route that drops
                extra.add((via == null ? "" : "via " + IpText.format(via)) + (via != null && dev != null ? " " : "")
                        + (dev == null ? "" : "dev " + dev) + " (a " + type + " route has none)");
                via = null;
                dev = null;
            }
            if (isDefault && type == null && via != null) {
                notes.add("converted to a routes hook, which does not verify egress: with the uplink as dev it"
                        + " would be a default-gateway hook, which does (add one by hand with interface: UPLINK)");
            } else if (isDefault && type == null && via == null) {
                notes.add("converted to a routes hook, which does not verify egress");
            }
            if (!extra.isEmpty()) {
                notes.add("not carried over: " + String.join(" ", extra));
            }
            if (!notes.isEmpty()) {
                reported.add(new Reported(e.source(), construct, String.join("; ", notes)));
            }
            k.otherRoutes.add(new OtherRoute(dest.equals("default") ? "default" : dest,
                    via == null ? null : IpText.format(via), dev, table, metric, type, e.source(), construct));
        }
    }

    /** The rules of a virtual_rules block: from, to, table and priority convert; a rule matching on more is not converted. */
    private void rules(Statement block, Instance k) {
        if (!block.hasBlock()) {
            report(block, "expects a { } block of rules; nothing converted");
            return;
        }
        for (Statement e : block.children()) {
            List<String> w = new ArrayList<>();
            w.add(e.keyword());
            w.addAll(e.args());
            String construct = "virtual_rules " + e.text();
            String from = null;
            String to = null;
            String table = null;
            String priority = null;
            List<String> more = new ArrayList<>();
            String bad = null;
            for (int i = 0; i < w.size(); i++) {
                String t = w.get(i);
                String next = i + 1 < w.size() ? w.get(i + 1) : null;
                switch (t) {
                    case "from" -> {
                        from = "all".equals(next) ? null : next;
                        i++;
                    }
                    case "to" -> {
                        to = "all".equals(next) ? null : next;
                        i++;
                    }
                    case "table", "lookup" -> {
                        if (next != null && (next.equals("main") || next.matches("[0-9]{1,10}"))) {
                            table = next;
                        } else {
                            bad = t + " " + next + " is not main or a number (vrrpd does not read rt_tables names)";
                        }
                        i++;
                    }
                    case "priority", "preference", "pref", "order" -> {
                        if (next != null && next.matches("[0-9]{1,10}")) {
                            priority = next;
                        } else {
                            bad = t + " " + next + " is not a number";
                        }
                        i++;
                    }
                    case "no_track" -> {
                    }
                    default -> more.add(t);
                }
            }
            if (bad != null) {
                reported.add(new Reported(e.source(), construct, bad + "; not converted"));
            } else if (!more.isEmpty()) {
                reported.add(new Reported(e.source(), construct, "vrrpd's rules match on from and to and look up a"
                        + " table; this one says " + String.join(" ", more) + ", and without it would match other"
                        + " traffic: not converted. Add it to the host's network configuration"));
            } else if (table == null) {
                reported.add(new Reported(e.source(), construct, "no table to look up; not converted"));
            } else if (from == null && to == null) {
                reported.add(new Reported(e.source(), construct, "a rule for all traffic (no from, no to): vrrpd"
                        + " needs one of them for the rule's family; not converted"));
            } else {
                k.rules.add(new Rule(from, to, table, priority, e.source(), construct));
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
