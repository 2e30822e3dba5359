package io.vrrpd.daemon.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Consistent snapshots for readers that must never block the event loop (the control socket,
 * metrics). The loop publishes an immutable record per instance after each change; readers
 * take the current map reference.
 */
public final class StatusBoard {
    private volatile Map<String, InstanceStatus> instances = Map.of();
    private volatile List<SyncGroupStatus> syncGroups = List.of();

    private final Map<String, java.util.function.Supplier<InstanceStatus.Counters>> liveCounters =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Counters change with every advert, far more often than anything else, and are thread-safe to
     * read: {@link #snapshot()} reads them live from {@code counters} instead of from the last
     * published record, so they are current without republishing per packet.
     */
    public void liveCounters(String name, java.util.function.Supplier<InstanceStatus.Counters> counters) {
        liveCounters.put(name, counters);
    }

    /** Loop thread only: replaces one instance's snapshot. */
    public void publish(InstanceStatus status) {
        Map<String, InstanceStatus> next = new LinkedHashMap<>(instances);
        next.put(status.name(), status);
        instances = java.util.Collections.unmodifiableMap(next);
    }

    /** Loop thread only: drops an instance removed by a reload. */
    public void remove(String name) {
        Map<String, InstanceStatus> next = new LinkedHashMap<>(instances);
        next.remove(name);
        instances = java.util.Collections.unmodifiableMap(next);
        liveCounters.remove(name);
    }

    /** Loop thread only: replaces the sync-group snapshots. */
    public void publishSyncGroups(List<SyncGroupStatus> groups) {
        syncGroups = List.copyOf(groups);
    }

    /** Any thread: the current consistent view. */
    public DaemonStatus snapshot() {
        List<InstanceStatus> list = new ArrayList<>(instances.size());
        for (InstanceStatus s : instances.values()) {
            java.util.function.Supplier<InstanceStatus.Counters> live = liveCounters.get(s.name());
            list.add(live == null ? s : withCounters(s, live.get()));
        }
        return new DaemonStatus(DaemonStatus.SCHEMA, list, syncGroups);
    }

    private static InstanceStatus withCounters(InstanceStatus s, InstanceStatus.Counters c) {
        return new InstanceStatus(s.name(), s.family(), s.vrid(), s.interfaceName(), s.state(), s.protocolState(),
                s.priority(), s.effectivePriority(), s.master(), s.lastTransition(), s.egress(), c);
    }

    /** Any thread: one instance, or null, its counters read live as in {@link #snapshot()}. */
    public InstanceStatus instance(String name) {
        InstanceStatus s = instances.get(name);
        java.util.function.Supplier<InstanceStatus.Counters> live = liveCounters.get(name);
        return s == null || live == null ? s : withCounters(s, live.get());
    }
}
