package io.vrrpd.daemon.config;

import io.vrrpd.hooks.HookProviders;
import io.vrrpd.hooks.kernel.InterfaceSelector;
import io.vrrpd.hooks.kernel.Link;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * One load of one file: what the section readers have read so far, for the checks that cross
 * sections (a sync group's members, a hook's instances), and the reference checks they share.
 * Names are checked against what the file declares, interfaces against those present.
 */
final class Reading {
    final Problems problems;
    final HookProviders hookTypes;
    final Host host;
    /** The checks of facts about the router not made, because there is none (offline). */
    final List<SkippedCheck> skipped = new ArrayList<>();
    /** Every instance name in the file, valid or not: a reference to an invalid one is not a second problem. */
    final Set<String> declaredInstances = new LinkedHashSet<>();
    final Map<String, InstanceConfig> instances = new LinkedHashMap<>();
    final Map<String, Node> instanceNodes = new HashMap<>();
    final Set<String> declaredGroups = new LinkedHashSet<>();
    final Map<String, SyncGroupConfig> groups = new LinkedHashMap<>();
    final List<HookEntry> hooks = new ArrayList<>();
    /** Every hook's node, valid or not, by its index in {@code hooks}. */
    final List<Node> hookNodes = new ArrayList<>();

    Reading(Problems problems, HookProviders hookTypes, Host host) {
        this.problems = problems;
        this.hookTypes = hookTypes;
        this.host = host;
    }

    /** The interfaces present on the host; none offline. */
    List<Link> interfaces() {
        return host.links();
    }

    /** Notes a check of a fact about the router that was not made, because there is none. */
    void skipped(String fact, Node at, String subject) {
        skipped.add(new SkippedCheck(fact, at.path(), subject));
    }

    /** Reports (naming what exists) unless {@code selector} matches exactly one interface. */
    boolean requireInterface(Node n, InterfaceSelector selector) {
        if (host.offline()) {
            skipped(SkippedCheck.INTERFACES, n, selector.describe());
            return true;
        }
        if (host.interfacesAtRuntime() && selector.matches(host.links()).isEmpty()) {
            return true;   // the daemon starts the instance in FAULT, saying why
        }
        Optional<InterfaceSelector.Mismatch> mismatch = selector.mismatchIn(host.links());
        mismatch.ifPresent(m -> n.problem(m.message(), m.expected()));
        return mismatch.isEmpty();
    }

    void checkName(Node n, String name, String what) {
        if (!Names.VALID.matcher(name).matches()) {
            n.keyProblem(what + " name \"" + name + "\" is not valid", Names.VALID_DESCRIPTION);
        }
    }

    boolean requireInstance(Node n, String name) {
        if (declaredInstances.contains(name)) {
            return true;
        }
        String also = declaredGroups.contains(name) && n.path().startsWith("hooks")
                ? " (\"" + name + "\" is a sync group: list it under sync-groups)" : "";
        n.problem(missing("instance", name, also, declaredInstances), existing("instance", declaredInstances));
        return false;
    }

    boolean requireGroup(Node n, String name) {
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


    /** The names listed at {@code n}, each checked; null when any is bad. */
    List<String> names(Node n, BiPredicate<Node, String> exists) {
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
}
