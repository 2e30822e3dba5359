package io.vrrpd.daemon.track;

import io.vrrpd.daemon.config.InstanceConfig;
import io.vrrpd.daemon.config.TrackerConfig;
import io.vrrpd.daemon.status.TrackerStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * Combines an instance's trackers into its tracked priority, or FAULT. Pure: the same
 * configuration and readings always give the same answer.
 * <ul>
 *   <li>An unweighted tracker (weight 0) that fails, or was not checked yet, puts the instance in
 *       FAULT; for a file tracker, any integer but 0 does (and a file that holds none).</li>
 *   <li>A negative weight is added while the tracker fails, a positive one while it succeeds
 *       (keepalived's rule); a file tracker adds its integer times its weight.</li>
 *   <li>The sum is added to the configured priority and kept within 1..254: a tracker can neither
 *       make a backup the address owner nor send priority 0. The owner (255) keeps 255 whatever
 *       the weights say; only an unweighted tracker moves it, to FAULT.</li>
 * </ul>
 */
public final class TrackedPriority {
    public static final int MIN = 1;
    public static final int MAX = 254;

    private TrackedPriority() {
    }

    /**
     * @param fault  why the instance is in FAULT (the first failing unweighted tracker), or null
     * @param rows   each tracker's state and contribution, in configuration order
     */
    public record Result(int priority, String fault, List<TrackerStatus> rows) {
        public Result {
            rows = List.copyOf(rows);
        }
    }

    /** {@code readings} in the order of {@code trackers}. */
    public static Result combine(int configured, List<TrackerConfig> trackers, List<TrackerReading> readings) {
        if (trackers.size() != readings.size()) {
            throw new IllegalArgumentException(trackers.size() + " trackers, " + readings.size() + " readings");
        }
        boolean owner = configured == InstanceConfig.OWNER_PRIORITY;
        long sum = 0;
        String fault = null;
        List<TrackerStatus> rows = new ArrayList<>(trackers.size());
        for (int i = 0; i < trackers.size(); i++) {
            TrackerConfig t = trackers.get(i);
            TrackerReading r = readings.get(i);
            boolean failing = failing(t, r);
            long contribution = 0;
            boolean faults = false;
            if (t.faults()) {
                faults = failing;
                if (failing && fault == null) {
                    fault = "tracked " + t.describe() + " is failing: " + r.detail();
                }
            } else if (!owner) {
                contribution = contribution(t, r);
            }
            sum += contribution;
            rows.add(new TrackerStatus(kind(t), target(t), t.weight(), state(r, failing),
                    t instanceof TrackerConfig.File ? r.value() : null, (int) Math.max(-1000, Math.min(1000, contribution)),
                    faults, r.detail()));
        }
        int priority = owner ? configured : (int) Math.max(MIN, Math.min(MAX, configured + sum));
        return new Result(priority, fault, rows);
    }

    private static boolean failing(TrackerConfig t, TrackerReading r) {
        if (r.health() != TrackerReading.Health.OK) {
            return true;
        }
        return t instanceof TrackerConfig.File && t.faults() && r.value() != 0;
    }

    private static long contribution(TrackerConfig t, TrackerReading r) {
        if (t instanceof TrackerConfig.File) {
            return r.succeeding() ? r.value() * t.weight() : 0;
        }
        boolean ok = r.succeeding();
        return t.weight() > 0 ? (ok ? t.weight() : 0) : (ok ? 0 : t.weight());
    }

    private static String state(TrackerReading r, boolean failing) {
        return r.health() == TrackerReading.Health.UNKNOWN ? "unknown" : failing ? "failing" : "ok";
    }

    static String kind(TrackerConfig t) {
        if (t instanceof TrackerConfig.Interface) {
            return "interface";
        } else if (t instanceof TrackerConfig.File) {
            return "file";
        } else if (t instanceof TrackerConfig.Process) {
            return "process";
        }
        return "exec";
    }

    static String target(TrackerConfig t) {
        if (t instanceof TrackerConfig.Interface i) {
            return i.name();
        } else if (t instanceof TrackerConfig.File f) {
            return f.path().toString();
        } else if (t instanceof TrackerConfig.Process p) {
            return p.name();
        }
        return ((TrackerConfig.Exec) t).exec().command().get(0);
    }
}
