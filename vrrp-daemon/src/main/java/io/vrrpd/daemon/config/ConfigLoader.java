package io.vrrpd.daemon.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vrrpd.hooks.HookLoadException;
import io.vrrpd.hooks.HookProviders;
import io.vrrpd.hooks.builtin.DefaultGatewayProvider;
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
    private static final List<String> TOP = List.of("instances", "sync-groups", "hooks");
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
            return new ConfigLoader(HookProviders.of(List.of(new DefaultGatewayProvider(), new ExecHookProvider())));
        } catch (HookLoadException e) {
            throw new IllegalStateException(e);
        }
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
                    "not valid YAML: " + withoutSource(e.getOriginalMessage()), "");
            throw new InvalidConfigException(problems.sorted());
        } catch (IOException e) {
            problems.atFile("cannot parse: " + e, "");
            throw new InvalidConfigException(problems.sorted());
        }
        VrrpdConfig config = read(Node.root(tree, problems), new Reading(problems, hookTypes, interfaces.links()));
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems.sorted());
        }
        return config;
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
        return new VrrpdConfig(reading.instances, reading.groups, reading.hooks);
    }

    /**
     * The YAML reader's message without the lines of the file it quotes (each {@code in 'reader',
     * line N, column M:} is followed by the line and a caret): the location is given anyway, and
     * the quoted line could hold a password.
     */
    static String withoutSource(String message) {
        if (message == null) {
            return "";
        }
        List<String> kept = new java.util.ArrayList<>();
        String[] lines = message.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith(" in '")) {
                i += 2;   // the quoted line and its caret
            } else if (!lines[i].isBlank()) {
                kept.add(lines[i].strip());
            }
        }
        return String.join("; ", kept);
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
}
