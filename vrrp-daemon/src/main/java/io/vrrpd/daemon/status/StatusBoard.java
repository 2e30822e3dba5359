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
    }

    /** Loop thread only: replaces the sync-group snapshots. */
    public void publishSyncGroups(List<SyncGroupStatus> groups) {
        syncGroups = List.copyOf(groups);
    }

    /** Any thread: the current consistent view. */
    public DaemonStatus snapshot() {
        return new DaemonStatus(DaemonStatus.SCHEMA, new ArrayList<>(instances.values()), syncGroups);
    }

    /** Any thread: one instance, or null. */
    public InstanceStatus instance(String name) {
        return instances.get(name);
    }
}
