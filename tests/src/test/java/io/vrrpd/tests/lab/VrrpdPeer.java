package io.vrrpd.tests.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vrrpd.daemon.control.ControlClient;
import org.awaitility.core.ConditionTimeoutException;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * vrrpd as a VRRPv3 peer in one namespace of the lab: writes a YAML config from {@link Config}s,
 * runs {@code ip netns exec NS java -cp CP io.vrrpd.daemon.Vrrpd --config FILE --socket SOCK}
 * with its own control socket and its stderr log in a per-peer directory under {@code target/lab/}.
 *
 * <p><b>How the daemon is launched.</b> With the test JVM's own class path (surefire's
 * {@code surefire.test.class.path}, else {@code java.class.path}): inside Maven that holds
 * vrrp-daemon's classes and every dependency, so it works after {@code mvn -pl tests -am test}
 * as well as in a full {@code mvn verify}, without the shaded {@code vrrpd.jar} (which
 * {@code -am test} does not build). The JVM is the test JVM's own {@code java.home}.
 * {@code ip netns exec} execs, so the started process <em>is</em> the daemon's JVM; {@link #start}
 * checks that (the process's command is {@code java}) before anything is ever signalled.
 *
 * <p><b>Status.</b> {@link #status()} asks the control socket in-process through
 * {@link ControlClient}, the very call {@code vrrpctl status --json} makes, because tests poll it
 * every 20 ms and a JVM per poll would swamp two shared cores. {@link #vrrpctlStatusJson()} runs the
 * real {@code vrrpctl status --json} as a process, for tests that prove the CLI.
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

    private final String ns;
    private final List<Config> configs;
    private final Path dir;
    private final Path socket;
    private final Process process;
    private volatile String ifnameOverride;

    /**
     * One vrrpd instance. {@code ifname} is where the test looks for the VIPs; {@code mac}, when
     * set, binds the instance by MAC ({@code interface: {mac: ...}}) instead of by name.
     * {@code ipv4Checksum} is {@code rfc5798}, {@code rfc9568} or null (the default).
     */
    public record Config(String name, Family family, String ifname, String mac, int vrid, int priority,
                         Duration advertInterval, List<String> vips, Boolean preempt, String ipv4Checksum,
                         List<String> unicastPeers) {
        public Config {
            vips = List.copyOf(vips);
            unicastPeers = List.copyOf(unicastPeers);
        }

        /** A multicast instance (no {@code unicast-peers}). */
        public Config(String name, Family family, String ifname, String mac, int vrid, int priority,
                      Duration advertInterval, List<String> vips, Boolean preempt, String ipv4Checksum) {
            this(name, family, ifname, mac, vrid, priority, advertInterval, vips, preempt, ipv4Checksum, List.of());
        }

        /** {@code unicast-peers}: adverts to these addresses instead of the multicast group. */
        public Config withUnicastPeers(String... peers) {
            return new Config(name, family, ifname, mac, vrid, priority, advertInterval, vips, preempt, ipv4Checksum,
                    List.of(peers));
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
            return new Config(name, family, ifname, mac, vrid, p, advertInterval, vips, preempt, ipv4Checksum, unicastPeers);
        }

        public Config withPreempt(boolean on) {
            return new Config(name, family, ifname, mac, vrid, priority, advertInterval, vips, on, ipv4Checksum, unicastPeers);
        }

        /** Binds the instance by MAC instead of by interface name. */
        public Config withMac(String m) {
            return new Config(name, family, ifname, m, vrid, priority, advertInterval, vips, preempt, ipv4Checksum, unicastPeers);
        }

        public Config withIpv4Checksum(String form) {
            return new Config(name, family, ifname, mac, vrid, priority, advertInterval, vips, preempt, form, unicastPeers);
        }

        public Config withAdvertInterval(Duration d) {
            return new Config(name, family, ifname, mac, vrid, priority, d, vips, preempt, ipv4Checksum, unicastPeers);
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

    private VrrpdPeer(String ns, List<Config> configs, Path dir, Path socket, Process process) {
        this.ns = ns;
        this.configs = List.copyOf(configs);
        this.dir = dir;
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
        boolean hasDaemon = false;
        for (String e : cp.split(File.pathSeparator)) {
            Path p = Path.of(e);
            if (Files.exists(p.resolve("io/vrrpd/daemon/Vrrpd.class"))
                    || (e.endsWith(".jar") && (e.contains("vrrp-daemon") || e.contains("vrrpd")))) {
                hasDaemon = true;
                break;
            }
        }
        if (!hasDaemon) {
            throw new IllegalStateException("the test class path holds no vrrp-daemon classes (run the tests through "
                    + "Maven: mvn -B -q -pl tests -am test); class path: " + cp);
        }
        return cp;
    }

    /** The JVM flags every lab daemon runs with (the launcher's collector and heap). */
    public static List<String> jvmFlags() {
        return JVM_FLAGS;
    }

    /** The java command line that runs {@code mainClass} from this build (e.g. vrrpctl against a peer's socket). */
    public static List<String> javaCommandFor(String mainClass) {
        return javaCommand(mainClass);
    }

    static List<String> javaCommand(String mainClass) {
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

    /** Writes the config and starts vrrpd in {@code ns}; returns once its control socket answers. */
    public static VrrpdPeer start(String ns, Config first, Config... more) {
        LabFiles.assumeLibpcap();
        List<Config> configs = new ArrayList<>();
        configs.add(first);
        configs.addAll(List.of(more));
        Path dir = LabFiles.newDir("vrrpd-" + ns + "-");
        Path conf = dir.resolve("vrrpd.yaml");
        Path socket = dir.resolve("vrrpd.sock");
        try {
            Files.writeString(conf, render(configs), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(javaCommand(MAIN));
        cmd.addAll(List.of("--config", conf.toString(), "--socket", socket.toString()));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("vrrpd.log").toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start vrrpd in " + ns, e);
        }
        VrrpdPeer peer = new VrrpdPeer(ns, configs, dir, socket, p);
        try {
            await().atMost(START_BOUND).pollInterval(Duration.ofMillis(50))
                    .until(() -> !p.isAlive() || ControlClient.answers(socket));
        } catch (ConditionTimeoutException e) {
            // reported below
        }
        if (!p.isAlive() || !ControlClient.answers(socket)) {
            boolean alive = p.isAlive();
            p.destroyForcibly();
            throw new IllegalStateException("vrrpd in " + ns + " did not answer on " + socket + " within " + START_BOUND
                    + " (alive: " + alive + (alive ? "" : ", exit " + p.exitValue()) + "); log:\n" + peer.log());
        }
        // ip netns exec execs: the child must be the JVM itself, or crash() would kill the wrong process.
        String command = p.info().command().orElse("");
        if (!command.endsWith("/java")) {
            p.destroyForcibly();
            throw new IllegalStateException("expected the started process " + p.pid() + " to be java after ip netns exec, was "
                    + command);
        }
        return peer;
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

    public Path configFile() {
        return dir.resolve("vrrpd.yaml");
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

    /** The status answer ({@code schema}, {@code instances}, {@code sync-groups}) from the control socket. */
    public JsonNode status() {
        try {
            JsonNode answer = ControlClient.call(socket, "status", null);
            if (!answer.path("ok").asBoolean(false)) {
                throw new IllegalStateException("vrrpd in " + ns + " answered status with " + answer);
            }
            return answer.path("result");
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

    /** {@code vrrpctl --socket SOCK status --json} run as a process; its output parsed. */
    public JsonNode vrrpctlStatusJson() {
        List<String> cmd = javaCommand(CTL);
        cmd.addAll(List.of("--socket", socket.toString(), "status", "--json"));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("vrrpctl.err").toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("vrrpctl status --json failed: " + Files.readString(dir.resolve("vrrpctl.err")));
            }
            return JSON.readTree(out);
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
        if (process.exitValue() != 0) {
            throw new IllegalStateException("vrrpd in " + ns + " exited " + process.exitValue()
                    + " on SIGTERM (expected 0); log:\n" + log());
        }
    }

    /** SIGKILL of the daemon JVM: no priority 0, VIPs left behind. */
    @Override
    public void crash() {
        if (!process.isAlive()) {
            return;
        }
        PeerProcesses.kill(process, STOP_BOUND, "vrrpd");
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
