package io.vrrpd.daemon.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A whole configuration file, checked: every name it references exists, every interface it
 * names is present. Built only by {@link ConfigLoader}.
 *
 * @param instances  by name, in file order
 * @param syncGroups by name, in file order
 * @param hooks      in file order
 * @param startupDelay how long after the daemon starts no instance leaves INIT ({@code startup-delay}); zero: none
 */
public record VrrpdConfig(Map<String, InstanceConfig> instances, Map<String, SyncGroupConfig> syncGroups,
        List<HookEntry> hooks, java.time.Duration startupDelay) {
    /** The longest {@code startup-delay}. */
    public static final java.time.Duration MAX_STARTUP_DELAY = java.time.Duration.ofMinutes(30);

    /** A configuration without a startup delay. */
    public VrrpdConfig(Map<String, InstanceConfig> instances, Map<String, SyncGroupConfig> syncGroups,
                       List<HookEntry> hooks) {
        this(instances, syncGroups, hooks, java.time.Duration.ZERO);
    }

    public VrrpdConfig {
        startupDelay = startupDelay == null ? java.time.Duration.ZERO : startupDelay;
        instances = Collections.unmodifiableMap(new LinkedHashMap<>(instances));
        syncGroups = Collections.unmodifiableMap(new LinkedHashMap<>(syncGroups));
        hooks = List.copyOf(hooks);
    }

    /** The sync group {@code instance} belongs to, if any (an instance is in at most one). */
    public Optional<SyncGroupConfig> syncGroupOf(String instance) {
        return syncGroups.values().stream().filter(g -> g.members().contains(instance)).findFirst();
    }

    /** Every instance {@code hook} is bound to, directly or through its sync groups, once each, in file order. */
    public List<InstanceConfig> boundInstances(HookEntry hook) {
        Set<String> names = new LinkedHashSet<>(hook.instances());
        hook.syncGroups().forEach(g -> names.addAll(syncGroups.get(g).members()));
        List<InstanceConfig> result = new ArrayList<>();
        instances.forEach((name, i) -> {
            if (names.contains(name)) {
                result.add(i);
            }
        });
        return result;
    }

    /** Every hook bound to {@code instance}, directly or through its sync group, in file order. */
    public List<HookEntry> hooksOf(String instance) {
        return hooks.stream()
                .filter(h -> boundInstances(h).stream().anyMatch(i -> i.name().equals(instance)))
                .toList();
    }
}
