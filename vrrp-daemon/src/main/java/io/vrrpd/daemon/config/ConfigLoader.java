package io.vrrpd.daemon.config;

import io.vrrpd.hooks.kernel.Link;
import io.vrrpd.hooks.kernel.InterfaceSelector;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vrrpd.core.AddressFamily;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a config file into a {@link VrrpdConfig}, or reports every problem in it at once:
 * shape (unknown fields, wrong types, out-of-range values), then meaning (references to
 * instances, sync groups and interfaces that do not exist, families that do not match,
 * duplicate VRIDs and addresses). References are checked here, at load time, never by
 * string at failover time (see docs/incidents.md).
 */
public final class ConfigLoader {

    private static final Set<String> TOP = orderedSet("instances", "sync-groups", "hooks");
    private static final Set<String> INSTANCE = orderedSet("family", "interface", "vrid", "priority",
            "advert-interval", "preempt", "preempt-delay", "accept-mode", "virtual-addresses", "ipv4-checksum",
            "garp", "track-interfaces", "unicast-peers", "unicast-source");
    private static final Set<String> HOOK_COMMON = orderedSet("type", "instances", "sync-groups");
    private static final Duration MIN_INTERVAL = Duration.ofMillis(10);
    private static final Duration MAX_INTERVAL = Duration.ofMillis(40_950);
    private static final String IFACE_HINT = "an interface name, or {mac: \"52:54:00:12:34:56\"}";

    private final HookTypeRegistry hookTypes;
    private final YAMLFactory yaml = YAMLFactory.builder().build();
    private final YAMLMapper treeMapper = new YAMLMapper(yaml);
    private final YAMLMapper bindMapper;

    public ConfigLoader(HookTypeRegistry hookTypes) {
        this.hookTypes = hookTypes;
        SimpleModule literals = new SimpleModule("vrrpd-literals");
        literals.addDeserializer(Duration.class, new DurationDeserializer());
        literals.addDeserializer(InetAddress.class, new InetAddressDeserializer());
        this.bindMapper = YAMLMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .addModule(literals)
                .build();
    }

    /**
     * Loads {@code file}, with the built-in hook types and those of every route-hooks
     * {@link io.vrrpd.hooks.HookProvider} on the class path, checking interface references against {@code interfaces}.
     */
    public static VrrpdConfig load(Path file, InterfaceDirectory interfaces) throws InvalidConfigException {
        return new ConfigLoader(HookTypeRegistry.discover(ConfigLoader.class.getClassLoader()))
                .loadFile(file, interfaces);
    }

    public VrrpdConfig loadFile(Path file, InterfaceDirectory interfaces) throws InvalidConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidConfigException(List.of(new ConfigProblem(file, "", 0, 0,
                    "cannot read the file: " + e, "a readable YAML file")));
        }
        return parse(file, text, interfaces);
    }

    /** Loads {@code text}, reporting problems against {@code file}. */
    public VrrpdConfig parse(Path file, String text, InterfaceDirectory interfaces) throws InvalidConfigException {
        Problems problems = new Problems(file);
        JsonNode tree;
        try {
            problems.scan(text, yaml);
            tree = treeMapper.readTree(text);
        } catch (JsonProcessingException e) {
            var l = e.getLocation();
            problems.atLocation("", l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                    "not valid YAML: " + e.getOriginalMessage(), "");
            throw new InvalidConfigException(problems.sorted());
        } catch (IOException e) {
            problems.atFile("cannot parse: " + e, "");
            throw new InvalidConfigException(problems.sorted());
        }
        VrrpdConfig config = new Reading(problems, interfaces.links()).read(Node.root(tree, problems));
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems.sorted());
        }
        return config;
    }

    /** The interface selector at {@code n} (a name, or {mac: ...}); null when missing or invalid. */
    static InterfaceSelector selector(Node n) {
        if (n.isMissing()) {
            return null;
        }
        if (n.json().isTextual()) {
            String name = n.text(IFACE_HINT);
            return name == null ? null : new InterfaceSelector.ByName(name);
        }
        if (!n.expectObject(IFACE_HINT)) {
            return null;
        }
        n.onlyFields(List.of("mac"));
        Node mac = n.field("mac");
        if (mac.isMissing()) {
            mac.required();
            return null;
        }
        String s = mac.text("a MAC address, e.g. \"52:54:00:12:34:56\"");
        if (s == null) {
            return null;
        }
        try {
            return InterfaceSelector.ByMac.parse(s);
        } catch (IllegalArgumentException e) {
            mac.problem(mac.shown() + " is not a MAC address", "six hex octets, e.g. \"52:54:00:12:34:56\"");
            return null;
        }
    }

    /** The state of one load: what has been read so far, for the checks that cross sections. */
    private final class Reading {
        private final Problems problems;
        private final List<Link> interfaces;
        private final Set<String> declaredInstances = new LinkedHashSet<>();
        private final Map<String, InstanceConfig> instances = new LinkedHashMap<>();
        private final Map<String, Node> instanceNodes = new HashMap<>();
        private final Set<String> declaredGroups = new LinkedHashSet<>();
        private final Map<String, SyncGroupConfig> groups = new LinkedHashMap<>();
        private final List<HookConfig> hooks = new ArrayList<>();

        Reading(Problems problems, List<Link> interfaces) {
            this.problems = problems;
            this.interfaces = interfaces;
        }

        VrrpdConfig read(Node root) {
            if (root.isMissing()) {
                problems.atFile("the file is empty", "a mapping with at least \"instances\"");
                return null;
            }
            if (!root.expectObject("a mapping with \"instances\", \"sync-groups\", \"hooks\"")) {
                return null;
            }
            root.onlyFields(TOP);
            readInstances(root.field("instances"));
            readSyncGroups(root.field("sync-groups"));
            readHooks(root.field("hooks"));
            checkVrids();
            checkDuplicateAddresses();
            checkPeersAreNotVips();
            return new VrrpdConfig(instances, groups, hooks);
        }

        // ---- instances ----

        private void readInstances(Node section) {
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
                declaredInstances.add(e.getKey());
                checkName(e.getValue(), e.getKey(), "instance");
                instanceNodes.put(e.getKey(), e.getValue());
                InstanceConfig i = readInstance(e.getKey(), e.getValue());
                if (i != null) {
                    instances.put(i.name(), i);
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
            n.onlyFields(INSTANCE);
            boolean ok = true;

            AddressFamily family = requiredField(n, "family")
                    .choice(Map.of("ipv4", AddressFamily.IPV4, "ipv6", AddressFamily.IPV6), null);
            Node ifNode = requiredField(n, "interface");
            InterfaceSelector iface = selector(ifNode);
            if (iface != null) {
                ok &= requireInterface(ifNode, iface);
            }
            Integer vrid = requiredField(n, "vrid").intIn(1, 255, null);
            Integer priority = n.field("priority").intIn(1, 255, InstanceConfig.DEFAULT_PRIORITY);
            Integer interval = advertInterval(n.field("advert-interval"));
            Boolean preempt = n.field("preempt").bool(true);
            Duration preemptDelay = n.field("preempt-delay").duration(Duration.ZERO, Duration.ZERO, Duration.ofHours(1));
            Boolean accept = acceptMode(n.field("accept-mode"));
            List<VirtualAddress> vips = virtualAddresses(requiredField(n, "virtual-addresses"), family);
            Ipv4Checksum checksum = ipv4Checksum(n.field("ipv4-checksum"), family);
            GarpConfig garp = garp(n.field("garp"));
            List<String> track = trackInterfaces(n.field("track-interfaces"));
            UnicastConfig unicast = UnicastFields.read(n.field("unicast-peers"), n.field("unicast-source"), family, vips);

            ok &= family != null && iface != null && vrid != null && priority != null && interval != null
                    && preempt != null && preemptDelay != null && accept != null && vips != null
                    && checksum != null && garp != null && track != null && unicast != null;
            if (!ok) {
                return null;
            }
            return new InstanceConfig(name, family, iface, vrid, priority, interval, preempt, preemptDelay, accept,
                    vips, checksum, garp, track, unicast);
        }

        private Node requiredField(Node parent, String name) {
            Node n = parent.field(name);
            if (n.isMissing()) {
                n.required();
            }
            return n;
        }

        private Integer advertInterval(Node n) {
            Duration d = n.duration(Duration.ofSeconds(1), MIN_INTERVAL, MAX_INTERVAL);
            if (d == null) {
                return null;
            }
            if (d.toMillis() % 10 != 0) {
                n.problem(Durations.format(d) + " is not a multiple of 10ms (adverts carry centiseconds)",
                        "10ms to 40.95s in steps of 10ms");
                return null;
            }
            return (int) (d.toMillis() / 10);
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

        private VirtualAddress virtualAddress(Node e) {
            String hint = "an address with optional prefix, e.g. 192.0.2.1/24 or 2001:db8::1/64";
            String s = e.text(hint);
            if (s == null) {
                return null;
            }
            int slash = s.indexOf('/');
            String addr = slash < 0 ? s : s.substring(0, slash);
            Optional<InetAddress> a = IpLiterals.parse(addr);
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
            n.onlyFields(orderedSet("master-delay", "master-repeat", "master-refresh"));
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

        private List<String> trackInterfaces(Node n) {
            List<String> result = new ArrayList<>();
            boolean ok = n.isMissing() || n.json().isArray();
            for (Node e : n.elements("a list of interface names, e.g. [eth1]")) {
                String name = e.text("an interface name");
                if (name == null || !requireInterface(e, new InterfaceSelector.ByName(name))) {
                    ok = false;
                } else {
                    result.add(name);
                }
            }
            return ok ? result : null;
        }

        /** Reports (naming what exists) unless {@code selector} matches exactly one interface. */
        private boolean requireInterface(Node n, InterfaceSelector selector) {
            List<Link> found = selector.matches(interfaces);
            if (found.size() == 1) {
                return true;
            }
            String present = interfaces.isEmpty() ? "no interfaces are present"
                    : "one of the interfaces present: "
                            + interfaces.stream().map(Link::describe).collect(Collectors.joining(", "));
            if (found.isEmpty()) {
                n.problem(selector instanceof InterfaceSelector.ByMac m
                        ? "no interface has MAC " + m.mac()
                        : "interface \"" + selector.describe() + "\" does not exist", present);
            } else {
                n.problem("MAC " + ((InterfaceSelector.ByMac) selector).mac() + " is shared by "
                                + found.stream().map(Link::name).collect(Collectors.joining(", ")),
                        "select one of them by name");
            }
            return false;
        }

        private void checkName(Node n, String name, String what) {
            if (!Names.VALID.matcher(name).matches()) {
                n.keyProblem(what + " name \"" + name + "\" is not valid", Names.VALID_DESCRIPTION);
            }
        }

        // ---- sync groups ----

        private void readSyncGroups(Node section) {
            if (!section.expectObject("a mapping from sync-group name to {members: [...]}")) {
                return;
            }
            Map<String, String> groupOf = new HashMap<>();
            for (Map.Entry<String, Node> e : section.entries()) {
                String name = e.getKey();
                Node n = e.getValue();
                declaredGroups.add(name);
                checkName(n, name, "sync-group");
                if (!n.expectObject("{members: [gw4, gw6]}")) {
                    if (n.isMissing()) {
                        n.problem("sync group " + name + " has no members", "{members: [gw4, gw6]}");
                    }
                    continue;
                }
                n.onlyFields(List.of("members"));
                Node membersNode = requiredField(n, "members");
                if (membersNode.isMissing()) {
                    continue;
                }
                if (membersNode.json().isArray() && membersNode.json().size() < 2) {
                    membersNode.problem("a sync group of " + membersNode.json().size()
                            + " member has nothing to synchronise", "two or more instance names");
                }
                boolean ok = membersNode.json().isArray();
                List<String> members = new ArrayList<>();
                for (Node m : membersNode.elements("a list of instance names, e.g. [gw4, gw6]")) {
                    String member = m.text("an instance name");
                    if (member == null || !requireInstance(m, member)) {
                        ok = false;
                        continue;
                    }
                    if (members.contains(member)) {
                        m.problem(member + " is listed twice", "each member once");
                        ok = false;
                        continue;
                    }
                    String other = groupOf.putIfAbsent(member, name);
                    if (other != null) {
                        m.problem(member + " is already a member of sync group " + other,
                                "an instance in at most one sync group");
                        ok = false;
                        continue;
                    }
                    members.add(member);
                }
                if (ok) {
                    groups.put(name, new SyncGroupConfig(name, members));
                }
            }
        }

        private boolean requireInstance(Node n, String name) {
            if (declaredInstances.contains(name)) {
                return true;
            }
            String also = declaredGroups.contains(name) && n.path().startsWith("hooks")
                    ? " (\"" + name + "\" is a sync group: list it under sync-groups)" : "";
            n.problem(missing("instance", name, also, declaredInstances), existing("instance", declaredInstances));
            return false;
        }

        private boolean requireGroup(Node n, String name) {
            if (declaredGroups.contains(name)) {
                return true;
            }
            String also = declaredInstances.contains(name)
                    ? " (\"" + name + "\" is an instance: list it under instances)" : "";
            n.problem(missing("sync group", name, also, declaredGroups), existing("sync group", declaredGroups));
            return false;
        }

        private String missing(String what, String name, String also, Set<String> existing) {
            List<String> close = Names.closest(name, existing);
            return "no " + what + " named \"" + name + "\"" + also
                    + (close.isEmpty() ? "" : "; did you mean " + String.join(", ", close) + "?");
        }

        private String existing(String what, Set<String> names) {
            return names.isEmpty() ? "no " + what + "s are defined"
                    : "one of the " + what + "s: " + String.join(", ", names);
        }

        // ---- hooks ----

        private void readHooks(Node section) {
            String hint = "a list of hooks, each with type and instances or sync-groups";
            for (Node n : section.elements(hint)) {
                readHook(n);
            }
        }

        private void readHook(Node n) {
            if (!n.expectObject("{type: default-gateway, instances: [gw4], ...}")) {
                if (n.isMissing()) {
                    n.problem("empty hook", "{type: default-gateway, instances: [gw4], ...}");
                }
                return;
            }
            boolean ok = true;
            String known = "one of the hook types: " + String.join(", ", hookTypes.names());
            Node typeNode = requiredField(n, "type");
            String typeName = typeNode.text(known);
            Optional<HookType<?>> type = Optional.empty();
            if (typeName != null) {
                type = hookTypes.lookup(typeName);
                if (type.isEmpty()) {
                    List<String> close = Names.closest(typeName, hookTypes.names());
                    typeNode.problem("unknown hook type \"" + typeName + "\""
                            + (close.isEmpty() ? "" : "; did you mean " + String.join(", ", close) + "?"), known);
                }
            }
            List<String> bound = names(n.field("instances"), this::requireInstance);
            List<String> boundGroups = names(n.field("sync-groups"), this::requireGroup);
            if (bound != null && boundGroups != null && bound.isEmpty() && boundGroups.isEmpty()
                    && n.field("instances").isMissing() && n.field("sync-groups").isMissing()) {
                n.field("instances").problem("the hook is bound to nothing",
                        "instances: [...] or sync-groups: [...]");
            } else if (bound != null && boundGroups != null && bound.isEmpty() && boundGroups.isEmpty()) {
                (n.field("instances").isMissing() ? n.field("sync-groups") : n.field("instances"))
                        .problem("the hook is bound to nothing", "at least one instance or sync-group name");
            }
            ok &= bound != null && boundGroups != null && !(bound.isEmpty() && boundGroups.isEmpty());
            if (type.isEmpty()) {
                return; // its other fields mean nothing without a type
            }
            HookSettings settings = parseSettings(type.get(), n);
            if (settings == null || !ok) {
                return;
            }
            HookConfig hook = new HookConfig(indexOf(n), typeName, bound, boundGroups, settings);
            List<InstanceConfig> boundInstances = boundInstancesOf(bound, boundGroups);
            if (boundInstances == null) {
                return; // some bound instance is itself invalid; it has been reported
            }
            runCheck(type.get(), settings, n, boundInstances);
            hooks.add(hook);
        }

        /** The hook's position in the file's list, also when earlier hooks were invalid. */
        private int indexOf(Node n) {
            String ptr = n.pointer();
            return Integer.parseInt(ptr.substring(ptr.lastIndexOf('/') + 1));
        }

        private List<InstanceConfig> boundInstancesOf(List<String> names, List<String> groupNames) {
            Set<String> all = new LinkedHashSet<>(names);
            for (String g : groupNames) {
                SyncGroupConfig group = groups.get(g);
                if (group == null) {
                    return null;
                }
                all.addAll(group.members());
            }
            List<InstanceConfig> result = new ArrayList<>();
            for (String name : all) {
                InstanceConfig i = instances.get(name);
                if (i == null) {
                    return null;
                }
                result.add(i);
            }
            return result;
        }

        private <S extends HookSettings> void runCheck(HookType<S> type, HookSettings settings, Node hookNode,
                List<InstanceConfig> bound) {
            type.check(type.settingsType().cast(settings), new HookContext() {
                @Override
                public List<InstanceConfig> boundInstances() {
                    return bound;
                }

                @Override
                public void problem(String field, String message, String hint) {
                    at(field).problem(message, hint);
                }

                @Override
                public void requireInterface(String field, InterfaceSelector selector) {
                    Reading.this.requireInterface(at(field), selector);
                }

                private Node at(String field) {
                    Node at = hookNode;
                    for (String part : field.split("\\.")) {
                        int bracket = part.indexOf('[');
                        at = at.field(bracket < 0 ? part : part.substring(0, bracket));
                        if (bracket >= 0) {
                            at = at.element(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
                        }
                    }
                    return at;
                }
            });
        }

        private HookSettings parseSettings(HookType<?> type, Node n) {
            ObjectNode body = ((ObjectNode) n.json()).deepCopy();
            HOOK_COMMON.forEach(body::remove);
            Node bodyNode = new Node(body, n.path(), n.pointer(), problems);
            if (type instanceof TreeHookType<?> tree) {
                return tree.parse(bodyNode);
            }
            return bind(type, bodyNode);
        }

        /** Binds a third-party hook's settings with Jackson, after reporting every unknown field. */
        private HookSettings bind(HookType<?> type, Node body) {
            Class<?> record = type.bindType();
            if (record.isRecord()) {
                Set<String> fields = new LinkedHashSet<>(HOOK_COMMON);
                for (var c : record.getRecordComponents()) {
                    fields.add(PropertyNamingStrategies.KebabCaseStrategy.INSTANCE.translate(c.getName()));
                }
                int before = problems.count();
                body.onlyFields(fields);
                if (problems.count() > before) {
                    return null;
                }
            }
            try {
                return type.wrap(bindMapper.treeToValue(body.json(), type.bindType()));
            } catch (JsonMappingException e) {
                StringBuilder path = new StringBuilder(body.pointer());
                for (JsonMappingException.Reference r : e.getPath()) {
                    path.append('/').append(r.getFieldName() != null ? Paths.escape(r.getFieldName()) : r.getIndex());
                }
                String hint = e instanceof UnrecognizedPropertyException u
                        ? "one of " + u.getKnownPropertyIds() : "";
                String message = e.getCause() instanceof IllegalArgumentException iae ? iae.getMessage()
                        : e.getOriginalMessage();
                problems.atValue(path.toString(), Paths.fromPointer(path.toString()), message, hint);
                return null;
            } catch (JsonProcessingException | IllegalArgumentException e) {
                body.problem(e.getMessage(), "");
                return null;
            }
        }

        /** The names listed at {@code n}, each checked; null when any is bad. */
        private List<String> names(Node n, java.util.function.BiPredicate<Node, String> exists) {
            List<String> result = new ArrayList<>();
            boolean ok = n.isMissing() || n.json().isArray();
            for (Node e : n.elements("a list of names, e.g. [gw4]")) {
                String name = e.text("a name");
                if (name == null || !exists.test(e, name)) {
                    ok = false;
                } else if (!result.contains(name)) {
                    result.add(name);
                }
            }
            return ok ? result : null;
        }

        // ---- checks across instances ----

        /** Interface identity for uniqueness: the resolved name when present, else the selector. */
        private String interfaceKey(InterfaceSelector s) {
            List<Link> found = s.matches(interfaces);
            return found.size() == 1 ? found.get(0).name() : s.describe();
        }

        private void checkVrids() {
            Map<String, String> seen = new HashMap<>();
            for (InstanceConfig i : instances.values()) {
                String key = interfaceKey(i.interfaceSelector()) + "/" + i.family() + "/" + i.vrid();
                String other = seen.putIfAbsent(key, i.name());
                if (other != null) {
                    instanceNodes.get(i.name()).field("vrid").problem("vrid " + i.vrid() + " is already used by instance "
                                    + other + " on " + interfaceKey(i.interfaceSelector()) + " ("
                                    + i.family().configName() + ")",
                            "a vrid unique per interface and family; one not in use: " + freeVrid(i, seen));
                }
            }
        }

        private int freeVrid(InstanceConfig i, Map<String, String> seen) {
            String prefix = interfaceKey(i.interfaceSelector()) + "/" + i.family() + "/";
            for (int v = 1; v <= 255; v++) {
                if (!seen.containsKey(prefix + v)) {
                    return v;
                }
            }
            return 0;
        }

        /** A unicast peer that is another instance's virtual address is a router address mixed up with a shared one. */
        private void checkPeersAreNotVips() {
            for (InstanceConfig i : instances.values()) {
                List<InetAddress> peers = i.unicast().peers();
                for (int k = 0; k < peers.size(); k++) {
                    InetAddress peer = peers.get(k);
                    for (InstanceConfig other : instances.values()) {
                        if (other != i && other.virtualAddresses().stream().anyMatch(v -> v.address().equals(peer))) {
                            instanceNodes.get(i.name()).field("unicast-peers").element(k).problem(
                                    IpLiterals.format(peer) + " is a virtual address of instance " + other.name(),
                                    "the other routers' own addresses, not an address they share");
                        }
                    }
                }
            }
        }

        private void checkDuplicateAddresses() {
            Map<String, String> seen = new HashMap<>();
            for (InstanceConfig i : instances.values()) {
                List<VirtualAddress> vips = i.virtualAddresses();
                for (int k = 0; k < vips.size(); k++) {
                    VirtualAddress a = vips.get(k);
                    // a link-local address is only unique on its link
                    String key = IpLiterals.format(a.address())
                            + (a.isLinkLocal() ? "%" + interfaceKey(i.interfaceSelector()) : "");
                    String where = "instances." + i.name() + ".virtual-addresses[" + k + "]";
                    String other = seen.putIfAbsent(key, where);
                    if (other != null) {
                        instanceNodes.get(i.name()).field("virtual-addresses").element(k).problem(
                                IpLiterals.format(a.address()) + " is also at " + other,
                                "each virtual address in one instance only");
                    }
                }
            }
        }
    }

    private static Set<String> orderedSet(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }

    private static final class DurationDeserializer extends StdScalarDeserializer<Duration> {
        DurationDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            String text = p.getValueAsString();
            Optional<Duration> d = text == null ? Optional.empty() : Durations.parse(text);
            if (d.isEmpty()) {
                return (Duration) ctx.handleWeirdStringValue(Duration.class, String.valueOf(p.getText()),
                        "\"%s\" is not a duration (expected: %s)", p.getText(), Durations.EXAMPLES);
            }
            return d.get();
        }
    }

    private static final class InetAddressDeserializer extends StdScalarDeserializer<InetAddress> {
        InetAddressDeserializer() {
            super(InetAddress.class);
        }

        @Override
        public InetAddress deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            String text = p.getValueAsString();
            Optional<InetAddress> a = text == null ? Optional.empty() : IpLiterals.parse(text);
            if (a.isEmpty()) {
                return (InetAddress) ctx.handleWeirdStringValue(InetAddress.class, String.valueOf(p.getText()),
                        "\"%s\" is not an IP address", p.getText());
            }
            return a.get();
        }
    }
}
