package io.vrrpd.daemon.track;

import io.vrrpd.daemon.config.InstanceConfig;
import io.vrrpd.daemon.config.TrackerConfig;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.hooks.builtin.ExecCheck;
import io.vrrpd.hooks.kernel.Link;
import io.vrrpd.hooks.kernel.TrustedPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Every instance's trackers at run time. Interface trackers are judged on the loop from the links
 * the runtime reads anyway ({@link #links}); file and process trackers are polled every
 * {@link #POLL}, exec trackers run every {@code interval}, all on this class's own threads, and
 * their readings are posted to the loop. The loop alone owns the readings; the runtime asks
 * {@link #result} for the priority and FAULT they make ({@link TrackedPriority}).
 */
public final class Trackers implements AutoCloseable {
    /** How often file and process trackers are read. */
    public static final Duration POLL = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(Trackers.class);
    private static final Path PROC = Path.of("/proc");

    private final EventLoop loop;
    /** Loop thread: (instance, whether its FAULT verdict changed) after a reading changed. */
    private final BiConsumer<String, Boolean> changed;
    private final ScheduledExecutorService probes;
    private final Map<String, Tracked> byInstance = new HashMap<>();
    private final boolean root;

    /** The trackers of one instance as configured, with their readings (loop thread). */
    private static final class Tracked {
        final InstanceConfig config;
        final TrackerReading[] readings;
        final List<ScheduledFuture<?>> runs = new ArrayList<>();
        TrackedPriority.Result result;

        Tracked(InstanceConfig config) {
            this.config = config;
            this.readings = new TrackerReading[config.trackers().size()];
            Arrays.fill(readings, TrackerReading.UNKNOWN);
            recompute();
        }

        void recompute() {
            result = TrackedPriority.combine(config.priority(), config.trackers(), Arrays.asList(readings));
        }
    }

    public Trackers(EventLoop loop, BiConsumer<String, Boolean> changed) {
        this.loop = loop;
        this.changed = changed;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "vrrpd-trackers");
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.probes = pool;
        boolean asRoot;
        try {
            asRoot = TrustedPath.effectiveUid() == 0;
        } catch (IOException e) {
            asRoot = true;   // the stricter launch: the bounding set emptied too
        }
        this.root = asRoot;
    }

    /**
     * Loop thread: the instances now configured. One whose trackers and priority did not change
     * keeps its readings (a reload does not flap its priority); the others start afresh.
     */
    public void configure(Collection<InstanceConfig> instances) {
        Map<String, InstanceConfig> wanted = new HashMap<>();
        instances.forEach(c -> wanted.put(c.name(), c));
        for (String name : new ArrayList<>(byInstance.keySet())) {
            Tracked t = byInstance.get(name);
            InstanceConfig now = wanted.get(name);
            if (now == null || !now.trackers().equals(t.config.trackers()) || now.priority() != t.config.priority()) {
                t.runs.forEach(f -> f.cancel(true));
                byInstance.remove(name);
            }
        }
        for (InstanceConfig c : instances) {
            if (!c.trackers().isEmpty() && !byInstance.containsKey(c.name())) {
                Tracked t = new Tracked(c);
                byInstance.put(c.name(), t);
                schedule(t);
            }
        }
    }

    private void schedule(Tracked t) {
        List<TrackerConfig> list = t.config.trackers();
        for (int i = 0; i < list.size(); i++) {
            int index = i;
            TrackerConfig tc = list.get(i);
            if (tc instanceof TrackerConfig.File f) {
                t.runs.add(probes.scheduleWithFixedDelay(() -> post(t, index, Probes.file(f.path())), 0,
                        POLL.toMillis(), TimeUnit.MILLISECONDS));
            } else if (tc instanceof TrackerConfig.Process p) {
                t.runs.add(probes.scheduleWithFixedDelay(() -> post(t, index, Probes.process(PROC, p.name())), 0,
                        POLL.toMillis(), TimeUnit.MILLISECONDS));
            } else if (tc instanceof TrackerConfig.Exec e) {
                ExecCheck check = new ExecCheck(e.exec(), root);
                RiseFall verdict = new RiseFall(e.rise(), e.fall());
                t.runs.add(probes.scheduleWithFixedDelay(() -> {
                    ExecCheck.Outcome o = check.run();
                    TrackerReading.Health h = verdict.next(o.succeeded());
                    String detail = o.detail() + (verdict.streak() == 0 ? ""
                            : " (" + verdict.streak() + " of " + (o.succeeded() ? e.rise() : e.fall()) + " to turn)");
                    post(t, index, new TrackerReading(h, 0, detail));
                }, 0, e.interval().toMillis(), TimeUnit.MILLISECONDS));
            }
        }
    }

    /** Any thread: hands a reading to the loop; one of trackers replaced since is dropped there. */
    private void post(Tracked t, int index, TrackerReading reading) {
        loop.post(() -> {
            if (byInstance.get(t.config.name()) == t) {
                update(t, index, reading, true);
            }
        });
    }

    /** Loop thread: whether the reading changed what the instance advertises or whether it is in FAULT. */
    private boolean update(Tracked t, int index, TrackerReading reading, boolean notify) {
        if (reading.equals(t.readings[index])) {
            return false;
        }
        TrackerReading was = t.readings[index];
        t.readings[index] = reading;
        TrackedPriority.Result before = t.result;
        t.recompute();
        if (was.health() != reading.health()) {
            LOG.info("{}: tracked {} is {} ({})", t.config.name(), t.config.trackers().get(index).describe(),
                    t.result.rows().get(index).state(), reading.detail());
        }
        boolean faultChanged = (before.fault() == null) != (t.result.fault() == null);
        if (notify) {
            changed.accept(t.config.name(), faultChanged);
        }
        return true;
    }

    /**
     * Loop thread: judges the interface trackers from {@code links}; true when any reading changed
     * (the runtime recomputes priorities and reads {@link #result} for FAULT after this).
     */
    public boolean links(List<Link> links) {
        boolean any = false;
        for (Tracked t : byInstance.values()) {
            List<TrackerConfig> list = t.config.trackers();
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof TrackerConfig.Interface tracked) {
                    any |= update(t, i, linkReading(tracked.name(), links), false);
                }
            }
        }
        return any;
    }

    private static TrackerReading linkReading(String name, List<Link> links) {
        for (Link l : links) {
            if (l.name().equals(name)) {
                return l.usable() ? TrackerReading.ok(name + " is up") : TrackerReading.failing(name + " is down");
            }
        }
        return TrackerReading.failing(name + " does not exist");
    }

    /** Loop thread: the instance's tracked priority and FAULT; null when it tracks nothing. */
    public TrackedPriority.Result result(String instance) {
        Tracked t = byInstance.get(instance);
        return t == null ? null : t.result;
    }

    /** Loop thread: why its trackers hold the instance in FAULT, or null. */
    public String fault(String instance) {
        TrackedPriority.Result r = result(instance);
        return r == null ? null : r.fault();
    }

    @Override
    public void close() {
        probes.shutdownNow();
    }
}
