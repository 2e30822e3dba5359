package io.vrrpd.tests.egress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vrrpd.daemon.control.ControlClient;
import io.vrrpd.tests.lab.LabFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * vrrpd running in one namespace of the lab, as the egress tests drive it: started as
 * {@code ip netns exec NS java -cp <this JVM's class path> io.vrrpd.daemon.Vrrpd --config FILE
 * --socket PATH} (no shaded jar needed inside Maven), with its output in {@link #logFile()}.
 *
 * <p>Status is read in-process over the control socket ({@link ControlClient}, the code
 * {@code vrrpctl} uses) so polling is cheap; {@link #vrrpctlStatus()} runs the real
 * {@code vrrpctl status --json} for the cases that want the CLI itself. As soon as the socket
 * answers, a {@code watch} subscription records every reported-state transition the daemon
 * publishes, with the daemon's own timestamp ({@link #transitions()}); every status read adds
 * its {@code last-transition} too, so a transition made before the subscription is not lost.
 *
 * <p>{@code ip netns exec} execs, so the process the test started is the daemon's JVM: only
 * that PID is ever signalled.
 */
public final class EgressLabDaemon implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_BOUND = Duration.ofSeconds(20);

    private final String ns;
    private final Path dir;
    private final Path config;
    private final Path socket;
    private final Path log;
    private final Process process;
    private final List<Transition> transitions = new ArrayList<>();
    private volatile Thread watcher;

    /** One reported-state transition from the watch stream; {@code at} is the daemon's clock. */
    public record Transition(String instance, String family, Instant at, String from, String to, String reason) {
        @Override
        public String toString() {
            return at + " " + instance + " " + from + "->" + to + " (" + reason + ")";
        }
    }

    private EgressLabDaemon(String ns, Path dir, Path config, Path socket, Path log, Process process) {
        this.ns = ns;
        this.dir = dir;
        this.config = config;
        this.socket = socket;
        this.log = log;
        this.process = process;
    }

    /** A fresh directory under {@code target/lab/} (kept for diagnosis), as the lab kit makes them. */
    static Path newDir(String prefix) {
        return LabFiles.newDir(prefix);
    }

    /** The java command line that runs {@code mainClass} with this JVM's class path. */
    static List<String> java(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Djna.tmpdir=/tmp/vrrpd-jna");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Writes {@code yaml} and starts the daemon in {@code ns}; returns once every instance is in status. */
    public static EgressLabDaemon start(String ns, String yaml) {
        io.vrrpd.tests.lab.LabFiles.assumeLibpcap();
        Path dir = newDir("vrrpd-" + ns + "-");
        Path config = dir.resolve("vrrpd.yaml");
        Path socket = dir.resolve("vrrpd.sock");
        Path log = dir.resolve("vrrpd.log");
        try {
            Files.writeString(config, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(java("io.vrrpd.daemon.Vrrpd", "--config", config.toString(), "--socket", socket.toString()));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start vrrpd in " + ns, e);
        }
        EgressLabDaemon d = new EgressLabDaemon(ns, dir, config, socket, log, p);
        try {
            int expected = (int) yaml.lines().filter(l -> l.matches("^    family: .*")).count();
            await("vrrpd in " + ns + " answering with " + expected + " instances").atMost(START_BOUND)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new IllegalStateException("vrrpd in " + ns + " exited " + p.exitValue() + ": " + d.logText());
                        }
                        if (!ControlClient.answers(socket)) {
                            return false;
                        }
                        if (d.watcher == null) {
                            d.startWatch();
                        }
                        return d.status().path("instances").size() == expected;
                    });
        } catch (RuntimeException | Error e) {
            d.close();
            throw e;
        }
        return d;
    }

    private void startWatch() {
        Thread t = new Thread(() -> {
            try {
                ControlClient.stream(socket, "watch", line -> {
                    JsonNode e = line.path("result");
                    JsonNode tr = e.path("transition");
                    record(e.path("instance").asText(), e.path("family").asText(), tr);
                });
            } catch (IOException ignored) {
                // the daemon went away
            }
        }, "watch-" + ns);
        t.setDaemon(true);
        t.start();
        watcher = t;
    }

    private static final java.util.regex.Pattern LOGGED = java.util.regex.Pattern.compile(
            "^(\\S+) INFO\\s+\\[vrrpd-loop] Instance: (\\S+) \\((\\S+) vrid \\d+ on \\S+\\): (\\S+) -> (\\S+) \\((.*)\\)$");

    /**
     * Records a transition once. The watch stream and every status read report them with the
     * daemon's nanosecond timestamp; the daemon's log has every one too, to the millisecond, and
     * fills in what both missed (a freshly started daemon may make a short-lived transition
     * before it serves the watch subscription and between two status reads).
     */
    private void record(String instance, String family, JsonNode tr) {
        if (tr == null || tr.isMissingNode() || tr.isNull() || !tr.hasNonNull("at")) {
            return;
        }
        record(new Transition(instance, family, Instant.parse(tr.path("at").asText()), tr.path("from").asText(),
                tr.path("to").asText(), tr.path("reason").asText()), false);
    }

    private void record(Transition t, boolean fromLog) {
        synchronized (transitions) {
            for (int n = 0; n < transitions.size(); n++) {
                Transition o = transitions.get(n);
                if (o.instance().equals(t.instance()) && o.from().equals(t.from()) && o.to().equals(t.to())
                        && Math.abs(Duration.between(o.at(), t.at()).toMillis()) <= 2) {
                    if (!fromLog && loggedOnly.remove(o)) {
                        transitions.set(n, t); // the precise timestamp wins
                    }
                    return;
                }
            }
            transitions.add(t);
            if (fromLog) {
                loggedOnly.add(t);
            }
            transitions.sort(java.util.Comparator.comparing(Transition::at));
        }
    }

    private final java.util.Set<Transition> loggedOnly = new java.util.HashSet<>();

    /** Adds the transitions in the daemon's log that neither the watch stream nor a status read saw. */
    private void readLog() {
        for (String line : logText().split("\n")) {
            java.util.regex.Matcher m = LOGGED.matcher(line);
            if (m.matches()) {
                record(new Transition(m.group(2), m.group(3), Instant.parse(m.group(1)), m.group(4), m.group(5),
                        m.group(6)), true);
            }
        }
    }

    /**
     * Every {@code ACTIVATING -> MASTER} of {@code instance} in the daemon's log that was not
     * preceded, since that instance's last {@code -> ACTIVATING}, by the supervisor's
     * {@code egress verified in N ms} line of the taking-over hook run: a MASTER reported on
     * anything but the verdict of every hook's takeover run (e.g. an overlapping re-verification).
     */
    public List<String> mastersWithoutTakeoverVerdict(String instance) {
        List<String> bad = new ArrayList<>();
        boolean verified = false;
        String prefix = "Instance: " + instance + " (";
        for (String line : logText().split("\n")) {
            if (line.contains(prefix) && line.contains(" -> ACTIVATING (")) {
                verified = false;
            } else if (line.contains("EgressSupervisor: " + instance + ": egress verified in ")) {
                verified = true;
            } else if (line.contains(prefix) && line.contains("ACTIVATING -> MASTER")) {
                if (!verified) {
                    bad.add(line);
                }
            }
        }
        return bad;
    }

    public String namespace() {
        return ns;
    }

    public Path logFile() {
        return log;
    }

    public Path configFile() {
        return config;
    }

    public Path socket() {
        return socket;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Every transition seen since start (watch stream and status reads), in the daemon's time order. */
    public List<Transition> transitions() {
        readLog();
        synchronized (transitions) {
            return List.copyOf(transitions);
        }
    }

    /** Transitions of one instance. */
    public List<Transition> transitions(String instance) {
        return transitions().stream().filter(t -> t.instance().equals(instance)).toList();
    }

    /** The first transition of {@code instance} into {@code to} at or after {@code since}, or null. */
    public Transition first(String instance, String to, Instant since) {
        return transitions().stream().filter(t -> t.instance().equals(instance) && t.to().equals(to)
                && !t.at().isBefore(since)).findFirst().orElse(null);
    }

    /** {@code status}'s result object, over the control socket. */
    public JsonNode status() {
        try {
            JsonNode answer = ControlClient.call(socket, "status", null);
            if (!answer.path("ok").asBoolean(false)) {
                throw new IllegalStateException("status failed: " + answer);
            }
            JsonNode result = answer.path("result");
            for (JsonNode i : result.path("instances")) {
                record(i.path("name").asText(), i.path("family").asText(), i.path("last-transition"));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("status of vrrpd in " + ns + ": " + e.getMessage(), e);
        }
    }

    /** One instance's status object. */
    public JsonNode instance(String name) {
        for (JsonNode i : status().path("instances")) {
            if (i.path("name").asText().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("no instance " + name + " in " + status());
    }

    /** The reported state of {@code name}. */
    public String state(String name) {
        return instance(name).path("state").asText();
    }

    /** The state of sync group {@code name}. */
    public String groupState(String name) {
        for (JsonNode g : status().path("sync-groups")) {
            if (g.path("name").asText().equals(name)) {
                return g.path("state").asText();
            }
        }
        throw new IllegalStateException("no sync group " + name + " in " + status());
    }

    /** Waits until {@code name} reports {@code state}, bounded; the failure names the transitions and the log. */
    public void awaitState(String name, String state, Duration bound) {
        awaitInstance(name, state, i -> i.path("state").asText().equals(state), bound);
    }

    /** Waits until {@code name}'s status satisfies {@code condition}, bounded. */
    public void awaitInstance(String name, String what, Predicate<JsonNode> condition, Duration bound) {
        try {
            await(ns + " " + name + " " + what).atMost(bound).pollInterval(Duration.ofMillis(20))
                    .until(() -> condition.test(instance(name)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; status " + instance(name) + "; transitions " + transitions()
                    + "; log " + log, e);
        }
    }

    /** Runs the real {@code vrrpctl drain --all}: priority 0, hand over, stay out of the election (INIT). */
    public void drainAll() {
        vrrpctl("drain", "--all");
    }

    /** Runs the real {@code vrrpctl undrain}: take part in the election again. */
    public void undrainAll() {
        vrrpctl("undrain");
    }

    /** Runs the real {@code vrrpctl --socket S status --json} and parses its output. */
    public JsonNode vrrpctlStatus() {
        try {
            return JSON.readTree(vrrpctl("status", "--json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code vrrpctl --socket S ARGS} with this JVM's class path; returns stdout, throws on non-zero exit. */
    public String vrrpctl(String... args) {
        List<String> a = new ArrayList<>(List.of("--socket", socket.toString()));
        a.addAll(List.of(args));
        try {
            Path err = dir.resolve("vrrpctl.err");
            Process p = new ProcessBuilder(java("io.vrrpd.daemon.vrrpctl.Vrrpctl", a.toArray(String[]::new)))
                    .redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("vrrpctl " + String.join(" ", args) + " failed (exit "
                        + (p.isAlive() ? "none" : p.exitValue()) + "): " + out + Files.readString(err));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: no priority 0, VIPs and routes left in the kernel, as after a crash. */
    public void crash() {
        process.destroyForcibly();
        waitGone();
    }

    /** SIGTERM and wait (bounded): priority 0, VIPs and installed routes removed. */
    public void gracefulStop() {
        process.destroy();
        waitGone();
    }

    private void waitGone() {
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Thread t = watcher;
        if (t != null) {
            t.interrupt();
        }
    }

    /** The daemon's log so far. */
    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Stops it (SIGTERM, then SIGKILL) if still running; never throws. */
    @Override
    public void close() {
        if (process.isAlive()) {
            gracefulStop();
        }
    }

    @Override
    public String toString() {
        return "vrrpd[" + ns + " pid " + process.pid() + " " + dir + "]";
    }
}
