package io.vrrpd.daemon.systemd;

import io.vrrpd.daemon.instance.Instance;
import io.vrrpd.daemon.instance.TransitionListener;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.status.DaemonStatus;
import io.vrrpd.daemon.status.InstanceStatus;
import io.vrrpd.daemon.status.StatusBoard;
import io.vrrpd.hooks.ReportedState;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;

/**
 * The daemon's side of {@code Type=notify}: {@code READY=1} once the configuration is applied and
 * the instances started, {@code STATUS=} with a one-line summary after transitions (at most one
 * per {@code statusInterval}), {@code RELOADING=1} / {@code READY=1} around a reload,
 * {@code STOPPING=1} on shutdown, and {@code WATCHDOG=1} from the event loop itself every half
 * {@code WatchdogSec}: a stuck loop stops the pings and systemd restarts the daemon.
 *
 * <p>Everything is a no-op without {@code $NOTIFY_SOCKET}.
 */
public final class SystemdNotifier implements TransitionListener, AutoCloseable {
    /** How often STATUS= may change at most. */
    public static final Duration DEFAULT_STATUS_INTERVAL = Duration.ofSeconds(1);
    private static final int MAX_NAMED = 8;

    private final SdNotify sd;
    private final EventLoop loop;
    private final StatusBoard board;
    private final Duration watchdogPeriod;
    private final long statusIntervalNanos;

    // Loop thread only.
    private ScheduledFuture<?> watchdog;
    private ScheduledFuture<?> pendingStatus;
    private long lastStatusNanos;
    private String lastStatus;

    /**
     * @param watchdogPeriod how often to ping (half of {@code WATCHDOG_USEC}); null: no watchdog
     */
    public SystemdNotifier(SdNotify sd, EventLoop loop, StatusBoard board, Duration watchdogPeriod,
                           Duration statusInterval) {
        this.sd = sd;
        this.loop = loop;
        this.board = board;
        this.watchdogPeriod = watchdogPeriod;
        this.statusIntervalNanos = statusInterval.toNanos();
        this.lastStatusNanos = loop.nanoTime() - statusIntervalNanos;
    }

    /** From {@code $NOTIFY_SOCKET}, {@code $WATCHDOG_USEC} and {@code $WATCHDOG_PID} (see sd_watchdog_enabled(3)). */
    public static SystemdNotifier fromEnvironment(EventLoop loop, StatusBoard board) {
        return new SystemdNotifier(SdNotify.fromEnvironment(), loop, board,
                watchdogPeriod(System.getenv(), ProcessHandle.current().pid()), DEFAULT_STATUS_INTERVAL);
    }

    /** Half of {@code WATCHDOG_USEC} when the watchdog is meant for this process, else null. */
    static Duration watchdogPeriod(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (usec == null || usec.isBlank()) {
            return null;
        }
        try {
            if (forPid != null && !forPid.isBlank() && Long.parseLong(forPid.trim()) != pid) {
                return null;
            }
            long micros = Long.parseLong(usec.trim());
            return micros <= 0 ? null : Duration.ofNanos(micros * 1000 / 2);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public boolean enabled() {
        return sd.enabled();
    }

    /** The configuration is applied and the instances started (also after a reload). Any thread. */
    public void ready() {
        if (!sd.enabled()) {
            return;
        }
        loop.post(() -> {
            String status = summary(board.snapshot());
            lastStatus = status;
            lastStatusNanos = loop.nanoTime();
            sd.send("READY=1\nSTATUS=" + status);
            if (watchdogPeriod != null && watchdog == null) {
                watchdog = loop.every(watchdogPeriod.toNanos(), () -> sd.send("WATCHDOG=1"));
            }
        });
    }

    /** A reload starts. Any thread. */
    public void reloading() {
        sd.send("RELOADING=1\nSTATUS=reloading the configuration");
    }

    /** Shutdown starts: systemd stops expecting watchdog pings. Any thread. */
    public void stopping() {
        sd.send("STOPPING=1\nSTATUS=stopping: releasing mastership and removing what vrrpd installed");
    }

    /** Loop thread: a reported state changed; STATUS= follows, rate-limited. */
    @Override
    public void transitioned(Instance instance, ReportedState from, ReportedState to, String reason) {
        statusChanged();
    }

    /** Loop thread: schedules a STATUS= update no sooner than the rate limit allows. */
    public void statusChanged() {
        if (!sd.enabled() || pendingStatus != null) {
            return;
        }
        long due = lastStatusNanos + statusIntervalNanos;
        pendingStatus = loop.at(due, () -> {
            pendingStatus = null;
            lastStatusNanos = loop.nanoTime();
            String status = summary(board.snapshot());
            if (!status.equals(lastStatus)) {
                lastStatus = status;
                sd.send("STATUS=" + status);
            }
        });
    }

    /** "2 instances: gw4 MASTER, gw6 MASTER"; with many instances, counts per state instead. */
    public static String summary(DaemonStatus status) {
        List<InstanceStatus> instances = status.instances();
        StringBuilder b = new StringBuilder();
        b.append(instances.size()).append(instances.size() == 1 ? " instance" : " instances");
        if (instances.isEmpty()) {
            return b.toString();
        }
        b.append(": ");
        if (instances.size() <= MAX_NAMED) {
            for (int i = 0; i < instances.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(instances.get(i).name()).append(' ').append(instances.get(i).state());
            }
        } else {
            Map<String, Integer> byState = new TreeMap<>();
            instances.forEach(s -> byState.merge(s.state(), 1, Integer::sum));
            String sep = "";
            for (Map.Entry<String, Integer> e : byState.entrySet()) {
                b.append(sep).append(e.getValue()).append(' ').append(e.getKey());
                sep = ", ";
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        loop.post(() -> {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            if (pendingStatus != null) {
                pendingStatus.cancel(false);
            }
        });
        sd.close();
    }
}
