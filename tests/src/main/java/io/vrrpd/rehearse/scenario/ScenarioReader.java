package io.vrrpd.rehearse.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vrrpd.daemon.config.ConfigProblem;
import io.vrrpd.hooks.Durations;
import io.vrrpd.daemon.config.Node;
import io.vrrpd.daemon.config.Problems;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.LabPlan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a scenario file into a {@link Scenario}, or reports every problem in it at once, the way
 * {@code vrrpd --check} reports a config's (it is the same machinery: {@link Node} and
 * {@link Problems}, so each problem has the file, line, column, path, what is wrong and what
 * would be valid). Shape first (unknown fields, wrong types, values out of range), then meaning:
 * steps naming blades that do not exist, and steps that cannot happen in that order (a boot of a
 * blade that is running, a drain of a keepalived blade). The blades' configs are checked by
 * {@link io.vrrpd.rehearse.lab.LabDerivation}.
 */
public final class ScenarioReader {
    private static final List<String> TOP = List.of("name", "description", "lab", "blades", "steps", "expect");
    private static final List<String> LAB = List.of("probe-interval", "targets", "gateways", "lan", "uplink",
            "tcp-port", "switch", "settle-hold");
    private static final List<String> BLADE = List.of("daemon", "config", "command", "arguments", "default-routes");
    private static final List<String> EXPECT = List.of("false-master", "dual-master", "outage", "no-master",
            "converged-at-end", "reported-at-end");
    /** The states {@code reported-at-end} can name: vrrpd's reported states (keepalived's are among them). */
    private static final Map<String, String> STATES = Map.of("INIT", "INIT", "BACKUP", "BACKUP", "ACTIVATING", "ACTIVATING",
            "MASTER", "MASTER", "EGRESS_FAILED", "EGRESS_FAILED", "FAULT", "FAULT");
    private static final List<String> STEP_EXPECT = List.of("false-master", "dual-master", "outage", "no-master",
            "transitions", "lost");
    private static final List<String> ACTIONS = List.of("converge", "crash", "boot", "start", "kill", "stop", "upgrade",
            "reload", "drain", "undrain", "link", "partition", "loss", "delete", "flush", "wait", "show");
    private static final List<String> COMMON = List.of("within", "settle", "expect");
    private static final Map<String, Daemon> DAEMONS = Map.of("vrrpd", Daemon.VRRPD, "keepalived", Daemon.KEEPALIVED);
    private static final Map<String, BladeLab.Switch> SWITCHES = Map.of("flood", BladeLab.Switch.FLOOD,
            "snooping", BladeLab.Switch.SNOOPING_NO_QUERIER, "querier", BladeLab.Switch.SNOOPING_WITH_QUERIER);
    private static final Map<String, Boolean> LINK_STATES = Map.of("up", true, "down", false);
    private static final Pattern BLADE_NAME = Pattern.compile("[a-z][a-z0-9]{0,7}");
    private static final Set<String> RESERVED = Set.of("sw", "client", "up");
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final String DURATION_HINT = Durations.EXAMPLES;
    private static final Duration HOUR = Duration.ofHours(1);

    private final YAMLMapper mapper = new YAMLMapper();
    private final Path file;
    private final Problems problems;
    private final Map<String, BladeSpec> blades = new LinkedHashMap<>();

    private ScenarioReader(Path file) {
        this.file = file;
        this.problems = new Problems(file);
    }

    /** Reads {@code file}; throws with every problem of its shape and order (not yet of the configs). */
    public static Scenario read(Path file) throws InvalidScenarioException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidScenarioException(List.of(new ConfigProblem(file, "", 0, 0,
                    "cannot read the file: " + e.getMessage(), "a readable YAML file")));
        }
        return parse(file, text);
    }

    /** Reads {@code text} as the content of {@code file} (config paths resolve next to {@code file}). */
    public static Scenario parse(Path file, String text) throws InvalidScenarioException {
        ScenarioReader r = new ScenarioReader(file.toAbsolutePath().normalize());
        Scenario s = r.read(text);
        if (!r.problems.isEmpty()) {
            throw new InvalidScenarioException(r.problems.sorted());
        }
        return s;
    }

    private Scenario read(String text) {
        JsonNode tree = problems.readTree(text, mapper);
        if (tree == null) {
            return null;
        }
        Node root = Node.root(tree, problems);
        if (root.isMissing()) {
            problems.atFile("the file is empty", "a scenario with blades: and steps:");
            return null;
        }
        if (!root.expectObject("a mapping with " + String.join(", ", TOP))) {
            return null;
        }
        root.onlyFields(TOP);
        String name = root.field("name").text("a name, e.g. bytemark-mass-reboot");
        if (name == null) {
            String f = file.getFileName().toString();
            name = f.contains(".") ? f.substring(0, f.lastIndexOf('.')) : f;
        }
        String description = root.field("description").text("one paragraph");
        LabSettings lab = lab(root.field("lab"));
        readBlades(root.field("blades"));
        List<Step> steps = steps(root.field("steps"));
        Expectations expect = root.field("expect").isMissing() ? Expectations.DEFAULT
                : expectations(root.field("expect"), EXPECT);
        return new Scenario(name, description == null ? "" : description, file, lab, blades, steps, expect);
    }

    // ---- lab ----------------------------------------------------------------------------

    private LabSettings lab(Node n) {
        LabSettings d = LabSettings.defaults();
        if (!n.expectObject("a mapping with " + String.join(", ", LAB))) {
            return d;
        }
        n.onlyFields(LAB);
        Duration probe = n.field("probe-interval").duration(d.probeInterval(), Duration.ofMillis(10), Duration.ofSeconds(1));
        List<String> targets = perFamily(n.field("targets"), d.targets(), "the upstream targets");
        List<String> gateways = n.field("gateways").isMissing() ? null
                : perFamily(n.field("gateways"), LabSettings.DEFAULT_GATEWAYS, "the upstream router's addresses");
        String lan = ifname(n.field("lan"));
        String uplink = ifname(n.field("uplink"));
        if (lan != null && lan.equals(uplink)) {
            n.field("uplink").problem("\"" + uplink + "\" is also the LAN interface", "another interface than lan");
        }
        Integer port = n.field("tcp-port").intIn(1, 65535, d.tcpPort());
        BladeLab.Switch sw = n.field("switch").choice(SWITCHES, d.switchMode());
        Duration hold = n.field("settle-hold").duration(d.settleHold(), Duration.ZERO, Duration.ofSeconds(30));
        return new LabSettings(probe == null ? d.probeInterval() : probe, targets, gateways, lan, uplink,
                port == null ? d.tcpPort() : port, sw == null ? d.switchMode() : sw, hold == null ? d.settleHold() : hold);
    }

    /** At most one address per family, each in a documentation prefix. */
    private List<String> perFamily(Node n, List<String> dflt, String what) {
        if (n.isMissing()) {
            return dflt;
        }
        String hint = what + ", one per family, e.g. [203.0.113.1, 2001:db8:99::1]";
        List<String> out = new ArrayList<>();
        List<Node> elements = n.elements(hint);
        if (n.json().isArray() && elements.isEmpty()) {
            n.problem("an empty list", hint);
        }
        for (Node e : elements) {
            var a = e.ip();
            if (a == null) {
                continue;
            }
            String text = io.vrrpd.core.IpText.format(a);
            if (!LabPlan.documentationOnly(text) || io.vrrpd.lab.Addresses.isLinkLocal(text)) {
                e.problem(text + " is not in a documentation prefix", "an address in " + LabPlan.documentationPrefixes()
                        .replace(", fe80::/10", ""));
            } else if (out.stream().anyMatch(o -> Family.of(o) == Family.of(text))) {
                e.problem("a second " + Family.of(text).key() + " address", "at most one per family");
            } else {
                out.add(text);
            }
        }
        return out.isEmpty() ? dflt : out;
    }

    private static String ifname(Node n) {
        String s = n.text("an interface name, e.g. eth0");
        if (s != null && !IFNAME.matcher(s).matches()) {
            n.problem("\"" + s + "\" is not an interface name", "1 to 15 letters, digits, '_', '.' or '-'");
            return null;
        }
        return s;
    }

    // ---- blades ---------------------------------------------------------------------------

    private void readBlades(Node n) {
        if (n.isMissing()) {
            n.required();
            return;
        }
        if (!n.expectObject("a mapping of blade names to {daemon, config}")) {
            return;
        }
        for (Map.Entry<String, Node> e : n.entries()) {
            String name = e.getKey();
            Node b = e.getValue();
            boolean nameOk = BLADE_NAME.matcher(name).matches() && !RESERVED.contains(name);
            if (!nameOk) {
                b.keyProblem("\"" + name + "\" cannot name a blade", RESERVED.contains(name)
                        ? "a name other than sw, client and up (the lab's own hosts)"
                        : "a lower-case letter, then up to 7 letters or digits");
            }
            if (!b.expectObject("{daemon: vrrpd|keepalived, config: FILE}")) {
                continue;
            }
            b.onlyFields(BLADE);
            Daemon daemon = required(b.field("daemon")) ? b.field("daemon").choice(DAEMONS, null) : null;
            Path config = required(b.field("config")) ? configPath(b.field("config")) : null;
            List<String> command = command(b.field("command"));
            List<String> arguments = strings(b.field("arguments"), "a list of arguments, e.g. [--metrics, \"127.0.0.1:9405\"]");
            Boolean routes = b.field("default-routes").bool(false);
            if (nameOk && daemon != null && config != null) {
                blades.put(name, new BladeSpec(name, daemon, config, command, arguments, Boolean.TRUE.equals(routes)));
            }
        }
        if (n.entries().size() < 2) {
            n.problem(n.entries().size() + " blade" + (n.entries().size() == 1 ? "" : "s"), "two or more blades");
        }
    }

    private static boolean required(Node n) {
        if (n.isMissing()) {
            n.required();
            return false;
        }
        return true;
    }

    /** A config path, resolved against the scenario's directory; it must be a readable file. */
    private Path configPath(Node n) {
        String s = n.text("a file, relative to the scenario");
        if (s == null) {
            return null;
        }
        Path p = file.getParent().resolve(s).normalize();
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            n.problem(p + " is not a readable file", "a config file, relative to the scenario's directory");
            return null;
        }
        return p;
    }

    /** A command as a string (one word) or a list of words; the first must be an executable or a file beside the scenario. */
    private List<String> command(Node n) {
        if (n.isMissing()) {
            return null;
        }
        List<String> words = n.json().isTextual() ? List.of(n.text("a command")) : strings(n, "a command, e.g. /usr/bin/vrrpd or [java, -jar, vrrpd.jar]");
        if (words == null || words.isEmpty()) {
            if (words != null) {
                n.problem("an empty command", "a command, e.g. /usr/bin/vrrpd");
            }
            return null;
        }
        String first = words.get(0);
        if (first.contains("/")) {
            Path p = file.getParent().resolve(first).normalize();
            if (!Files.isExecutable(p)) {
                (n.json().isArray() ? n.element(0) : n).problem(p + " is not an executable file",
                        "a program, absolute or relative to the scenario, or a name on the PATH");
                return null;
            }
            List<String> out = new ArrayList<>(words);
            out.set(0, p.toString());
            return out;
        }
        return words;
    }

    private static List<String> strings(Node n, String hint) {
        List<String> out = new ArrayList<>();
        for (Node e : n.elements(hint)) {
            String s = e.text(hint);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    // ---- steps --------------------------------------------------------------------------

    /** What the reader knows of a blade at a point in the steps. */
    private static final class BladeState {
        boolean on = true;
        boolean running = true;
        Daemon daemon;

        BladeState(Daemon daemon) {
            this.daemon = daemon;
        }
    }

    private List<Step> steps(Node n) {
        List<Step> out = new ArrayList<>();
        if (n.isMissing()) {
            n.required();
            return out;
        }
        Map<String, BladeState> state = new LinkedHashMap<>();
        blades.forEach((name, b) -> state.put(name, new BladeState(b.daemon())));
        List<Node> elements = n.elements("a list of steps, e.g. [converge: {within: 30s}, crash: a]");
        if (n.json().isArray() && elements.isEmpty()) {
            n.problem("no steps", "at least one step, e.g. converge: {within: 30s}");
        }
        for (Node e : elements) {
            Step s = step(e, out.size() + 1, state);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private Step step(Node e, int index, Map<String, BladeState> state) {
        String hint = "one of " + String.join(", ", ACTIONS) + ", e.g. crash: a";
        if (!e.expectObject(hint)) {
            return null;
        }
        List<Map.Entry<String, Node>> entries = e.entries();
        if (entries.size() != 1) {
            e.problem(entries.isEmpty() ? "an empty step" : "a step with " + entries.size() + " actions ("
                    + String.join(", ", entries.stream().map(Map.Entry::getKey).toList()) + ")", "one action per step");
            return null;
        }
        String kind = entries.get(0).getKey();
        Node v = entries.get(0).getValue();
        if (!ACTIONS.contains(kind)) {
            e.onlyFields(ACTIONS);
            return null;
        }
        Duration within = null;
        Duration settle = kind.equals("converge") ? Step.DEFAULT_CONVERGE : kind.equals("show") ? Duration.ZERO
                : Step.DEFAULT_SETTLE;
        Expectations expect = Expectations.NONE;
        if (v.json() != null && v.json().isObject()) {
            within = v.field("within").duration(null, Duration.ZERO, HOUR);
            Duration s = v.field("settle").duration(null, Duration.ZERO, HOUR);
            if (within != null && s != null) {
                v.field("settle").problem("both within and settle", "within (must settle in time) or settle (may)");
            }
            settle = within != null ? within : s != null ? s : settle;
            if (!v.field("expect").isMissing()) {
                expect = expectations(v.field("expect"), STEP_EXPECT);
            }
        }
        if (kind.equals("converge") && within == null) {
            within = settle;
        }
        Action action = action(kind, v, state);
        if (action == null) {
            return null;
        }
        return new Step(index, line(e), kind + ": " + describe(action), action, within, settle, expect);
    }

    private int line(Node n) {
        return problems.lineOf(n.pointer());
    }

    private Action action(String kind, Node v, Map<String, BladeState> state) {
        switch (kind) {
            case "converge" -> {
                fields(v, List.of());
                return new Action.Converge();
            }
            case "crash" -> {
                String b = bladeRef(v, state, s -> s.on, "crash", "it is off (crashed)");
                if (b != null) {
                    state.get(b).on = false;
                    state.get(b).running = false;
                }
                return b == null ? null : new Action.Crash(b);
            }
            case "boot" -> {
                fields(v, List.of("blade", "after", "rename", "flush-routes"));
                String b = bladeRef(v, state, s -> !s.running, "boot", "it is running (crash or stop it first)");
                Duration after = Duration.ZERO;
                Map<String, String> rename = Map.of();
                boolean flush = false;
                if (v.json() != null && v.json().isObject()) {
                    after = v.field("after").duration(Duration.ZERO, Duration.ZERO, HOUR);
                    rename = rename(v.field("rename"));
                    Boolean f = v.field("flush-routes").bool(false);
                    flush = Boolean.TRUE.equals(f);
                }
                if (b != null) {
                    state.get(b).on = true;
                    state.get(b).running = true;
                }
                return b == null || after == null ? null : new Action.Boot(b, after, rename, flush);
            }
            case "start" -> {
                String b = bladeRef(v, state, s -> s.on && !s.running, "start",
                        "it is off (boot it) or its daemon runs already");
                if (b != null) {
                    state.get(b).running = true;
                }
                return b == null ? null : new Action.Start(b);
            }
            case "stop", "kill" -> {
                String b = bladeRef(v, state, s -> s.running, kind, "its daemon is not running");
                if (b != null) {
                    state.get(b).running = false;
                }
                return b == null ? null : kind.equals("stop") ? new Action.Stop(b) : new Action.Kill(b);
            }
            case "upgrade" -> {
                fields(v, List.of("blade", "daemon", "config", "command", "take-over"));
                String b = bladeRef(v, state, s -> s.on, "upgrade", "it is off (boot it first)");
                if (v.json() == null || !v.json().isObject()) {
                    v.problem(v.shown() + " is not a mapping", "{blade: NAME, daemon: vrrpd, config: FILE, command: ...}");
                    return null;
                }
                Daemon daemon = v.field("daemon").choice(DAEMONS, null);
                Path config = v.field("config").isMissing() ? null : configPath(v.field("config"));
                List<String> command = command(v.field("command"));
                boolean takeOver = !v.field("take-over").isMissing() && Boolean.TRUE.equals(v.field("take-over").bool(false));
                if (v.field("daemon").isMissing() && v.field("config").isMissing() && v.field("command").isMissing()
                        && !takeOver) {
                    v.problem("nothing to upgrade", "at least one of daemon, config, command, take-over");
                }
                if (takeOver && b != null && (state.get(b).daemon != Daemon.VRRPD || (daemon != null && daemon != Daemon.VRRPD))) {
                    v.field("take-over").problem("take-over replaces a running vrrpd by another vrrpd",
                            "a vrrpd blade, without daemon: keepalived");
                }
                if (b != null && daemon != null && daemon != state.get(b).daemon && v.field("config").isMissing()) {
                    v.field("daemon").problem("a change to " + daemon.key() + " without a config",
                            "config: a " + daemon.key() + " config for the blade");
                }
                if (b != null) {
                    state.get(b).running = true;
                    if (daemon != null) {
                        state.get(b).daemon = daemon;
                    }
                }
                return b == null ? null : new Action.Upgrade(b, daemon, config, command, takeOver);
            }
            case "reload" -> {
                fields(v, List.of("blade", "config", "refused"));
                String b = bladeRef(v, state, s -> s.running, "reload", "its daemon is not running");
                boolean mapping = v.json() != null && v.json().isObject();
                Path config = mapping && !v.field("config").isMissing() ? configPath(v.field("config")) : null;
                boolean refused = mapping && Boolean.TRUE.equals(v.field("refused").bool(false));
                if (refused && config == null) {
                    v.field("refused").problem("refused: true needs the config that is to be refused",
                            "{blade: NAME, config: BAD-FILE, refused: true}");
                }
                return b == null ? null : new Action.Reload(b, config, refused);
            }
            case "drain", "undrain" -> {
                String b = bladeRef(v, state, s -> s.running && s.daemon == Daemon.VRRPD, kind,
                        "it does not run vrrpd now (keepalived has no drain; stop it instead)");
                return b == null ? null : kind.equals("drain") ? new Action.Drain(b) : new Action.Undrain(b);
            }
            case "flush" -> {
                String b = bladeRef(v, state, s -> s.on, "flush", "it is off");
                return b == null ? null : new Action.Flush(b);
            }
            case "link" -> {
                fields(v, List.of("blade", "interface", "state"));
                String b = bladeRef(v, state, s -> s.on, "link", "it is off");
                if (v.json() == null || !v.json().isObject()) {
                    return null;
                }
                String ifname = required(v.field("interface")) ? ifname(v.field("interface")) : null;
                Boolean up = required(v.field("state")) ? v.field("state").choice(LINK_STATES, null) : null;
                return b == null || ifname == null || up == null ? null : new Action.Link(b, ifname, up);
            }
            case "partition" -> {
                fields(v, List.of("blades", "for"));
                if (!v.expectObject("{blades: [a, b], for: 10s}")) {
                    return null;
                }
                List<String> names = new ArrayList<>();
                for (Node e : v.field("blades").elements("a list of blades, e.g. [a, b]")) {
                    String name = e.text("a blade");
                    if (name != null && knownBlade(e, name)) {
                        names.add(name);
                    }
                }
                if (required(v.field("blades")) && v.field("blades").json().isArray() && v.field("blades").json().size() < 2) {
                    v.field("blades").problem(v.field("blades").json().size() + " blade(s)", "two or more blades");
                }
                Duration d = required(v.field("for")) ? v.field("for").duration(null, Duration.ofMillis(1), HOUR) : null;
                return d == null || names.size() < 2 ? null : new Action.Partition(names, d);
            }
            case "loss" -> {
                fields(v, List.of("percent", "for"));
                if (!v.expectObject("{percent: 20, for: 30s}")) {
                    return null;
                }
                Integer pct = required(v.field("percent")) ? v.field("percent").intIn(1, 100, null) : null;
                Duration d = required(v.field("for")) ? v.field("for").duration(null, Duration.ofMillis(1), HOUR) : null;
                return pct == null || d == null ? null : new Action.Loss(pct, d);
            }
            case "delete" -> {
                fields(v, List.of("blade", "route", "address"));
                String b = bladeRef(v, state, s -> s.on, "delete", "it is off");
                if (v.json() == null || !v.json().isObject()) {
                    return null;
                }
                Node routeNode = v.field("route");
                Node addressNode = v.field("address");
                if (routeNode.isMissing() == addressNode.isMissing()) {
                    v.problem(routeNode.isMissing() ? "neither route nor address" : "both route and address",
                            "one of route: default or address: CIDR");
                    return null;
                }
                String route = routeNode.text("default, 0.0.0.0/0 or ::/0");
                if (route != null && !List.of("default", "0.0.0.0/0", "::/0").contains(route)) {
                    routeNode.problem("\"" + route + "\" is not a default route", "default (both families), 0.0.0.0/0 or ::/0");
                    route = null;
                }
                String address = addressNode.text("an address with its prefix, e.g. 192.0.2.1/24");
                if (address != null && (!address.contains("/") || io.vrrpd.lab.Addresses.parse(LabPlan.bare(address)) == null)) {
                    addressNode.problem("\"" + address + "\" is not an address with its prefix", "e.g. 192.0.2.1/24");
                    address = null;
                }
                return b == null || (route == null && address == null) ? null : new Action.Delete(b, route, address);
            }
            case "wait" -> {
                Node d = v.json() != null && v.json().isObject() ? v.field("for") : v;
                if (v.json() != null && v.json().isObject()) {
                    fields(v, List.of("for"));
                }
                if (d.isMissing()) {
                    d.required();
                    return null;
                }
                Duration duration = d.duration(null, Duration.ZERO, HOUR);
                return duration == null ? null : new Action.Wait(duration);
            }
            case "show" -> {
                fields(v, List.of("blade", "status", "routes", "log", "metrics", "client"));
                String b = bladeRef(v, state, s -> s.on, "show", "it is off");
                if (v.json() == null || !v.json().isObject()) {
                    return b == null ? null : new Action.Show(b, true, true, null, null, false);
                }
                Boolean status = v.field("status").bool(false);
                Boolean routes = v.field("routes").bool(false);
                Pattern log = regex(v.field("log"));
                Pattern metrics = regex(v.field("metrics"));
                Boolean client = v.field("client").bool(false);
                return b == null || status == null || routes == null || client == null ? null
                        : new Action.Show(b, status, routes, log, metrics, client);
            }
            default -> throw new IllegalStateException(kind);
        }
    }

    /** In the mapping form of a step, only {@code allowed} and the common keys. */
    private static void fields(Node v, List<String> allowed) {
        if (v.json() != null && v.json().isObject()) {
            List<String> all = new ArrayList<>(allowed);
            all.addAll(COMMON);
            v.onlyFields(all);
        }
    }

    /**
     * The blade a step names ({@code crash: a} or {@code crash: {blade: a}}): it must exist and
     * be in a state where {@code possible} holds, else {@code why} says what it is.
     */
    private String bladeRef(Node v, Map<String, BladeState> state, java.util.function.Predicate<BladeState> possible,
                            String action, String why) {
        Node n = v.json() != null && v.json().isObject() ? v.field("blade") : v;
        if (n.isMissing()) {
            n.required();
            return null;
        }
        String name = n.text("a blade, one of " + String.join(", ", state.keySet()));
        if (name == null || !knownBlade(n, name)) {
            return null;
        }
        BladeState s = state.get(name);
        if (s != null && !possible.test(s)) {
            n.problem("cannot " + action + " blade " + name + " here: " + why, "a step that fits what the steps before did to it");
            return null;
        }
        return name;
    }

    private boolean knownBlade(Node n, String name) {
        if (!blades.containsKey(name)) {
            n.problem("no blade \"" + name + "\"", blades.isEmpty() ? "a blade under blades:" : "one of " + String.join(", ", blades.keySet()));
            return false;
        }
        return true;
    }

    private static Map<String, String> rename(Node n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!n.expectObject("a mapping of old to new names, e.g. {eth0: enp3s0f0}")) {
            return out;
        }
        for (Map.Entry<String, Node> e : n.entries()) {
            String to = ifname(e.getValue());
            if (!IFNAME.matcher(e.getKey()).matches()) {
                e.getValue().keyProblem("\"" + e.getKey() + "\" is not an interface name", "1 to 15 letters, digits, '_', '.' or '-'");
            } else if (to != null) {
                out.put(e.getKey(), to);
            }
        }
        return out;
    }

    private static Pattern regex(Node n) {
        String s = n.text("a regular expression");
        if (s == null) {
            return null;
        }
        try {
            return Pattern.compile(s);
        } catch (PatternSyntaxException e) {
            n.problem("\"" + s + "\" is not a regular expression: " + e.getDescription(), "a Java regular expression");
            return null;
        }
    }

    // ---- expectations -----------------------------------------------------------------------

    private Expectations expectations(Node n, List<String> allowed) {
        if (!n.expectObject("a mapping with " + String.join(", ", allowed))) {
            return Expectations.NONE;
        }
        n.onlyFields(allowed);
        Duration fm = n.field("false-master").duration(null, Duration.ZERO, HOUR);
        Duration dm = n.field("dual-master").duration(null, Duration.ZERO, HOUR);
        Duration out = n.field("outage").duration(null, Duration.ZERO, HOUR);
        Duration nm = n.field("no-master").duration(null, Duration.ZERO, HOUR);
        Boolean converged = allowed.contains("converged-at-end") ? n.field("converged-at-end").bool(false) : null;
        if (allowed.contains("converged-at-end") && n.field("converged-at-end").isMissing()) {
            converged = null;
        }
        Map<String, Map<String, String>> reported = new LinkedHashMap<>();
        Node r = n.field("reported-at-end");
        if (allowed.contains("reported-at-end") && !r.isMissing()
                && r.expectObject("a mapping of blade names to a state, or to a mapping of instances to states")) {
            for (Map.Entry<String, Node> b : r.entries()) {
                if (!blades.containsKey(b.getKey())) {
                    b.getValue().keyProblem("no blade " + b.getKey(), "one of " + String.join(", ", blades.keySet()));
                    continue;
                }
                Map<String, String> states = new LinkedHashMap<>();
                if (b.getValue().json().isObject()) {
                    for (Map.Entry<String, Node> i : b.getValue().entries()) {
                        String state = i.getValue().choice(STATES, null);
                        if (state != null) {
                            states.put(i.getKey(), state);
                        }
                    }
                } else {
                    String state = b.getValue().choice(STATES, null);
                    if (state != null) {
                        states.put(Expectations.EVERY, state);
                    }
                }
                reported.put(b.getKey(), states);
            }
        }
        Integer transitions = allowed.contains("transitions") && !n.field("transitions").isMissing()
                ? n.field("transitions").intIn(0, 1000, null) : null;
        Integer lost = allowed.contains("lost") && !n.field("lost").isMissing()
                ? n.field("lost").intIn(0, 1_000_000, null) : null;
        return new Expectations(fm, dm, out, nm, converged, reported, transitions, lost);
    }

    // ---- text ---------------------------------------------------------------------------

    /** The action in one line, as progress and reports show it. */
    static String describe(Action a) {
        if (a instanceof Action.Converge) {
            return "the lab converges";
        }
        if (a instanceof Action.Boot b) {
            return b.blade() + (b.after().isZero() ? "" : " after " + Durations.format(b.after()))
                    + (b.rename().isEmpty() ? "" : ", renamed " + String.join(", ", b.rename().entrySet().stream()
                    .map(e -> e.getKey() + " -> " + e.getValue()).toList()))
                    + (b.flushRoutes() ? ", routes flushed" : "");
        }
        if (a instanceof Action.Upgrade u) {
            return u.blade() + (u.daemon() == null ? "" : " to " + u.daemon().key())
                    + (u.config() == null ? "" : ", config " + u.config().getFileName())
                    + (u.command() == null ? "" : ", command " + String.join(" ", u.command()))
                    + (u.takeOver() ? ", by take-over" : "");
        }
        if (a instanceof Action.Reload r) {
            return r.blade() + (r.config() == null ? "" : " with " + r.config().getFileName())
                    + (r.refused() ? " (to be refused)" : "");
        }
        if (a instanceof Action.Link l) {
            return l.blade() + " " + l.ifname() + (l.up() ? " up" : " down");
        }
        if (a instanceof Action.Partition p) {
            return String.join(", ", p.blades()) + " for " + Durations.format(p.duration());
        }
        if (a instanceof Action.Loss l) {
            return l.percent() + "% on the LAN for " + Durations.format(l.duration());
        }
        if (a instanceof Action.Delete d) {
            return d.blade() + (d.route() != null ? " route " + d.route() : " address " + d.address());
        }
        if (a instanceof Action.Wait w) {
            return Durations.format(w.duration());
        }
        return a.blade();
    }
}
