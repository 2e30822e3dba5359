package io.vrrpd.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vrrpd.hooks.kernel.NamespaceLab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * FRR 8.4 vrrpd as a VRRPv3 peer in one namespace, the LAB-NOTES recipe: a macvlan per family on
 * eth0 with the virtual MAC ({@code vrrp4-51} 00:00:5e:00:01:VRID, {@code vrrp6-51}
 * 00:00:5e:00:02:VRID, made before FRR starts and removed by {@link #close()}), then zebra and
 * vrrpd as user {@code frr} with their own vty socket directory; {@code vtysh --vty_socket DIR}
 * reads the state. FRR puts the VIPs on the macvlans when master.
 */
public final class FrrPeer implements RouterPeer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_BOUND = Duration.ofSeconds(10);

    private final String ns;
    private final Config config;
    private final Path dir;
    private final Process zebra;
    private final Process vrrpd;

    /** One FRR virtual router on eth0; {@code vip4} and {@code vips6} may be null / empty. */
    public record Config(int vrid, int priority, Duration advertInterval, String vip4, List<String> vips6) {
        public Config {
            vips6 = vips6 == null ? List.of() : List.copyOf(vips6);
        }

        public static Config ipv4(int priority) {
            return new Config(51, priority, Duration.ofMillis(100), BladeLab.VIP4, List.of());
        }

        public Config withIpv6(List<String> vips) {
            return new Config(vrid, priority, advertInterval, vip4, vips);
        }

        String macvlan(Family f) {
            return (f == Family.IPV4 ? "vrrp4-" : "vrrp6-") + vrid;
        }

        String render() {
            StringBuilder b = new StringBuilder("interface ").append(BladeLab.LAN_IF).append('\n');
            b.append(" vrrp ").append(vrid).append(" version 3\n");
            b.append(" vrrp ").append(vrid).append(" priority ").append(priority).append('\n');
            b.append(" vrrp ").append(vrid).append(" advertisement-interval ").append(advertInterval.toMillis()).append('\n');
            if (vip4 != null) {
                b.append(" vrrp ").append(vrid).append(" ip ").append(vip4).append('\n');
            }
            for (String v : vips6) {
                b.append(" vrrp ").append(vrid).append(" ipv6 ").append(v).append('\n');
            }
            return b.toString();
        }
    }

    private FrrPeer(String ns, Config config, Path dir, Process zebra, Process vrrpd) {
        this.ns = ns;
        this.config = config;
        this.dir = dir;
        this.zebra = zebra;
        this.vrrpd = vrrpd;
    }

    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/lib/frr/zebra")) && Files.isExecutable(Path.of("/usr/lib/frr/vrrpd"))
                && LabFiles.installed("vtysh");
    }

    public static FrrPeer start(BladeLab bl, String ns, Config config) {
        if (!available()) {
            throw io.vrrpd.hooks.kernel.LabUnavailableException.missingTool("FRR's zebra, vrrpd and vtysh", "frr");
        }
        Path dir = LabFiles.newDir("frr-" + ns + "-");
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.writeString(dir.resolve("frr.conf"), config.render(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(dir.resolve("frr.conf"), PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Family f : List.of(Family.IPV4, Family.IPV6)) {
            if (f == Family.IPV4 ? config.vip4() == null : config.vips6().isEmpty()) {
                continue;
            }
            String name = config.macvlan(f);
            String mac = String.format(Locale.ROOT, "00:00:5e:00:%02x:%02x", f == Family.IPV4 ? 1 : 2, config.vrid());
            bl.in(ns, "ip", "link", "add", name, "link", BladeLab.LAN_IF, "type", "macvlan", "mode", "bridge");
            bl.in(ns, "ip", "link", "set", "dev", name, "address", mac, "addrgenmode", "random");
            bl.in(ns, "ip", "link", "set", name, "up");
            // FRR does not add or remove the VIPs: they sit on the macvlan, which FRR holds in
            // protodown while not master.
            if (f == Family.IPV4) {
                bl.in(ns, "ip", "addr", "add", config.vip4() + "/24", "dev", name);
            } else {
                for (String v : config.vips6()) {
                    bl.in(ns, "ip", "addr", "add", v + "/64", "dev", name, "nodad");
                }
            }
        }
        Process zebra = spawn(ns, dir, "zebra", "/dev/null");
        await().atMost(START_BOUND).pollInterval(Duration.ofMillis(50))
                .until(() -> !zebra.isAlive() || Files.exists(dir.resolve("zserv.api")));
        Process vrrpd = spawn(ns, dir, "vrrpd", dir.resolve("frr.conf").toString());
        FrrPeer peer = new FrrPeer(ns, config, dir, zebra, vrrpd);
        try {
            await().atMost(START_BOUND).pollInterval(Duration.ofMillis(100))
                    .until(() -> !vrrpd.isAlive() || peer.show().path(0).path("vrid").asInt() == config.vrid());
        } catch (RuntimeException e) {
            peer.close();
            throw new IllegalStateException("FRR in " + ns + " did not come up within " + START_BOUND + ": " + peer.log(), e);
        }
        if (!vrrpd.isAlive()) {
            peer.close();
            throw new IllegalStateException("FRR vrrpd in " + ns + " exited: " + peer.log());
        }
        return peer;
    }

    private static Process spawn(String ns, Path dir, String daemon, String conf) {
        List<String> cmd = List.of("ip", "netns", "exec", ns, "/usr/lib/frr/" + daemon, "-u", "frr", "-g", "frr",
                "--vty_socket", dir.toString(), "-z", dir.resolve("zserv.api").toString(),
                "-i", dir.resolve(daemon + ".pid").toString(), "-f", conf);
        try {
            return new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(daemon + ".log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start FRR " + daemon + " in " + ns, e);
        }
    }

    /** {@code show vrrp json}: an array of virtual routers. */
    public JsonNode show() {
        try {
            Process p = new ProcessBuilder("vtysh", "--vty_socket", dir.toString(), "-c", "show vrrp json")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return JSON.readTree(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** FRR's status of one family: {@code Initialize}, {@code Backup} or {@code Master}. */
    public String status(Family f) {
        return show().path(0).path(f == Family.IPV4 ? "v4" : "v6").path("status").asText();
    }

    public Config config() {
        return config;
    }

    @Override
    public String namespace() {
        return ns;
    }

    @Override
    public boolean isRunning() {
        return vrrpd.isAlive();
    }

    /** Whether the VIPs are live: on the macvlan, and the macvlan not in protodown (FRR's backup state). */
    @Override
    public boolean holdsVip() {
        boolean ok = true;
        if (config.vip4() != null) {
            ok &= live(config.macvlan(Family.IPV4)) && KeepalivedPeer.addresses(ns, config.macvlan(Family.IPV4)).contains(config.vip4());
        }
        if (!config.vips6().isEmpty()) {
            ok &= live(config.macvlan(Family.IPV6)) && KeepalivedPeer.addresses(ns, config.macvlan(Family.IPV6)).containsAll(config.vips6());
        }
        return ok;
    }

    private boolean live(String ifname) {
        String out = NamespaceLab.run("ip", "-n", ns, "-j", "-d", "link", "show", "dev", ifname);
        try {
            JsonNode link = JSON.readTree(out).path(0);
            return !link.path("proto_down").asBoolean(false) && link.path("operstate").asText().equals("UP")
                    || !link.path("proto_down").asBoolean(false) && link.path("flags").toString().contains("LOWER_UP");
        } catch (IOException e) {
            throw new IllegalStateException(out, e);
        }
    }

    @Override
    public void gracefulStop() {
        stop(vrrpd, false);
        stop(zebra, false);
    }

    @Override
    public void crash() {
        stop(vrrpd, true);
        stop(zebra, true);
    }

    private static void stop(Process p, boolean force) {
        if (!p.isAlive()) {
            return;
        }
        if (force) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes the macvlans, and with them any VIP left on them. */
    @Override
    public void removeVips() {
        for (Family f : List.of(Family.IPV4, Family.IPV6)) {
            try {
                new ProcessBuilder("ip", "-n", ns, "link", "del", config.macvlan(f)).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public Path logFile() {
        return dir.resolve("vrrpd.log");
    }

    public String log() {
        StringBuilder b = new StringBuilder();
        for (String f : List.of("zebra.log", "vrrpd.log")) {
            try {
                b.append("== ").append(f).append('\n').append(Files.readString(dir.resolve(f)));
            } catch (IOException e) {
                b.append("(no ").append(f).append(")\n");
            }
        }
        return b.toString();
    }

    /** Stops both daemons (SIGKILL after 5 s) and removes the macvlans; never throws. */
    @Override
    public void close() {
        try {
            gracefulStop();
        } catch (RuntimeException e) {
            System.err.println("FrrPeer " + ns + ": " + e);
        }
        try {
            removeVips();
        } catch (RuntimeException e) {
            System.err.println("FrrPeer " + ns + ": " + e);
        }
    }

    @Override
    public String toString() {
        return "frr[" + ns + " vrid " + config.vrid() + "/" + config.priority() + " dir " + dir + "]";
    }
}
