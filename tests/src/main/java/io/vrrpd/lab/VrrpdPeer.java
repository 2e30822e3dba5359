package io.vrrpd.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vrrpd.daemon.control.ControlClient;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * vrrpd in one namespace of the lab, the kit's one launcher for it: runs
 * {@code ip netns exec NS COMMAND --config FILE --socket SOCK}, with its own control socket and its
 * output in {@code vrrpd.log} in a per-peer directory under {@link LabFiles#baseDir()}.
 *
 * <p><b>Three ways to give it a config.</b> {@link #start(String, Config, Config...)} writes one
 * from {@link Config}s (so {@link #holdsVip()} knows the VIPs); {@link #start(String, String)}
 * writes the YAML it is given; {@link #start(String, Path, Launch)} runs a config file as it is
 * (the rehearsal harness: the blade's own file, through a link it can re-point for a reload).
 *
 * <p><b>How the daemon is launched.</b> By default with this JVM's own class path (surefire's
 * {@code surefire.test.class.path}, else {@code java.class.path}): inside Maven that holds
 * vrrp-daemon's classes and every dependency, so it works after {@code mvn -pl tests -am test}
 * without the shaded {@code vrrpd.jar}, and in {@code bin/vrrp-rehearse}, whose jar holds them
 * too; tests always run the code of the same build. The JVM is this JVM's {@code java.home}.
 * {@code ip netns exec} execs, so the started process <em>is</em> the daemon's JVM; {@link #start}
 * checks that (its command is {@code java}) before anything is ever signalled. {@link Launch#command}
 * runs another build or binary instead (say {@code /usr/bin/vrrpd}); it must exec the daemon, as
 * {@code bin/vrrpd} does.
 *
 * <p><b>Status.</b> {@link #status()} asks the control socket in-process through
 * {@link ControlClient}, the very call {@code vrrpctl status --json} makes, because tests poll it
 * every 20 ms and the harness every 10 ms, and a JVM per poll would swamp two shared cores.
 * {@link #vrrpctl} runs the real CLI as a process, for the cases that prove the CLI itself. As
 * soon as the socket answers, a {@code watch} subscription records every reported-state
 * transition the daemon publishes, with the daemon's own timestamp ({@link #transitions()}); every
 * status read adds its {@code last-transition} too, and the daemon's log fills in what both missed.
 */
public final class VrrpdPeer implements RouterPeer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_BOUND = Duration.ofSeconds(20);
    private static final Duration STOP_BOUND = Duration.ofSeconds(10);
    private static final String MAIN = "io.vrrpd.daemon.Vrrpd";
    private static final String CTL = "io.vrrpd.daemon.vrrpctl.Vrrpctl";
    /** Small, quick-starting JVMs: the lab runs several on two shared cores. */
    private static final List<String> JVM_FLAGS = List.of("-Xms32m", "-Xmx256m", "-Xss512k", "-XX:+UseZGC",
            "-XX:TieredStopAtLevel=1", "-Xshare:auto");
    private static final Pattern LOGGED = Pattern.compile(
            "^(\\S+) INFO\\s+\\[vrrpd-loop] Instance: (\\S+) \\((\\S+) vrid \\d+ on \\S+\\): (\\S+) -> (\\S+) \\((.*)\\)$");

    private final String ns;
    private final List<Config> configs;
    private final Path dir;
    private final Path configFile;
    private final Path socket;
    private final Process process;
    private final Launch launch;
    private final List<Transition> transitions = new ArrayList<>();
    private final Set<Transition> loggedOnly = new HashSet<>();
    private volatile Thread watcher;
    private java.util.concurrent.ExecutorService statusCaller;
    private java.util.concurrent.Future<JsonNode> pendingStatus;
    private volatile String ifnameOverride;

    /** One reported-state transition (watch stream, status read or log); {@code at} is the daemon's clock. */
    public record Transition(String instance, String family, Instant at, String from, String to, String reason) {
        @Override
        public String toString() {
            return at + " " + instance + " " + from + "->" + to + " (" + reason + ")";
        }
    }

    /**
     * How to launch a config file as it is: {@code command} (null: this build, as described in the
     * class comment), {@code arguments} after {@code --config FILE --socket SOCK} (say
     * {@code --metrics 127.0.0.1:9405}), and how many instances the config has, to wait for
     * (0: only for the control socket to answer).
     */
    public record Launch(List<String> command, List<String> arguments, int instances) {
        public Launch {
            command = command == null ? null : List.copyOf(command);
            arguments = List.copyOf(arguments);
        }

        /** This build, no extra arguments. */
        public static Launch of(int instances) {
            return new Launch(null, List.of(), instances);
        }
    }

    /**
     * One vrrpd instance. {@code ifname} is where the test looks for the VIPs; {@code mac}, when
     * set, binds the instance by MAC ({@code interface: {mac: ...}}) instead of by name.
     * {@code ipv4Checksum} is {@code rfc5798}, {@code rfc9568} or null (the default).
     */
    public record Config(String name, Family family, String ifname, String mac, int vrid, int priority,
                         Duration advertInterval, List<String> vips, Boolean preempt, String ipv4Checksum,
                         List<String> unicastPeers, int version, boolean acceptV2, String password) {
        public Config {
            vips = List.copyOf(vips);
            unicastPeers = List.copyOf(unicastPeers);
        }

        /** A multicast instance (no {@code unicast-peers}). */
        public Config(String name, Family family, String ifname, String mac, int vrid, int priority,
                      Duration advertInterval, List<String> vips, Boolean preempt, String ipv4Checksum) {
            this(name, family, ifname, mac, vrid, priority, advertInterval, vips, preempt, ipv4Checksum, List.of());
        }

        /** A VRRPv3 instance without mixed mode or authentication. */
        public Config(String name, Family family, String ifname, String mac, int vrid, int priority,
                      Duration advertInterval, List<String> vips, Boolean preempt, String ipv4Checksum,
                      List<String> unicastPeers) {
            this(name, family, ifname, mac, vrid, priority, advertInterval, vips, preempt, ipv4Checksum, unicastPeers,
                    3, false, null);
        }

        /** {@code version: 2} (RFC 3768), with {@code authentication: {type: pass, password}} when it is not null. */
        public Config asVrrpv2(String pass) {
            return new Config(name, family, ifname, mac, vrid, priority, advertInterval, vips, preempt, ipv4Checksum,
                    unicastPeers, 2, false, pass);
        }

        /** {@code version: 3} with {@code accept-v2: true} (RFC 9568 mixed mode), the password on its VRRPv2 adverts. */
        public Config asMixed(String pass) {
            return new Config(name, family, ifname, mac, vrid, priority, advertInterval, vips, preempt, ipv4Checksum,
                    unicastPeers, 3, true, pass);
        }

        /** VRRPv3 alone: no mixed mode, no password. */
        public Config asVrrpv3() {
            return new Config(name, family, ifname, mac, vrid, priority, advertInterval, vips, preempt, ipv4Checksum,
                    unicastPeers, 3, false, null);
        }

        /** {@code unicast-peers}: adverts to these addresses instead of the multicast group. */
        public Config withUnicastPeers(String... peers) {
            return new Config(name, family, ifname, mac, vrid, priority, advertInterval, vips, preempt, ipv4Checksum,
                    List.of(peers), version, acceptV2, password);
        }

        /** IPv4 instance on eth0, VIP 192.0.2.1/24, VRID 51, 100 ms (the same as {@link KeepalivedPeer.Config#ipv4}). */
        public static Config ipv4(String name, int priority) {
            return new Config(name, Family.IPV4, BladeLab.LAN_IF, null, 51, priority, Duration.ofMillis(100),
                    List.of(BladeLab.VIP4 + "/24"), null, null);
        }

        /** IPv6 instance on eth0, VIPs fe80::1/64 and 2001:db8:1::1/64, VRID 51, 100 ms. */
        public static Config ipv6(String name, int priority) {
            return new Config(name, Family.IPV6, BladeLab.LAN_IF, null, 51, priority, Duration.ofMillis(100),
                    List.of(BladeLab.VIP6_LINK_LOCAL + "/64", BladeLab.VIP6 + "/64"), null, null);
        }

        public Config withPriority(int p) {
            return new Config(name, family, ifname, mac, vrid, p, advertInterval, vips, preempt, ipv4Checksum, unicastPeers, version, acceptV2, password);
        }

        public Config withPreempt(boolean on) {
            return new Config(name, family, ifname, mac, vrid, priority, advertInterval, vips, on, ipv4Checksum, unicastPeers, version, acceptV2, password);
        }

        /** Binds the instance by MAC instead of by interface name. */
        public Config withMac(String m) {
            return new Config(name, family, ifname, m, vrid, priority, advertInterval, vips, preempt, ipv4Checksum, unicastPeers, version, acceptV2, password);
        }

        public Config withIpv4Checksum(String form) {
            return new Config(name, family, ifname, mac, vrid, priority, advertInterval, vips, preempt, form, unicastPeers, version, acceptV2, password);
        }

        public Config withAdvertInterval(Duration d) {
            return new Config(name, family, ifname, mac, vrid, priority, d, vips, preempt, ipv4Checksum, unicastPeers, version, acceptV2, password);
        }

        /** The addresses without prefix length, as {@code ip addr} shows them. */
        public List<String> vipAddresses() {
            return vips.stream().map(v -> v.contains("/") ? v.substring(0, v.indexOf('/')) : v).toList();
        }

        String render() {
            StringBuilder b = new StringBuilder();
            b.append("  ").append(name).append(":\n");
            b.append("    family: ").append(family == Family.IPV4 ? "ipv4" : "ipv6").append('\n');
            if (mac != null) {
                b.append("    interface: {mac: \"").append(mac).append("\"}\n");
            } else {
                b.append("    interface: ").append(ifname).append('\n');
            }
            b.append("    vrid: ").append(vrid).append('\n');
            b.append("    priority: ").append(priority).append('\n');
            b.append("    advert-interval: ").append(advertInterval.toMillis()).append("ms\n");
            if (version != 3) {
                b.append("    version: ").append(version).append('\n');
            }
            if (acceptV2) {
                b.append("    accept-v2: true\n");
            }
            if (password != null) {
                b.append("    authentication: {type: pass, password: \"").append(password).append("\"}\n");
            }
            if (preempt != null) {
                b.append("    preempt: ").append(preempt).append('\n');
            }
            if (ipv4Checksum != null) {
                b.append("    ipv4-checksum: ").append(ipv4Checksum).append('\n');
            }
            if (!unicastPeers.isEmpty()) {
                b.append("    unicast-peers: [").append(String.join(", ",
                        unicastPeers.stream().map(v -> "\"" + v + "\"").toList())).append("]\n");
            }
            b.append("    virtual-addresses: [");
            b.append(String.join(", ", vips.stream().map(v -> "\"" + v + "\"").toList()));
            b.append("]\n");
            return b.toString();
        }
    }

    private VrrpdPeer(String ns, List<Config> configs, Path dir, Path configFile, Path socket, Process process,
                      Launch launch) {
        this.launch = launch;
        this.ns = ns;
        this.configs = List.copyOf(configs);
        this.dir = dir;
        this.configFile = configFile;
        this.socket = socket;
        this.process = process;
    }

    /** The YAML text for {@code instances}. */
    public static String render(List<Config> instances) {
        StringBuilder b = new StringBuilder("# written by VrrpdPeer\ninstances:\n");
        instances.forEach(c -> b.append(c.render()));
        return b.toString();
    }

    /** The class path the daemon runs with (see the class comment). */
    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        try {
            Class.forName(MAIN, false, VrrpdPeer.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the class path holds no vrrp-daemon classes (run the tests through "
                    + "Maven, mvn -B -q -pl tests -am test, or the harness through bin/vrrp-rehearse); class path: " + cp);
        }
        return cp;
    }

    /** The JVM flags every lab daemon runs with (the launcher's collector and heap). */
    public static List<String> jvmFlags() {
        return JVM_FLAGS;
    }

    /**
     * The java command line that runs {@code mainClass} from this build (the daemon, or vrrpctl
     * against a peer's socket), with the lab's JVM flags and {@code -Dlab.vrrpd.jvm.extra}.
     */
    public static List<String> javaCommand(String mainClass) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_FLAGS);
        String extra = System.getProperty("lab.vrrpd.jvm.extra", "").trim();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(mainClass);
        return cmd;
    }

    /** Writes the config and starts vrrpd in {@code ns}; returns once every instance is in its status. */
    public static VrrpdPeer start(String ns, Config first, Config... more) {
        List<Config> configs = new ArrayList<>();
        configs.add(first);
        configs.addAll(List.of(more));
        Path dir = LabFiles.newDir("vrrpd-" + ns + "-");
        Path conf = write(dir, render(configs));
        return launch(ns, configs, dir, conf, Launch.of(configs.size()));
    }

    /** Writes {@code yaml} and starts vrrpd in {@code ns}; returns once every instance is in its status. */
    public static VrrpdPeer start(String ns, String yaml) {
        Path dir = LabFiles.newDir("vrrpd-" + ns + "-");
        Path conf = write(dir, yaml);
        int instances = (int) yaml.lines().filter(l -> l.matches("^    family: .*")).count();
        return launch(ns, List.of(), dir, conf, Launch.of(instances));
    }

    /** Starts vrrpd in {@code ns} on {@code config} as it is; returns once {@code launch.instances()} instances are in its status. */
    public static VrrpdPeer start(String ns, Path config, Launch launch) {
        return launch(ns, List.of(), LabFiles.newDir("vrrpd-" + ns + "-"), config, launch);
    }

    private static Path write(Path dir, String yaml) {
        Path conf = dir.resolve("vrrpd.yaml");
        try {
            Files.writeString(conf, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return conf;
    }

    private static VrrpdPeer launch(String ns, List<Config> configs, Path dir, Path conf, Launch launch) {
        return begin(ns, configs, dir, conf, launch).awaitReady();
    }

    /**
     * Starts vrrpd in {@code ns} on {@code config} as it is and returns at once, before it
     * answers: {@link #status()} fails until it does. {@link #awaitReady()} then waits for it.
     * For a caller that watches the daemon while it starts (the rehearsal's sampler).
     */
    public static VrrpdPeer begin(String ns, Path config, Launch launch) {
        return begin(ns, List.of(), LabFiles.newDir("vrrpd-" + ns + "-"), config, launch);
    }

    private static VrrpdPeer begin(String ns, List<Config> configs, Path dir, Path conf, Launch launch) {
        if (launch.command() == null) {
            LabFiles.requireLibpcap();
        }
        Path socket = dir.resolve("vrrpd.sock");
        Process p = spawn(ns, launch.command(), List.of("--config", conf.toString(), "--socket", socket.toString()),
                launch.arguments(), dir);
        return new VrrpdPeer(ns, configs, dir, conf, socket, p, launch);
    }

    /** {@code ip netns exec NS} the daemon ({@code command}, null: this build) with {@code first}, then {@code more}, logging to {@code dir}. */
    private static Process spawn(String ns, List<String> command, List<String> first, List<String> more, Path dir) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(command == null ? javaCommand(MAIN) : command);
        cmd.addAll(first);
        cmd.addAll(more);
        try {
            return new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("vrrpd.log").toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + String.join(" ", first) + " in " + ns + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts a vrrpd beside this one with {@code --take-over}, on the same config file and socket,
     * as an upgrade does: {@code command} is the build to run (null: this one). Returns once this
     * daemon has exited (bounded) and the new one answers with every instance; the new one logs to
     * a file of its own.
     */
    public VrrpdPeer takeOver(List<String> command) {
        Path next = LabFiles.newDir("vrrpd-" + ns + "-takeover-");
        Process p = spawn(ns, command, List.of("--config", configFile.toString(), "--socket", socket.toString(),
                "--take-over"), launch.arguments(), next);
        VrrpdPeer taking = new VrrpdPeer(ns, configs, next, configFile, socket, p,
                new Launch(command, launch.arguments(), launch.instances()));
        try {
            if (!process.waitFor(START_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("vrrpd in " + ns + " did not retire within " + START_BOUND
                        + "; its log:\n" + log() + "\nthe new one's:\n" + taking.log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException(e);
        }
        stopWatch();
        return taking.awaitReady();
    }

    /**
     * Waits (bounded) until the daemon answers on its control socket with all its instances;
     * throws, with its log, and ends it when it does not, or when the started process is not the
     * daemon's JVM. Returns this.
     */
    public VrrpdPeer awaitReady() {
        Process p = process;
        try {
            await("vrrpd in " + ns + " answering with " + launch.instances() + " instances").atMost(START_BOUND)
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        if (!p.isAlive()) {
                            return true;
                        }
                        if (!ControlClient.answers(socket)) {
                            return false;
                        }
                        if (watcher == null) {
                            startWatch();
                        }
                        return status().path("instances").size() >= launch.instances();
                    });
        } catch (ConditionTimeoutException e) {
            // reported below
        }
        if (!p.isAlive() || !ControlClient.answers(socket)) {
            boolean alive = p.isAlive();
            p.destroyForcibly();
            throw new IllegalStateException("vrrpd in " + ns + " did not answer on " + socket + " within " + START_BOUND
                    + " (alive: " + alive + (alive ? "" : ", exit " + p.exitValue()) + "); log:\n" + log());
        }
        // ip netns exec execs: the child must be the JVM itself, or crash() would kill the wrong process.
        String command = p.info().command().orElse("");
        if (launch.command() == null && !command.endsWith("/java")) {
            p.destroyForcibly();
            throw new IllegalStateException("expected the started process " + p.pid() + " to be java after ip netns exec, was "
                    + command);
        }
        return this;
    }

    private void startWatch() {
        Thread t = new Thread(() -> {
            try {
                ControlClient.stream(socket, "watch", line -> {
                    JsonNode e = line.path("result");
                    record(e.path("instance").asText(), e.path("family").asText(), e.path("transition"));
                });
            } catch (IOException ignored) {
                // the daemon went away
            }
        }, "watch-" + ns);
        t.setDaemon(true);
        t.start();
        watcher = t;
    }

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
            transitions.sort(Comparator.comparing(Transition::at));
        }
    }

    /** Adds the transitions in the daemon's log that neither the watch stream nor a status read saw. */
    private void readLog() {
        for (String line : log().split("\n")) {
            Matcher m = LOGGED.matcher(line);
            if (m.matches()) {
                record(new Transition(m.group(2), m.group(3), Instant.parse(m.group(1)), m.group(4), m.group(5),
                        m.group(6)), true);
            }
        }
    }

    /** Every transition seen since start (watch stream, status reads, log), in the daemon's time order. */
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
        for (String line : log().split("\n")) {
            if (line.contains(prefix) && line.contains(" -> ACTIVATING (")) {
                verified = false;
            } else if (line.contains("EgressSupervisor: " + instance + ": egress verified in ")) {
                verified = true;
            } else if (line.contains(prefix) && line.contains("ACTIVATING -> MASTER") && !verified) {
                bad.add(line);
            }
        }
        return bad;
    }

    @Override
    public String namespace() {
        return ns;
    }

    public List<Config> configs() {
        return configs;
    }

    public Config config() {
        return configs.get(0);
    }

    /** The daemon JVM's PID (verified at start to be java, not ip). */
    public long pid() {
        return process.pid();
    }

    public Path socket() {
        return socket;
    }

    /** The config file it was started with. */
    public Path configFile() {
        return configFile;
    }

    /** Where its log and other files are. */
    public Path dir() {
        return dir;
    }

    @Override
    public boolean isRunning() {
        return process.isAlive();
    }

    /** Exit code once ended. */
    public int exitValue() {
        return process.exitValue();
    }

    @Override
    public Path logFile() {
        return dir.resolve("vrrpd.log");
    }

    public String log() {
        try {
            return Files.readString(logFile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * The status answer ({@code schema}, {@code instances}, {@code sync-groups}) from the control
     * socket; records each instance's last transition.
     */
    public JsonNode status() {
        try {
            JsonNode answer = ControlClient.call(socket, "status", null);
            if (!answer.path("ok").asBoolean(false)) {
                throw new IllegalStateException("vrrpd in " + ns + " answered status with " + answer);
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

    /**
     * The status, if the daemon answers within {@code bound}; empty otherwise (starting, stopped,
     * or too busy to answer in time). For a poller that must never wait long (the rehearsal's
     * sampler): the call runs on a thread of this peer's, and while one is still waiting for its
     * answer the next returns empty at once.
     */
    public Optional<JsonNode> statusWithin(Duration bound) {
        java.util.concurrent.Future<JsonNode> f;
        synchronized (this) {
            if (pendingStatus != null && !pendingStatus.isDone()) {
                return Optional.empty();
            }
            if (statusCaller == null) {
                statusCaller = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "status-" + ns);
                    t.setDaemon(true);
                    return t;
                });
            }
            f = statusCaller.submit(this::status);
            pendingStatus = f;
        }
        try {
            return Optional.of(f.get(bound.toNanos(), TimeUnit.NANOSECONDS));
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** One instance's status object. */
    public JsonNode instance(String name) {
        for (JsonNode i : status().path("instances")) {
            if (i.path("name").asText().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("no instance " + name + " in the status of vrrpd in " + ns);
    }

    /** The reported state of instance {@code name} ({@code MASTER}, {@code BACKUP}, {@code FAULT}, ...). */
    public String state(String name) {
        return instance(name).path("state").asText();
    }

    /** The reported state, or {@code "(down)"} when the daemon does not answer (for polling across restarts). */
    public String stateOrDown(String name) {
        try {
            return state(name);
        } catch (RuntimeException e) {
            return "(down)";
        }
    }

    /** The state of sync group {@code name}. */
    public String groupState(String name) {
        JsonNode status = status();
        for (JsonNode g : status.path("sync-groups")) {
            if (g.path("name").asText().equals(name)) {
                return g.path("state").asText();
            }
        }
        throw new IllegalStateException("no sync group " + name + " in " + status);
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
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; status " + instance(name) + "; transitions " + transitions()
                    + "; log " + logFile(), e);
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

    /** Runs {@code vrrpctl --socket S ARGS} from this build as a process; returns stdout, throws on a non-zero exit. */
    public String vrrpctl(String... args) {
        List<String> cmd = javaCommand(CTL);
        cmd.addAll(List.of("--socket", socket.toString()));
        cmd.addAll(List.of(args));
        Path err = dir.resolve("vrrpctl.err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
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

    /** Where the tests look for the VIPs after an interface rename (the config keeps the old name). */
    public void lookForVipsOn(String ifname) {
        this.ifnameOverride = ifname;
    }

    private String ifname(Config c) {
        String o = ifnameOverride;
        return o != null ? o : c.ifname();
    }

    /** Whether every VIP of every instance is on its interface now (from {@code ip -j addr}). */
    @Override
    public boolean holdsVip() {
        return configs.stream().allMatch(this::holdsVip);
    }

    public boolean holdsVip(Config c) {
        return KeepalivedPeer.addresses(ns, ifname(c)).containsAll(c.vipAddresses());
    }

    /** Whether any VIP of any instance is on its interface. */
    public boolean holdsAnyVip() {
        return configs.stream().anyMatch(c -> {
            List<String> present = KeepalivedPeer.addresses(ns, ifname(c));
            return c.vipAddresses().stream().anyMatch(present::contains);
        });
    }

    /** SIGTERM, and waits (bounded) for exit; throws unless the exit code is 0. */
    @Override
    public void gracefulStop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_BOUND.toMillis(), TimeUnit.MILLISECONDS);
                throw new IllegalStateException("vrrpd in " + ns + " ignored SIGTERM for " + STOP_BOUND + "; killed it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        stopWatch();
        if (process.exitValue() != 0) {
            throw new IllegalStateException("vrrpd in " + ns + " exited " + process.exitValue()
                    + " on SIGTERM (expected 0); log:\n" + log());
        }
    }

    /** SIGKILL of the daemon JVM: no priority 0, VIPs and routes left in the kernel, as after a crash. */
    @Override
    public void crash() {
        if (process.isAlive()) {
            PeerProcesses.kill(process, STOP_BOUND, "vrrpd");
        }
        stopWatch();
    }

    /** SIGHUP: the daemon reloads its config file (and keeps the old one if the new one is bad). */
    public void reload() {
        PeerProcesses.signal(process.pid(), "HUP");
    }

    private void stopWatch() {
        Thread t = watcher;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public void removeVips() {
        for (Config c : configs) {
            for (String vip : c.vips()) {
                String addr = vip.contains("/") ? vip : vip + (c.family() == Family.IPV4 ? "/32" : "/128");
                PeerProcesses.deleteAddress(ns, ifname(c), addr);
            }
        }
    }

    /** Stops gracefully if still running (bounded; by force otherwise); never throws. */
    @Override
    public void close() {
        synchronized (this) {
            if (statusCaller != null) {
                statusCaller.shutdownNow();
            }
        }
        try {
            gracefulStop();
        } catch (RuntimeException e) {
            System.err.println("VrrpdPeer " + ns + ": " + e.getMessage());
        }
    }

    /** Log lines with {@code text}, for assertion messages. */
    public Optional<String> logLine(String text) {
        return log().lines().filter(l -> l.contains(text)).findFirst();
    }

    @Override
    public String toString() {
        return "vrrpd[" + ns + " " + configs.stream().map(c -> c.name() + "/" + c.priority()).toList()
                + " pid " + process.pid() + " log " + logFile() + "]";
    }
}
