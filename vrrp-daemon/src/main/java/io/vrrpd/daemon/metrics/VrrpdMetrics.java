package io.vrrpd.daemon.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.vrrpd.daemon.status.TrackerStatus;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vrrpd.core.fsm.ProtocolState;
import io.vrrpd.daemon.instance.Instance;
import io.vrrpd.daemon.instance.InstanceCounters;
import io.vrrpd.daemon.instance.TransitionListener;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.logging.AccountingAsyncAppender;
import io.vrrpd.daemon.status.DaemonStatus;
import io.vrrpd.daemon.status.Health;
import io.vrrpd.daemon.status.InstanceStatus;
import io.vrrpd.daemon.status.StatusBoard;
import io.vrrpd.daemon.status.SyncGroupStatus;
import io.vrrpd.hooks.ReportedState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;
import java.util.function.ToDoubleFunction;

/**
 * The daemon's Prometheus metrics (see docs/metrics.md).
 *
 * <p>Nothing here touches the event loop. The loop publishes {@link StatusBoard} snapshots and
 * counts into each instance's {@link InstanceCounters} (LongAdders); as a
 * {@link TransitionListener} this class is told, on the loop, of every reported-state change,
 * which costs one LongAdder increment. Each scrape, on the metrics server's thread, brings the
 * registered meters in line with the board (instances and sync groups added, removed or
 * relabelled by a reload or a rename) and renders them; every gauge and counter reads the current
 * snapshot or LongAdder when rendered.
 *
 * <p>Every instance transitions in the loop task that starts it (to BACKUP, MASTER or FAULT), so
 * its counters are known from its first transition; a counter bumped earlier lives in the same
 * LongAdder and is not lost.
 */
public final class VrrpdMetrics implements TransitionListener, HookMetrics {
    private static final Duration[] VERIFY_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
        Duration.ofSeconds(10)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final StatusBoard board;
    private final Map<String, InstanceCounters> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> hookTimers = new ConcurrentHashMap<>();
    private final Map<String, Timer> verificationTimers = new ConcurrentHashMap<>();
    private final Map<String, Map<TransitionKey, LongAdder>> transitions = new ConcurrentHashMap<>();

    // Scrape thread only (scrape() is synchronized).
    private final Map<Labels, Registered> instanceMeters = new HashMap<>();
    private final Map<String, List<Meter>> groupMeters = new HashMap<>();
    private final Map<String, List<Meter>> interfaceMeters = new HashMap<>();

    private record Labels(String name, String family, int vrid, String iface) {
        static Labels of(InstanceStatus s) {
            return new Labels(s.name(), s.family(), s.vrid(), s.interfaceName() == null ? "" : s.interfaceName());
        }

        Tags tags() {
            return Tags.of("instance", name, "family", family, "vrid", Integer.toString(vrid), "interface", iface);
        }
    }

    private record TransitionKey(String to, String reason) {
    }

    private static final class Registered {
        final List<Meter> meters = new ArrayList<>();
        final Set<String> rejectReasons = new HashSet<>();
        final Set<String> unicastFailures = new HashSet<>();
        final Set<TransitionKey> transitionKeys = new HashSet<>();
        /** "kind target" of each tracker whose gauges are registered. */
        final Set<String> trackers = new HashSet<>();
    }

    /** Metrics over {@code board}; {@code loop} (may be null) only for its failure count, an atomic read. */
    public VrrpdMetrics(StatusBoard board, EventLoop loop) {
        this.board = board;
        Gauge.builder("vrrpd.instances", board, b -> b.snapshot().instances().size())
                .description("Configured VRRP instances").register(registry);
        Gauge.builder("vrrpd.kernel.monitor.running", board, b -> b.health().kernel().monitoring() ? 1 : 0)
                .description("Whether the kernel monitor runs (1) or not (0)").register(registry);
        FunctionCounter.builder("vrrpd.kernel.monitor.overruns", board, b -> b.health().kernel().overruns())
                .description("Netlink overruns (ENOBUFS): kernel events lost, state re-read").register(registry);
        FunctionCounter.builder("vrrpd.kernel.monitor.failures", board, b -> b.health().kernel().failures())
                .description("Kernel monitor receive failures, each followed by a reopened socket").register(registry);
        FunctionCounter.builder("vrrpd.kernel.audit.repairs", board, b -> b.health().kernel().auditRepairs())
                .description("Virtual addresses the audit found missing from the kernel and put back").register(registry);
        FunctionCounter.builder("vrrpd.log.lines.dropped", board, b -> AccountingAsyncAppender.dropped(true))
                .description("Log lines dropped because the log could not keep up (each drop is reported in the log)")
                .tag("level", "warn").register(registry);
        FunctionCounter.builder("vrrpd.log.lines.dropped", board, b -> AccountingAsyncAppender.dropped(false))
                .description("Log lines dropped because the log could not keep up (each drop is reported in the log)")
                .tag("level", "info").register(registry);
        if (loop != null) {
            FunctionCounter.builder("vrrpd.event.loop.task.failures", loop, EventLoop::taskFailures)
                    .description("Event-loop tasks that threw (the loop kept running)").register(registry);
            Gauge.builder("vrrpd.event.loop.queued.tasks", loop, EventLoop::queued)
                    .description("Tasks posted to the event loop and not started yet").register(registry);
        }
    }

    /**
     * Adds the JVM's own metrics: GC pauses ({@code jvm_gc_pause_seconds}: a pause longer than the
     * master-down interval is a false failover), memory, threads, CPU, uptime and start time.
     */
    public VrrpdMetrics bindJvmMetrics() {
        new JvmGcMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return this;
    }

    /** The registry, for tests and for binding JVM metrics. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Loop thread: one reported-state change. One map look-up and one LongAdder increment. */
    @Override
    public void transitioned(Instance instance, ReportedState from, ReportedState to, String reason) {
        track(instance.name(), instance.counters());
        countTransition(instance.name(), to, reason);
    }

    /** Makes {@code name}'s live counters visible to scrapes (the listener does it on each transition). */
    public void track(String name, InstanceCounters c) {
        if (counters.get(name) != c) {
            counters.put(name, c);
        }
    }

    /** Counts one transition of {@code name} to {@code to} for {@code reason} (free text; labelled by {@link TransitionReasons}). */
    public void countTransition(String name, ReportedState to, String reason) {
        transitions.computeIfAbsent(name, n -> new ConcurrentHashMap<>())
                .computeIfAbsent(new TransitionKey(to.name(), TransitionReasons.label(to, reason)), k -> new LongAdder())
                .increment();
    }

    /** Hook threads: one run of a hook. The timer is built once per (hook, result). */
    @Override
    public void hookRun(String hook, String result, Duration duration) {
        hookTimers.computeIfAbsent(hook + '\0' + result, k -> Timer.builder("vrrpd.hook.duration")
                .description("Hook run time by hook and result").tags("hook", hook, "result", result)
                .register(registry)).record(duration);
    }

    /** Loop thread: one egress verification. The timer is built and registered once per (instance, result). */
    @Override
    public void egressVerification(String instance, boolean verified, Duration latency) {
        String result = verified ? "verified" : "failed";
        verificationTimers.computeIfAbsent(instance + '\0' + result, k -> Timer.builder("vrrpd.egress.verification")
                .description("Egress verification latency").tags("instance", instance, "result", result)
                .serviceLevelObjectives(VERIFY_BUCKETS).register(registry)).record(latency);
    }

    /** The Prometheus text exposition: syncs meters with the board, then renders. Any thread but the loop's. */
    public synchronized String scrape() {
        sync(board.snapshot());
        return registry.scrape();
    }

    private void sync(DaemonStatus status) {
        Set<Labels> present = new HashSet<>();
        for (InstanceStatus s : status.instances()) {
            Labels labels = Labels.of(s);
            present.add(labels);
            Registered r = instanceMeters.computeIfAbsent(labels, this::registerInstance);
            InstanceCounters c = counters.get(s.name());
            if (c != null) {
                for (String reason : c.rejectedByReason().keySet()) {
                    if (r.rejectReasons.add(reason)) {
                        r.meters.add(FunctionCounter.builder("vrrpd.packets.rejected", this,
                                        m -> m.rejected(labels.name(), reason))
                                .description("Received packets dropped, by RFC 6527 counter name")
                                .tags(labels.tags()).tag("reason", reason).register(registry));
                    }
                }
                for (String key : c.unicastSendFailures().keySet()) {
                    if (r.unicastFailures.add(key)) {
                        int split = key.indexOf(": ");   // "PEER: REASON"; an IPv6 peer has colons but no ": "
                        r.meters.add(FunctionCounter.builder("vrrpd.unicast.send.failures", this,
                                        m -> m.unicastSendFailures(labels.name(), key))
                                .description("Unicast adverts the kernel refused to send, by peer and errno text")
                                .tags(labels.tags()).tag("peer", key.substring(0, split))
                                .tag("reason", key.substring(split + 2)).register(registry));
                    }
                }
            }
            for (TransitionKey key : transitions.getOrDefault(s.name(), Map.of()).keySet()) {
                if (r.transitionKeys.add(key)) {
                    r.meters.add(FunctionCounter.builder("vrrpd.transitions", this,
                                    m -> m.transitionCount(labels.name(), key))
                            .description("Reported-state transitions by state reached and reason")
                            .tags(labels.tags()).tag("to", key.to()).tag("reason", key.reason()).register(registry));
                }
            }
            for (TrackerStatus t : s.trackers()) {
                if (r.trackers.add(t.kind() + ' ' + t.target())) {
                    r.meters.addAll(TrackerGauges.register(registry, board, labels.name(), labels.tags(), t));
                }
            }
        }
        for (Labels gone : new ArrayList<>(instanceMeters.keySet())) {
            if (!present.contains(gone)) {
                instanceMeters.remove(gone).meters.forEach(registry::remove);
            }
        }
        // The per-name LongAdders stay: the loop may have counted for an instance this snapshot
        // does not show yet, and a name re-added by a reload keeps counting where it was.

        Set<String> interfaces = new HashSet<>();
        for (Health.Receive r : status.health().interfaces()) {
            interfaces.add(r.name());
            interfaceMeters.computeIfAbsent(r.name(), this::registerInterface);
        }
        for (String gone : new ArrayList<>(interfaceMeters.keySet())) {
            if (!interfaces.contains(gone)) {
                interfaceMeters.remove(gone).forEach(registry::remove);
            }
        }

        Set<String> groups = new HashSet<>();
        for (SyncGroupStatus g : status.syncGroups()) {
            groups.add(g.name());
            groupMeters.computeIfAbsent(g.name(), this::registerGroup);
        }
        for (String gone : new ArrayList<>(groupMeters.keySet())) {
            if (!groups.contains(gone)) {
                groupMeters.remove(gone).forEach(registry::remove);
            }
        }
    }

    private Registered registerInstance(Labels labels) {
        Registered r = new Registered();
        Tags tags = labels.tags();
        String name = labels.name();
        for (ReportedState state : ReportedState.values()) {
            r.meters.add(Gauge.builder("vrrpd.instance.state", board, b -> is(b.instance(name), state.name(), true))
                    .description("Reported state: 1 for the current one").tags(tags).tag("state", state.name())
                    .strongReference(true).register(registry));
        }
        for (ProtocolState state : ProtocolState.values()) {
            r.meters.add(Gauge.builder("vrrpd.instance.protocol.state", board, b -> is(b.instance(name), state.name(), false))
                    .description("RFC 9568 protocol state: 1 for the current one").tags(tags).tag("state", state.name())
                    .strongReference(true).register(registry));
        }
        r.meters.add(Gauge.builder("vrrpd.instance.priority", board, b -> field(b.instance(name), InstanceStatus::priority))
                .description("Configured priority").tags(tags).strongReference(true).register(registry));
        r.meters.add(Gauge.builder("vrrpd.instance.effective.priority", board,
                        b -> field(b.instance(name), InstanceStatus::effectivePriority))
                .description("Priority advertised now (lowered while egress fails or drained)").tags(tags)
                .strongReference(true).register(registry));
        r.meters.add(Gauge.builder("vrrpd.egress.verified", board, b -> {
            InstanceStatus s = b.instance(name);
            return s == null || s.egress() == null ? Double.NaN : s.egress().verified() ? 1 : 0;
        }).description("Whether the last egress verification succeeded").tags(tags).strongReference(true).register(registry));
        r.meters.add(counter("vrrpd.adverts.sent", "Adverts sent", tags, name, InstanceCounters::advertsSent));
        r.meters.add(counter("vrrpd.adverts.received", "Adverts received that passed validation", tags, name,
                InstanceCounters::advertsReceived));
        r.meters.add(counter("vrrpd.priority.zero.sent", "Adverts sent with priority 0 (mastership released)", tags,
                name, InstanceCounters::priorityZeroSent));
        r.meters.add(counter("vrrpd.priority.zero.received", "Adverts received with priority 0", tags, name,
                InstanceCounters::priorityZeroReceived));
        r.meters.add(counter("vrrpd.vips.restored", "Virtual addresses re-added after someone else deleted them",
                tags, name, InstanceCounters::vipsRestored));
        r.meters.add(FunctionCounter.builder("vrrpd.peer.mismatches", this,
                        m -> m.live(name, InstanceCounters::intervalMismatches))
                .description("Adverts from a peer that disagrees with our configuration").tags(tags)
                .tag("kind", "interval").register(registry));
        r.meters.add(FunctionCounter.builder("vrrpd.peer.mismatches", this,
                        m -> m.live(name, InstanceCounters::addressListMismatches))
                .description("Adverts from a peer that disagrees with our configuration").tags(tags)
                .tag("kind", "address-list").register(registry));
        r.meters.add(FunctionCounter.builder("vrrpd.master.down.expiries", this,
                        m -> m.transitionsWithReason(name, TransitionReasons.MASTER_DOWN))
                .description("Takeovers because no advert came within the master-down interval").tags(tags)
                .register(registry));
        r.meters.add(counter("vrrpd.routes.restored", "Routes re-added after someone else deleted them", tags, name,
                InstanceCounters::routesRestored));
        r.meters.add(counter("vrrpd.instance.task.failures", "Event-loop tasks of this instance that threw (each puts it"
                + " in FAULT until a reload)", tags, name, InstanceCounters::taskFailures));
        r.meters.add(counter("vrrpd.adverts.send.failures", "Multicast adverts the packet channel refused to send", tags,
                name, InstanceCounters::sendFailures));
        r.meters.add(counter("vrrpd.adverts.coalesced", "Accepted adverts replaced by a newer one before the event loop"
                + " processed them", tags, name, InstanceCounters::advertsCoalesced));
        r.meters.add(counter("vrrpd.owner.conflicts", "Adverts for our VRID while we own its addresses (priority 255;"
                + " RFC 9568 erratum 8298)", tags, name, InstanceCounters::ownerConflicts));
        r.meters.add(counter("vrrpd.multiple.owners", "Priority-255 adverts from a second router claiming the addresses"
                + " (RFC 9568 section 8.3.2)", tags, name, InstanceCounters::multipleOwners));
        return r;
    }

    private List<Meter> registerInterface(String name) {
        return List.of(
                Gauge.builder("vrrpd.interface.receiving", board, b -> receive(b, name, r -> r.receiving() ? 1 : 0))
                        .description("Whether adverts are read on the interface (1) or its receive failed (0)")
                        .tags("interface", name).strongReference(true).register(registry),
                FunctionCounter.builder("vrrpd.interface.receive.failures", board, b -> receive(b, name, r -> r.failures()))
                        .description("Packet receive failures on the interface; each reopened its packet I/O")
                        .tags("interface", name).register(registry));
    }

    private static double receive(StatusBoard b, String name, ToDoubleFunction<Health.Receive> f) {
        for (Health.Receive r : b.health().interfaces()) {
            if (r.name().equals(name)) {
                return f.applyAsDouble(r);
            }
        }
        return Double.NaN;
    }

    private List<Meter> registerGroup(String group) {
        List<Meter> meters = new ArrayList<>();
        for (ReportedState state : ReportedState.values()) {
            meters.add(Gauge.builder("vrrpd.sync.group.state", board, b -> groupIs(b, group, state.name()))
                    .description("Sync-group state (MASTER only when every member is): 1 for the current one")
                    .tags("group", group, "state", state.name()).strongReference(true).register(registry));
        }
        return meters;
    }

    private FunctionCounter counter(String meter, String description, Tags tags, String name,
                                    ToLongFunction<InstanceCounters> f) {
        return FunctionCounter.builder(meter, this, m -> m.live(name, f)).description(description).tags(tags)
                .register(registry);
    }

    private double live(String name, ToLongFunction<InstanceCounters> f) {
        InstanceCounters c = counters.get(name);
        return c == null ? 0 : f.applyAsLong(c);
    }

    private double rejected(String name, String reason) {
        InstanceCounters c = counters.get(name);
        Long v = c == null ? null : c.rejectedByReason().get(reason);
        return v == null ? 0 : v;
    }

    private double unicastSendFailures(String name, String key) {
        InstanceCounters c = counters.get(name);
        Long v = c == null ? null : c.unicastSendFailures().get(key);
        return v == null ? 0 : v;
    }

    private double transitionCount(String name, TransitionKey key) {
        LongAdder a = transitions.getOrDefault(name, Map.of()).get(key);
        return a == null ? 0 : a.sum();
    }

    private double transitionsWithReason(String name, String reason) {
        long sum = 0;
        for (Map.Entry<TransitionKey, LongAdder> e : transitions.getOrDefault(name, Map.of()).entrySet()) {
            if (e.getKey().reason().equals(reason)) {
                sum += e.getValue().sum();
            }
        }
        return sum;
    }

    private static double is(InstanceStatus s, String state, boolean reported) {
        if (s == null) {
            return Double.NaN;
        }
        return state.equals(reported ? s.state() : s.protocolState()) ? 1 : 0;
    }

    private static double field(InstanceStatus s, java.util.function.ToIntFunction<InstanceStatus> f) {
        return s == null ? Double.NaN : f.applyAsInt(s);
    }

    private static double groupIs(StatusBoard b, String group, String state) {
        for (SyncGroupStatus g : b.snapshot().syncGroups()) {
            if (g.name().equals(group)) {
                return state.equals(g.state()) ? 1 : 0;
            }
        }
        return Double.NaN;
    }
}
