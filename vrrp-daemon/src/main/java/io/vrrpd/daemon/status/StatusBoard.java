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
    private volatile Map<String, List<TrackerStatus>> trackers = Map.of();
    /** When the startup delay ends, or null when none holds the instances. */
    private volatile java.time.Instant startupUntil;
    private volatile List<Health.Receive> receiveHealth = List.of();
    private volatile java.util.function.Supplier<Health.Kernel> kernelHealth = () -> Health.Kernel.UNKNOWN;

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

    /** Loop thread only: replaces one instance's tracker rows (none: it tracks nothing). */
    public void publishTrackers(String name, List<TrackerStatus> rows) {
        if (rows.equals(trackers.getOrDefault(name, List.of()))) {
            return;
        }
        Map<String, List<TrackerStatus>> next = new LinkedHashMap<>(trackers);
        if (rows.isEmpty()) {
            next.remove(name);
        } else {
            next.put(name, List.copyOf(rows));
        }
        trackers = java.util.Collections.unmodifiableMap(next);
    }

    /** Loop thread only: the startup delay holds every instance in INIT until {@code until}; null once it has passed. */
    public void publishStartupDelay(java.time.Instant until) {
        startupUntil = until;
    }

    /** Loop thread only: drops an instance removed by a reload. */
    public void remove(String name) {
        Map<String, InstanceStatus> next = new LinkedHashMap<>(instances);
        next.remove(name);
        instances = java.util.Collections.unmodifiableMap(next);
        liveCounters.remove(name);
        publishTrackers(name, List.of());
    }

    /** Loop thread only: replaces the sync-group snapshots. */
    public void publishSyncGroups(List<SyncGroupStatus> groups) {
        syncGroups = List.copyOf(groups);
    }

    /** Loop thread only: replaces the receive health of the interfaces instances run on. */
    public void publishReceiveHealth(List<Health.Receive> interfaces) {
        receiveHealth = List.copyOf(interfaces);
    }

    /** Where the kernel monitor's health is read from when a snapshot is taken (thread-safe; set once at start). */
    public void kernelHealth(java.util.function.Supplier<Health.Kernel> source) {
        kernelHealth = source;
    }

    /** Any thread: the health part of the view. */
    public Health health() {
        return new Health(receiveHealth, kernelHealth.get());
    }

    /** Any thread: the current consistent view. */
    public DaemonStatus snapshot() {
        List<InstanceStatus> list = new ArrayList<>(instances.size());
        for (InstanceStatus s : instances.values()) {
            java.util.function.Supplier<InstanceStatus.Counters> live = liveCounters.get(s.name());
            list.add(withCounters(s, live == null ? s.counters() : live.get()));
        }
        return new DaemonStatus(DaemonStatus.SCHEMA, list, syncGroups, health(), startupDelay());
    }

    private DaemonStatus.StartupDelay startupDelay() {
        java.time.Instant until = startupUntil;
        if (until == null) {
            return null;
        }
        long left = java.time.Duration.between(java.time.Instant.now(), until).toMillis();
        return new DaemonStatus.StartupDelay(until.toString(), Math.max(0, left));
    }

    private InstanceStatus withCounters(InstanceStatus s, InstanceStatus.Counters c) {
        return new InstanceStatus(s.name(), s.family(), s.vrid(), s.interfaceName(), s.state(), s.protocolState(),
                s.priority(), s.effectivePriority(), s.master(), s.lastTransition(), s.egress(), c,
                trackers.getOrDefault(s.name(), List.of()));
    }

    /** Any thread: one instance, or null, its counters read live as in {@link #snapshot()}. */
    public InstanceStatus instance(String name) {
        InstanceStatus s = instances.get(name);
        java.util.function.Supplier<InstanceStatus.Counters> live = liveCounters.get(name);
        return s == null ? null : withCounters(s, live == null ? s.counters() : live.get());
    }
}
