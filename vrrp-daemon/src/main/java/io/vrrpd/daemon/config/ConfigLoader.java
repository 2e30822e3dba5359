package io.vrrpd.daemon.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vrrpd.hooks.HookLoadException;
import io.vrrpd.hooks.HookProviders;
import io.vrrpd.hooks.builtin.DefaultGatewayProvider;
import io.vrrpd.hooks.builtin.RoutesProvider;
import io.vrrpd.hooks.builtin.ExecHookProvider;
import io.vrrpd.hooks.kernel.InterfaceSelector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a config file into a {@link VrrpdConfig}, or reports every problem in it at once:
 * shape (unknown fields, wrong types, out-of-range values), then meaning (references to
 * instances, sync groups and interfaces that do not exist, families that do not match,
 * duplicate VRIDs and addresses). References are checked here, at load time, never by
 * string at failover time (see docs/incidents.md).
 *
 * <p>One reader per section — {@link InstancesSection}, {@link SyncGroupsSection},
 * {@link HooksSection} — then {@link CrossChecks}, sharing what was read in a {@link Reading}.
 */
public final class ConfigLoader {
    private static final List<String> TOP = List.of("instances", "sync-groups", "hooks", "startup-delay");
    private static final String IFACE_HINT = "an interface name, or {mac: \"52:54:00:12:34:56\"}";

    private final HookProviders hookTypes;
    private final YAMLFactory yaml = YAMLFactory.builder().build();
    private final YAMLMapper treeMapper = new YAMLMapper(yaml);
    private final PluginRecords pluginRecords = new PluginRecords();

    /** A loader for the hook types of {@code hookTypes} (the built-ins, and plugins when loaded). */
    public ConfigLoader(HookProviders hookTypes) {
        this.hookTypes = hookTypes;
    }

    /**
     * Loads {@code file}, with the built-in hook types and those of every route-hooks
     * {@link io.vrrpd.hooks.HookProvider} on the class path, checking interface references against {@code interfaces}.
     */
    public static VrrpdConfig load(Path file, InterfaceDirectory interfaces) throws InvalidConfigException {
        return withClassPathHooks().loadFile(file, interfaces);
    }

    /** A loader for the hook providers on the class path: the built-ins, and any packaged with the daemon. */
    public static ConfigLoader withClassPathHooks() {
        try {
            return new ConfigLoader(HookProviders.load(ConfigLoader.class.getClassLoader()));
        } catch (HookLoadException e) {
            throw new IllegalStateException("the hook providers on the class path cannot be loaded: " + e.getMessage(), e);
        }
    }

    /** A loader for the built-in hook types alone. */
    public static ConfigLoader withBuiltInHooks() {
        try {
            return new ConfigLoader(HookProviders.of(List.of(new DefaultGatewayProvider(), new ExecHookProvider(),
                    new RoutesProvider())));
        } catch (HookLoadException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads {@code file}, checking it on this host, whose interfaces are {@code interfaces}. */
    public VrrpdConfig loadFile(Path file, InterfaceDirectory interfaces) throws InvalidConfigException {
        return valid(checkFile(file, Host.of(interfaces)));
    }

    /** Loads {@code file} as the daemon does on {@code host} ({@link Host#running}: a missing interface is the runtime's). */
    public VrrpdConfig loadFile(Path file, Host host) throws InvalidConfigException {
        return valid(checkFile(file, host));
    }

    /** Loads {@code text}, reporting problems against {@code file}, checking it on this host. */
    public VrrpdConfig parse(Path file, String text, InterfaceDirectory interfaces) throws InvalidConfigException {
        return valid(check(file, text, Host.of(interfaces)));
    }

    /**
     * Checks {@code file} on {@code host} ({@link Host#OFFLINE}: away from the router, every
     * check of a fact about it skipped and listed), reporting instead of throwing.
     */
    public ConfigReport checkFile(Path file, Host host) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new ConfigReport(null, List.of(new ConfigProblem(file, "", 0, 0,
                    "cannot read the file: " + e, "a readable YAML file")), List.of());
        }
        return check(file, text, host);
    }

    /** {@link #checkFile} of {@code text}, reporting problems against {@code file}. */
    public ConfigReport check(Path file, String text, Host host) {
        Problems problems = new Problems(file);
        JsonNode tree = problems.readTree(text, treeMapper);
        if (tree == null) {
            return new ConfigReport(null, problems.sorted(), List.of());
        }
        Reading reading = new Reading(problems, hookTypes, host);
        VrrpdConfig config = read(Node.root(tree, problems), reading);
        return new ConfigReport(problems.isEmpty() ? config : null, problems.sorted(), reading.skipped);
    }

    private static VrrpdConfig valid(ConfigReport report) throws InvalidConfigException {
        if (!report.valid()) {
            throw new InvalidConfigException(report.problems());
        }
        return report.config();
    }

    private VrrpdConfig read(Node root, Reading reading) {
        if (root.isMissing()) {
            reading.problems.atFile("the file is empty", "a mapping with at least \"instances\"");
            return null;
        }
        if (!root.expectObject("a mapping with \"instances\", \"sync-groups\", \"hooks\"")) {
            return null;
        }
        root.onlyFields(TOP);
        new InstancesSection(reading).read(root.field("instances"));
        new SyncGroupsSection(reading).read(root.field("sync-groups"));
        new HooksSection(reading, pluginRecords).read(root.field("hooks"));
        new CrossChecks(reading).run();
        new AddressChecks(reading).run();
        java.time.Duration startupDelay = root.field("startup-delay").duration(java.time.Duration.ZERO,
                java.time.Duration.ZERO, VrrpdConfig.MAX_STARTUP_DELAY);
        return new VrrpdConfig(reading.instances, reading.groups, reading.hooks, startupDelay);
    }

    /** The interface selector at {@code n} (a name, or {mac: ...}); null when missing or invalid. */
    static InterfaceSelector selector(Node n) {
        if (n.isMissing()) {
            return null;
        }
        if (n.json().isTextual()) {
            String name = n.text(IFACE_HINT);
            if (name == null) {
                return null;
            }
            String wrong = InterfaceNames.problem(name);
            if (wrong != null) {
                n.problem(n.shown() + " cannot be an interface name: " + wrong, InterfaceNames.RULE);
                return null;
            }
            return new InterfaceSelector.ByName(name);
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
}
