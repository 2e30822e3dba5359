package io.vrrpd.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vrrpd.hooks.kernel.NamespaceLab;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

import static org.awaitility.Awaitility.await;

/**
 * keepalived 2.2.7 as a VRRPv3 peer in one namespace, started the way LAB-NOTES says:
 * {@code keepalived -n -l -D -P -f CONF -p PID -r VRRP_PID -c CHECKERS_PID -b BFD_PID}, with its
 * own pid files and its console log in {@link #logFile()}.
 *
 * <p>{@code ip netns exec} execs keepalived, so the JVM's child process is keepalived's main
 * process; the VRRP child's PID comes from its pid file and is checked to be main's child
 * before it is signalled. Only these PIDs are ever signalled.
 */
public final class KeepalivedPeer implements RouterPeer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_BOUND = Duration.ofSeconds(5);
    private static final Duration STOP_BOUND = Duration.ofSeconds(5);

    private final String ns;
    private final List<Config> configs;
    private final Path dir;
    private final Process main;
    private final long vrrpPid;
    private final Map<String, String> states = new LinkedHashMap<>();
    private long logOffset;

    private KeepalivedPeer(String ns, List<Config> configs, Path dir, Process main, long vrrpPid) {
        this.ns = ns;
        this.configs = List.copyOf(configs);
        this.dir = dir;
        this.main = main;
        this.vrrpPid = vrrpPid;
    }

    /**
     * One {@code vrrp_instance}: VRRPv3 ({@code version} 3, the kit's default) or VRRPv2
     * ({@code version} 2, what keepalived speaks for IPv4 when its config names no version), with
     * {@code authentication { auth_type PASS auth_pass ... }} when {@code authPass} is set (VRRPv2
     * only). Immutable; the {@code with...} methods return copies.
     */
    public record Config(String instance, Family family, String ifname, int vrid, int priority,
                         Duration advertInterval, List<String> vips, boolean preempt,
                         Integer garpMasterDelay, Integer garpMasterRepeat, List<String> unicastPeers,
                         int version, String authPass) {
        /** A multicast instance (no {@code unicast_peer}). */
        public Config(String instance, Family family, String ifname, int vrid, int priority, Duration advertInterval,
                      List<String> vips, boolean preempt, Integer garpMasterDelay, Integer garpMasterRepeat) {
            this(instance, family, ifname, vrid, priority, advertInterval, vips, preempt, garpMasterDelay,
                    garpMasterRepeat, List.of());
        }

        /** A VRRPv3 instance without authentication. */
        public Config(String instance, Family family, String ifname, int vrid, int priority, Duration advertInterval,
                      List<String> vips, boolean preempt, Integer garpMasterDelay, Integer garpMasterRepeat,
                      List<String> unicastPeers) {
            this(instance, family, ifname, vrid, priority, advertInterval, vips, preempt, garpMasterDelay,
                    garpMasterRepeat, unicastPeers, 3, null);
        }

        /** {@code unicast_peer { ... }}: adverts to these addresses only (keepalived's unicast mode). */
        public Config withUnicastPeers(String... peers) {
            return new Config(instance, family, ifname, vrid, priority, advertInterval, vips, preempt, garpMasterDelay,
                    garpMasterRepeat, List.of(peers), version, authPass);
        }

        /**
         * VRRPv2 (RFC 3768), as a stock keepalived.conf without {@code vrrp_version} runs IPv4, with a
         * PASS password when {@code password} is not null.
         */
        public Config asVrrpv2(String password) {
            return new Config(instance, family, ifname, vrid, priority, advertInterval, vips, preempt, garpMasterDelay,
                    garpMasterRepeat, unicastPeers, 2, password);
        }

        public Config {
            vips = List.copyOf(vips);
            unicastPeers = List.copyOf(unicastPeers);
            if (vrid < 1 || vrid > 255) {
                throw new IllegalArgumentException("vrid " + vrid + " (expected: 1..255)");
            }
            if (priority < 1 || priority > 255) {
                throw new IllegalArgumentException("priority " + priority + " (expected: 1..255)");
            }
            long ms = advertInterval.toMillis();
            if (ms < 10 || ms > 255_000 || ms % 10 != 0 || advertInterval.toNanos() % 1_000_000 != 0) {
                throw new IllegalArgumentException("advert interval " + advertInterval
                        + " (expected: a multiple of 10 ms in 10 ms..255 s)");
            }
            if (vips.isEmpty()) {
                throw new IllegalArgumentException("no virtual addresses (expected: at least one)");
            }
            if (version != 2 && version != 3 || (version == 2 && family == Family.IPV6)) {
                throw new IllegalArgumentException("version " + version + " for " + family
                        + " (expected: 3, or 2 for IPv4)");
            }
            if (authPass != null && version != 2) {
                throw new IllegalArgumentException("authentication on VRRPv3 (expected: VRRPv2 only; keepalived"
                        + " ignores it on VRRPv3)");
            }
        }

        /** IPv4 instance on the lab's LAN interface with VIP 192.0.2.1/24, VRID 51, 100 ms adverts. */
        public static Config ipv4(String instance, int priority) {
            return new Config(instance, Family.IPV4, BladeLab.LAN_IF, 51, priority, Duration.ofMillis(100),
                    List.of(BladeLab.VIP4 + "/24"), true, null, null);
        }

        /** IPv6 instance on the lab's LAN interface with VIPs fe80::1/64 and 2001:db8:1::1/64, VRID 51, 100 ms adverts. */
        public static Config ipv6(String instance, int priority) {
            return new Config(instance, Family.IPV6, BladeLab.LAN_IF, 51, priority, Duration.ofMillis(100),
                    List.of(BladeLab.VIP6_LINK_LOCAL + "/64", BladeLab.VIP6 + "/64"), true, null, null);
        }

        public Config withAdvertInterval(Duration interval) {
            return new Config(instance, family, ifname, vrid, priority, interval, vips, preempt, garpMasterDelay, garpMasterRepeat, unicastPeers, version, authPass);
        }

        public Config withPriority(int p) {
            return new Config(instance, family, ifname, vrid, p, advertInterval, vips, preempt, garpMasterDelay, garpMasterRepeat, unicastPeers, version, authPass);
        }

        public Config withVrid(int v) {
            return new Config(instance, family, ifname, v, priority, advertInterval, vips, preempt, garpMasterDelay, garpMasterRepeat, unicastPeers, version, authPass);
        }

        public Config withInterface(String name) {
            return new Config(instance, family, name, vrid, priority, advertInterval, vips, preempt, garpMasterDelay, garpMasterRepeat, unicastPeers, version, authPass);
        }

        public Config withVips(List<String> cidrs) {
            return new Config(instance, family, ifname, vrid, priority, advertInterval, cidrs, preempt, garpMasterDelay, garpMasterRepeat, unicastPeers, version, authPass);
        }

        /** keepalived's {@code nopreempt} (which it honours only with {@code state BACKUP}, always used here). */
        public Config withNoPreempt() {
            return new Config(instance, family, ifname, vrid, priority, advertInterval, vips, false, garpMasterDelay, garpMasterRepeat, unicastPeers, version, authPass);
        }

        /** {@code garp_master_delay} (s) and {@code garp_master_repeat}; null leaves keepalived's default. */
        public Config withGarp(Integer masterDelay, Integer masterRepeat) {
            return new Config(instance, family, ifname, vrid, priority, advertInterval, vips, preempt, masterDelay, masterRepeat, unicastPeers, version, authPass);
        }

        /** The addresses without prefix length, as {@code ip addr} shows them. */
        public List<String> vipAddresses() {
            return vips.stream().map(v -> v.contains("/") ? v.substring(0, v.indexOf('/')) : v).toList();
        }

        /** This instance's {@code vrrp_instance} block. */
        public String render() {
            StringBuilder b = new StringBuilder();
            b.append("vrrp_instance ").append(instance).append(" {\n");
            b.append("    state BACKUP\n");
            b.append("    interface ").append(ifname).append('\n');
            b.append("    virtual_router_id ").append(vrid).append('\n');
            b.append("    priority ").append(priority).append('\n');
            b.append("    advert_int ").append(seconds(advertInterval)).append('\n');
            if (family == Family.IPV6) {
                b.append("    native_ipv6\n");
            }
            if (authPass != null) {
                b.append("    authentication {\n        auth_type PASS\n        auth_pass ").append(authPass)
                        .append("\n    }\n");
            }
            if (!preempt) {
                b.append("    nopreempt\n");
            }
            if (garpMasterDelay != null) {
                b.append("    garp_master_delay ").append(garpMasterDelay).append('\n');
            }
            if (garpMasterRepeat != null) {
                b.append("    garp_master_repeat ").append(garpMasterRepeat).append('\n');
            }
            if (!unicastPeers.isEmpty()) {
                b.append("    unicast_peer {\n");
                unicastPeers.forEach(p -> b.append("        ").append(p).append('\n'));
                b.append("    }\n");
            }
            b.append("    virtual_ipaddress {\n");
            for (String vip : vips) {
                b.append("        ").append(vip).append(" dev ").append(ifname).append('\n');
            }
            b.append("    }\n");
            b.append("}\n");
            return b.toString();
        }

        /** Upstream-side IPv4 instance: VIP 198.51.100.254/24 on eth1, VRID 52 (see {@link BladeLab.ReturnPath#UPSTREAM_VIP}). */
        public static Config upstreamIpv4(String instance, int priority) {
            return new Config(instance, Family.IPV4, BladeLab.UP_IF, 52, priority, Duration.ofMillis(100),
                    List.of(BladeLab.UPSTREAM_VIP4 + "/24"), true, null, null);
        }

        /** Upstream-side IPv6 instance: VIPs fe80::254/64 and 2001:db8:ff::254/64 on eth1, VRID 52. */
        public static Config upstreamIpv6(String instance, int priority) {
            return new Config(instance, Family.IPV6, BladeLab.UP_IF, 52, priority, Duration.ofMillis(100),
                    List.of("fe80::254/64", BladeLab.UPSTREAM_VIP6 + "/64"), true, null, null);
        }

        private static String seconds(Duration d) {
            return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
        }
    }

    /**
     * The keepalived.conf text for {@code instances}; with more than one they form one
     * {@code vrrp_sync_group} (named {@code sg}), so they change state together.
     */
    public static String render(String routerId, List<Config> instances) {
        return render(routerId, instances, true);
    }

    private static String render(String routerId, List<Config> instances, boolean syncGroup) {
        // VRRPv3 everywhere: vrrp_version 3 in global_defs. Any VRRPv2 instance: no vrrp_version at all
        // (keepalived's IPv4 default is VRRPv2, how most keepalived.conf files run), version 3 on the others.
        boolean allV3 = instances.stream().allMatch(c -> c.version() == 3);
        StringBuilder b = new StringBuilder();
        b.append("global_defs {\n");
        b.append("    router_id ").append(routerId).append('\n');
        if (allV3) {
            b.append("    vrrp_version 3\n");
        }
        b.append("}\n");
        for (Config c : instances) {
            String block = c.render();
            if (!allV3 && c.version() == 3 && c.family() == Family.IPV4) {
                block = block.replaceFirst("\n", "\n    version 3\n");
            }
            b.append('\n').append(block);
        }
        if (syncGroup && instances.size() > 1) {
            b.append("\nvrrp_sync_group sg {\n    group {\n");
            for (Config c : instances) {
                b.append("        ").append(c.instance()).append('\n');
            }
            b.append("    }\n}\n");
        }
        return b.toString();
    }

    /**
     * Writes the config into a fresh temp dir and starts keepalived in {@code ns}; returns once
     * its VRRP child runs. Several instances share one process (and a sync group).
     */
    public static KeepalivedPeer start(String ns, Config first, Config... more) {
        List<Config> configs = new ArrayList<>();
        configs.add(first);
        configs.addAll(List.of(more));
        return start(ns, configs, true);
    }

    /** Like {@link #start}, but the instances are independent (no sync group), as vrrpd's are without one. */
    public static KeepalivedPeer startIndependent(String ns, List<Config> instances) {
        return start(ns, List.copyOf(instances), false);
    }

    private static KeepalivedPeer start(String ns, List<Config> configs, boolean syncGroup) {
        Path dir = LabFiles.newDir("keepalived-" + ns + "-");
        Path conf = dir.resolve("keepalived.conf");
        try {
            Files.writeString(conf, render(ns, configs, syncGroup), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return launch(ns, configs, dir, conf, Launch.DEFAULT);
    }

    /**
     * How to run a keepalived.conf as it is (the rehearsal harness): {@code command} instead of
     * the keepalived on the PATH (null: that one), {@code arguments} after the kit's own, and
     * {@code scripts}, a directory put first on
     * keepalived's PATH, so notify scripts named without a slash are found beside the config
     * (keepalived resolves such names by a PATH search; null: none).
     */
    public record Launch(List<String> command, List<String> arguments, Path scripts) {
        public static final Launch DEFAULT = new Launch(null, List.of(), null);

        public Launch {
            command = command == null ? null : List.copyOf(command);
            arguments = List.copyOf(arguments);
        }
    }

    /** Starts keepalived in {@code ns} on {@code config} as it is; returns once its VRRP child runs. */
    public static KeepalivedPeer start(String ns, Path config, Launch launch) {
        return launch(ns, List.of(), LabFiles.newDir("keepalived-" + ns + "-"), config, launch);
    }

    private static KeepalivedPeer launch(String ns, List<Config> configs, Path dir, Path conf, Launch launch) {
        if (launch.command() == null) {
            LabFiles.requireTool("keepalived", "keepalived");
        }
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(launch.command() == null ? List.of("keepalived") : launch.command());
        cmd.addAll(List.of("-n", "-l", "-D", "-P", "-f", conf.toString(),
                "-p", dir.resolve("keepalived.pid").toString(),
                "-r", dir.resolve("vrrp.pid").toString(),
                "-c", dir.resolve("checkers.pid").toString(),
                "-b", dir.resolve("bfd.pid").toString()));
        cmd.addAll(launch.arguments());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("keepalived.log").toFile()));
        if (launch.scripts() != null) {
            pb.directory(launch.scripts().toFile());
            pb.environment().put("PATH", launch.scripts() + ":" + pb.environment().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
        }
        Process main;
        try {
            main = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start keepalived in " + ns + ": " + e.getMessage(), e);
        }
        Path vrrpPidFile = dir.resolve("vrrp.pid");
        try {
            await().atMost(START_BOUND).pollInterval(Duration.ofMillis(20))
                    .until(() -> !main.isAlive() || childPid(vrrpPidFile, main.pid()).isPresent());
        } catch (ConditionTimeoutException e) {
            // reported below with the log
        }
        OptionalLong child = childPid(vrrpPidFile, main.pid());
        if (child.isEmpty()) {
            boolean alive = main.isAlive();
            main.destroyForcibly();
            throw new IllegalStateException("keepalived in " + ns + " did not start its VRRP child within "
                    + START_BOUND + " (main alive: " + alive + "); log:\n" + readLog(dir));
        }
        return new KeepalivedPeer(ns, configs, dir, main, child.getAsLong());
    }

    private static final Pattern ENTERING = Pattern.compile("\\((\\S+)\\) Entering (\\S+) STATE");

    /**
     * The state each instance last said it entered ({@code (GW4) Entering MASTER STATE} in its
     * log: {@code MASTER}, {@code BACKUP}, {@code FAULT}), read on from where the last call
     * stopped; empty once keepalived has exited. keepalived's log has whole seconds only, so the
     * time of a change is when this saw it.
     */
    public synchronized Map<String, String> states() {
        if (!main.isAlive()) {
            states.clear();
            return Map.of();
        }
        try (FileChannel ch = FileChannel.open(logFile(), StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > logOffset) {
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size - logOffset, 1 << 20));
                ch.read(buf, logOffset);
                String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
                int lastNewline = text.lastIndexOf('\n');
                if (lastNewline >= 0) {
                    logOffset += text.substring(0, lastNewline + 1).getBytes(StandardCharsets.UTF_8).length;
                    Matcher m = ENTERING.matcher(text.substring(0, lastNewline));
                    while (m.find()) {
                        states.put(m.group(1), m.group(2));
                    }
                }
            }
        } catch (IOException e) {
            // no log yet
        }
        return Map.copyOf(states);
    }

    /** SIGHUP to main: keepalived reloads its config. */
    public void reload() {
        PeerProcesses.signal(main.pid(), "HUP");
    }

    /** The PID in {@code pidFile}, if that process runs and is a child of {@code parent}. */
    private static OptionalLong childPid(Path pidFile, long parent) {
        try {
            if (!Files.exists(pidFile)) {
                return OptionalLong.empty();
            }
            String text = Files.readString(pidFile).trim();
            if (text.isEmpty()) {
                return OptionalLong.empty();
            }
            long pid = Long.parseLong(text);
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isPresent() && h.get().parent().map(ProcessHandle::pid).orElse(-1L) == parent) {
                return OptionalLong.of(pid);
            }
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public String namespace() {
        return ns;
    }

    /** The first (often only) instance. */
    public Config config() {
        return configs.get(0);
    }

    public List<Config> configs() {
        return configs;
    }

    public long mainPid() {
        return main.pid();
    }

    public long vrrpPid() {
        return vrrpPid;
    }

    @Override
    public boolean isRunning() {
        return main.isAlive();
    }

    @Override
    public Path logFile() {
        return dir.resolve("keepalived.log");
    }

    /** The whole log so far, for assertion messages. */
    public String log() {
        return readLog(dir);
    }

    private static String readLog(Path dir) {
        try {
            return Files.readString(dir.resolve("keepalived.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Whether every VIP of every instance is on its interface now (from {@code ip -j addr}). */
    @Override
    public boolean holdsVip() {
        return configs.stream().allMatch(c -> addresses(ns, c.ifname()).containsAll(c.vipAddresses()));
    }

    /** Whether any VIP of any instance is on its interface (a crashed peer leaves them behind). */
    public boolean holdsAnyVip() {
        return configs.stream().anyMatch(c -> {
            List<String> present = addresses(ns, c.ifname());
            return c.vipAddresses().stream().anyMatch(present::contains);
        });
    }

    /** The addresses on {@code ifname} in {@code ns}, without prefix lengths. */
    public static List<String> addresses(String ns, String ifname) {
        String out = NamespaceLab.run("ip", "-n", ns, "-j", "addr", "show", "dev", ifname);
        List<String> result = new ArrayList<>();
        try {
            for (JsonNode link : JSON.readTree(out)) {
                for (JsonNode a : link.path("addr_info")) {
                    result.add(a.path("local").asText());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot parse ip -j addr output: " + out, e);
        }
        return result;
    }

    /**
     * Graceful stop: SIGTERM to main; the VRRP child sends priority 0 and removes the VIPs.
     * Waits for main to exit (bounded), then ends the child by force if it lingers.
     */
    @Override
    public void gracefulStop() {
        if (!main.isAlive()) {
            return;
        }
        main.destroy();
        try {
            if (!main.waitFor(STOP_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                crash();
                throw new IllegalStateException("keepalived in " + ns + " ignored SIGTERM for " + STOP_BOUND + "; killed it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A true crash (LAB-NOTES): SIGKILL of main alone is not one, because the VRRP child then
     * shuts down gracefully and sends priority 0. So: SIGSTOP main (it cannot react), SIGKILL
     * the VRRP child (and any checker/BFD child of main), then SIGKILL main. No priority 0 is
     * sent and the VIPs stay on the interface, as after a real daemon crash; use
     * {@link #removeVips()} to model the whole host going away.
     */
    @Override
    public void crash() {
        if (!main.isAlive()) {
            return;
        }
        PeerProcesses.signal(main.pid(), "STOP");
        for (String pidFile : List.of("vrrp.pid", "checkers.pid", "bfd.pid")) {
            childPid(dir.resolve(pidFile), main.pid()).ifPresent(pid -> PeerProcesses.signal(pid, "KILL"));
        }
        PeerProcesses.signal(vrrpPid, "KILL");
        PeerProcesses.kill(main, STOP_BOUND, "keepalived main");
    }

    /** Removes the config's VIPs from the interface (what remains after {@link #crash()}). */
    @Override
    public void removeVips() {
        for (Config c : configs) {
            for (String vip : c.vips()) {
                PeerProcesses.deleteAddress(ns, c.ifname(), vip);
            }
        }
    }

    /** Stops gracefully if still running (bounded; by force otherwise). */
    @Override
    public void close() {
        try {
            gracefulStop();
        } catch (RuntimeException e) {
            System.err.println("KeepalivedPeer " + ns + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "keepalived[" + ns + " " + configs.stream().map(c -> c.instance() + "/" + c.priority()).toList()
                + " pid " + main.pid() + "]";
    }
}
