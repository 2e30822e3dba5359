package io.vrrpd.tests.egress;

import io.vrrpd.hooks.kernel.NamespaceLab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code chrt -f 50 ip -n NS -ts monitor route}: every route change in a namespace with the time {@code ip}
 * received it from the kernel (microseconds, local time as {@code ip} prints it), so a test can
 * say when a default route appeared or vanished relative to the daemon's own timestamps.
 *
 * <p>{@link #start} returns once the monitor demonstrably listens: it adds and deletes a
 * blackhole route for 203.0.113.250/32 in table 250 (no traffic, no default route, nothing a
 * default-gateway hook cares about) and waits to see it.
 */
public final class RouteMonitor implements AutoCloseable {
    private static final Pattern LINE = Pattern.compile("^\\[(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+)] (.*)$");

    /** One route message; {@code deleted} for RTM_DELROUTE. */
    public record Event(Instant at, boolean deleted, String route) {
        /** A default route via {@code gateway} tagged with vrrpd's protocol 200. */
        public boolean isVrrpdDefaultVia(String gateway) {
            return route.startsWith("default via " + gateway + " ") && route.contains(" proto 200");
        }

        @Override
        public String toString() {
            return at + (deleted ? " DEL " : " ADD ") + route;
        }
    }

    private final String ns;
    private final Process process;
    private final List<Event> events = new CopyOnWriteArrayList<>();

    private RouteMonitor(String ns, Process process) {
        this.ns = ns;
        this.process = process;
        Thread t = new Thread(this::read, "route-monitor-" + ns);
        t.setDaemon(true);
        t.start();
    }

    public static RouteMonitor start(String ns) {
        Process p;
        try {
            // SCHED_FIFO, so ip reads (and timestamps) each message as soon as the kernel sends it,
            // not when the busy JVMs on the 2 shared cores leave it a slot.
            p = new ProcessBuilder("chrt", "-f", "50", "ip", "-n", ns, "-ts", "monitor", "route")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run ip monitor in " + ns, e);
        }
        RouteMonitor m = new RouteMonitor(ns, p);
        try {
            NamespaceLab.run("ip", "-n", ns, "route", "add", "blackhole", "203.0.113.250/32", "table", "250");
            NamespaceLab.run("ip", "-n", ns, "route", "del", "blackhole", "203.0.113.250/32", "table", "250");
            org.awaitility.Awaitility.await("ip monitor in " + ns + " listening").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> m.events.stream().anyMatch(e -> e.deleted() && e.route().contains("203.0.113.250")));
        } catch (RuntimeException | Error e) {
            m.close();
            throw e;
        }
        return m;
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                Matcher m = LINE.matcher(line.strip());
                if (!m.matches()) {
                    continue;
                }
                Instant at = LocalDateTime.parse(m.group(1)).atZone(ZoneId.systemDefault()).toInstant();
                String rest = m.group(2);
                boolean deleted = rest.startsWith("Deleted ");
                events.add(new Event(at, deleted, deleted ? rest.substring("Deleted ".length()) : rest));
            }
        } catch (IOException ignored) {
            // stopped
        }
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    /** The first event matching {@code p} at or after {@code since}, or null. */
    public Event first(Instant since, Predicate<Event> p) {
        return events.stream().filter(e -> !e.at().isBefore(since) && p.test(e)).findFirst().orElse(null);
    }

    /** Waits (bounded) for an event matching {@code p} at or after {@code since} and returns it. */
    public Event await(String what, Instant since, Predicate<Event> p, Duration bound) {
        try {
            org.awaitility.Awaitility.await(ns + ": " + what).atMost(bound).pollInterval(Duration.ofMillis(10))
                    .until(() -> first(since, p) != null);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; route events " + events, e);
        }
        return first(since, p);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
