package io.vrrpd.daemon.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vrrpd.hooks.HookConfigProblem;
import io.vrrpd.hooks.HookProvider;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig;
import io.vrrpd.hooks.builtin.DefaultGatewayProvider;
import io.vrrpd.hooks.builtin.ExecHookConfig;
import io.vrrpd.hooks.builtin.ExecHookProvider;
import io.vrrpd.hooks.builtin.RoutesConfig;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code hooks} section. Each entry names a type (a {@link HookProvider}: a built-in
 * or a plugin's) and what it is bound to; its other fields are read into the provider's config
 * record (the built-ins' field by field, a plugin's by {@link PluginRecords}), then the provider's
 * {@code validate} judges the values and its {@code checkOnHost} the facts of this host.
 */
final class HooksSection {
    /** The fields every hook has; the rest belong to its type. */
    static final List<String> COMMON = List.of("type", "instances", "sync-groups");
    /** The built-in hook types read field by field from the tree, so that every problem in them is found at once. */
    private static final Map<Class<?>, HookFields> BUILT_IN_FIELDS = Map.of(
            DefaultGatewayConfig.class, DefaultGatewayFields::read,
            ExecHookConfig.class, ExecFields::read);

    /** Reads a built-in hook's fields into its config record; what is of the wrong kind is reported and left null. */
    @FunctionalInterface
    interface HookFields {
        Record read(Node body, List<String> instances, List<String> syncGroups);
    }

    private final Reading r;
    private final PluginRecords plugins;

    HooksSection(Reading r, PluginRecords plugins) {
        this.r = r;
        this.plugins = plugins;
    }

    void read(Node section) {
        String hint = "a list of hooks, each with type and instances or sync-groups";
        for (Node n : section.elements(hint)) {
            r.hookNodes.add(n);
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
        List<String> typeNames = hookTypeNames();
        String known = "one of the hook types: " + String.join(", ", typeNames);
        Node typeNode = n.requiredField("type");
        String typeName = typeNode.text(known);
        Optional<HookProvider<?>> type = Optional.empty();
        if (typeName != null) {
            type = r.hookTypes.provider(typeName);
            if (type.isEmpty()) {
                List<String> close = Names.closest(typeName, typeNames);
                Optional<java.nio.file.Path> unloaded = r.hookTypes.notLoaded(typeName);
                if (unloaded.isPresent()) {
                    // a reload that names a plugin type the config did not use when vrrpd started
                    typeNode.problem("hook type \"" + typeName + "\" is in plugin " + unloaded.get()
                            + ", which vrrpd loads only when it starts with a config that uses it", "restart vrrpd to load it");
                } else if (r.host.offline() && close.isEmpty()) {
                    // a plugin's type, most likely: the plugin directory is the router's
                    r.skipped(SkippedCheck.PLUGIN_TYPES, typeNode, typeName);
                } else {
                    typeNode.problem("unknown hook type \"" + typeName + "\""
                            + (close.isEmpty() ? "" : "; did you mean " + String.join(", ", close) + "?"), known);
                }
            }
        }
        List<String> bound = r.names(n.field("instances"), r::requireInstance);
        List<String> boundGroups = r.names(n.field("sync-groups"), r::requireGroup);
        if (bound != null && boundGroups != null && bound.isEmpty() && boundGroups.isEmpty()
                && n.field("instances").isMissing() && n.field("sync-groups").isMissing()) {
            n.field("instances").problem("the hook is bound to nothing",
                    "instances: [...] or sync-groups: [...]");
        } else if (bound != null && boundGroups != null && bound.isEmpty() && boundGroups.isEmpty()) {
            (n.field("instances").isMissing() ? n.field("sync-groups") : n.field("instances"))
                    .problem("the hook is bound to nothing", "at least one instance or sync-group name");
        }
        boolean ok = bound != null && boundGroups != null && !(bound.isEmpty() && boundGroups.isEmpty());
        if (type.isEmpty()) {
            return; // its other fields mean nothing without a type
        }
        HookProvider<?> provider = type.get();
        int before = r.problems.count();
        Record config = readConfig(provider, n, ok ? bound : List.of(), ok ? boundGroups : List.of(), ok);
        List<String> unreadable = r.problems.pathsSince(before);
        if (config == null || !ok) {
            return;
        }
        // an instance that is itself invalid has been reported; the hook is judged against the others
        List<InstanceRef> refs = boundInstancesOf(bound, boundGroups).stream()
                .map(i -> new InstanceRef(i.name(), i.family(), i.vrid(), i.interfaceSelector().describe())).toList();
        int reported = report(n, provider.validateBound(config, refs), unreadable);
        if (reported == 0 && unreadable.isEmpty()) {
            if (r.host.offline()) {
                skipHostChecks(n, provider, config);
            } else {
                report(n, provider.checkOnHostBound(config, r.interfaces()), List.of());
            }
        }
        r.hooks.add(new HookEntry(indexOf(n), provider, config));
    }

    /** Notes what {@code checkOnHost} would have looked at on the router. */
    private void skipHostChecks(Node n, HookProvider<?> provider, Record config) {
        if (config instanceof DefaultGatewayConfig gw) {
            r.skipped(SkippedCheck.INTERFACES, n.field("interface"), gw.uplink().describe());
        } else if (config instanceof ExecHookConfig exec) {
            r.skipped(SkippedCheck.PROGRAMS, n.field("command").element(0), exec.command().get(0));
        } else if (config instanceof RoutesConfig routes) {
            for (int i = 0; i < routes.routes().size(); i++) {
                if (routes.routes().get(i).dev() != null) {
                    r.skipped(SkippedCheck.INTERFACES, n.field("routes").element(i).field("dev"), routes.routes().get(i).dev());
                }
            }
        } else {
            r.skipped(SkippedCheck.PLUGIN_HOST_CHECKS, n, provider.type());
        }
    }

    /** The hook types, the built-ins first, then the plugins' in the order they were loaded. */
    private List<String> hookTypeNames() {
        List<String> names = new ArrayList<>();
        for (String builtIn : List.of(DefaultGatewayProvider.TYPE, ExecHookProvider.TYPE)) {
            if (r.hookTypes.types().contains(builtIn)) {
                names.add(builtIn);
            }
        }
        r.hookTypes.types().stream().filter(t -> !names.contains(t)).forEach(names::add);
        return names;
    }

    /**
     * Reports {@code found} at the hook's fields, except what concerns a field that could not be
     * read (it, its parents or its children): that field's own problem was reported already.
     */
    private int report(Node hookNode, List<HookConfigProblem> found, List<String> unreadable) {
        int reported = 0;
        for (HookConfigProblem p : found) {
            String full = hookNode.path() + "." + p.path();
            boolean shadowed = unreadable.stream().anyMatch(u -> related(u, full));
            if (!shadowed) {
                at(hookNode, p.path()).problem(p.message(), p.expected());
                reported++;
            }
        }
        return reported;
    }

    private boolean related(String a, String b) {
        return a.equals(b) || a.startsWith(b + ".") || a.startsWith(b + "[") || b.startsWith(a + ".")
                || b.startsWith(a + "[");
    }

    private Node at(Node hookNode, String field) {
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

    /** The hook's position in the file's list, also when earlier hooks were invalid. */
    private int indexOf(Node n) {
        String ptr = n.pointer();
        return Integer.parseInt(ptr.substring(ptr.lastIndexOf('/') + 1));
    }

    /** The valid instances of those named, directly or through the (valid) sync groups named. */
    private List<InstanceConfig> boundInstancesOf(List<String> names, List<String> groupNames) {
        Set<String> all = new LinkedHashSet<>(names);
        for (String g : groupNames) {
            SyncGroupConfig group = r.groups.get(g);
            if (group != null) {
                all.addAll(group.members());
            }
        }
        return all.stream().map(r.instances::get).filter(Objects::nonNull).toList();
    }

    /**
     * The hook's config record: a built-in's read field by field, a plugin's bound with Jackson
     * (only once its names are known good, or Jackson would report them a second time).
     */
    private Record readConfig(HookProvider<?> provider, Node n, List<String> bound, List<String> boundGroups,
                              boolean namesOk) {
        HookFields fields = BUILT_IN_FIELDS.get(provider.configType());
        if (fields != null) {
            ObjectNode body = ((ObjectNode) n.json()).deepCopy();
            COMMON.forEach(body::remove);
            return fields.read(new Node(body, n.path(), n.pointer(), r.problems), bound, boundGroups);
        }
        if (!namesOk) {
            return null;
        }
        ObjectNode body = ((ObjectNode) n.json()).deepCopy();
        body.remove("type");
        return plugins.bind(provider, new Node(body, n.path(), n.pointer(), r.problems));
    }
}
