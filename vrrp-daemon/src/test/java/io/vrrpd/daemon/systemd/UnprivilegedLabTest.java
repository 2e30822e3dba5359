package io.vrrpd.daemon.systemd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vrrpd.daemon.ExitCode;
import io.vrrpd.daemon.Vrrpd;
import io.vrrpd.daemon.control.ControlClient;
import io.vrrpd.hooks.kernel.rtnetlink.NetNamespace;
import io.vrrpd.hooks.testlab.Lab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon as user nobody in a namespace, with exactly CAP_NET_RAW and CAP_NET_ADMIN (as the
 * systemd unit grants them, here through setpriv's ambient set): it becomes MASTER with no peer
 * and its VIP appears. Without the capabilities it stops at once, naming what is missing, exit 3.
 *
 * <p>The test JVM's classpath is copied world-readable into a temporary directory, since the
 * Maven repository is usually readable by root only.
 */
class UnprivilegedLabTest {
    private static final String VIP = "192.0.2.1";
    private Path dir;
    private Lab lab;
    private Process daemon;

    @BeforeEach
    void setUp() throws IOException {
        Lab.assumeAvailable();
        Assumptions.assumeTrue(new File("/usr/bin/setpriv").canExecute() || new File("/bin/setpriv").canExecute(),
                "needs util-linux's setpriv");
        Assumptions.assumeTrue(io.vrrpd.daemon.net.Libpcap.isAvailable(),
                () -> "lab test needs libpcap (" + io.vrrpd.daemon.net.Libpcap.FIX + ")");
        dir = Files.createTempDirectory("vrrpd-nobody");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        lab = Lab.create("sy");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (lab != null) {
            lab.close();
        }
        if (dir != null) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void asNobodyWithTheTwoCapabilitiesItBecomesMasterAndInstallsTheVip() throws Exception {
        String ns = lab.addHost("r", false);
        String peer = lab.addHost("p", false);
        String ifname = lab.prefix() + "r";
        lab.veth(ns, ifname, peer, lab.prefix() + "p");
        lab.in(ns, "ip", "addr", "add", "192.0.2.11/24", "dev", ifname);

        try (UnixDatagram systemd = UnixDatagram.bind(dir.resolve("notify").toString())) {
            Files.setPosixFilePermissions(dir.resolve("notify"), PosixFilePermissions.fromString("rw-rw-rw-"));
            daemon = start(ns, config(ifname), "+net_raw,+net_admin", dir.resolve("notify").toString());
            List<String> notes = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (String d = systemd.poll(); d != null; d = systemd.poll()) {
                    notes.add(d);
                }
                return !daemon.isAlive() || notes.contains("WATCHDOG=1");
            });
            assertTrue(daemon.isAlive(), () -> "vrrpd exited " + daemon.exitValue() + ": " + output());
            assertTrue(notes.stream().anyMatch(n -> n.startsWith("READY=1\nSTATUS=1 instance: gw4 ")), notes::toString);
            assertTrue(notes.indexOf("WATCHDOG=1") > 0, "READY=1 comes first: " + notes);
        }
        Path socket = dir.resolve("vrrpd.sock");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !daemon.isAlive() || vipPresent(ns, ifname));
        assertTrue(daemon.isAlive(), () -> "vrrpd exited " + daemon.exitValue() + ": " + output());
        await().atMost(Duration.ofSeconds(10)).until(() -> "MASTER".equals(state(socket)));
        assertTrue(Files.readString(dir.resolve("stderr")).contains("-> MASTER"), this::output);
        String metrics = NetNamespace.callIn(ns, UnprivilegedLabTest::scrape);
        assertTrue(metrics.contains("vrrpd_instance_state{family=\"ipv4\",instance=\"gw4\",interface=\"" + ifname
                + "\",state=\"MASTER\",vrid=\"51\"} 1.0"), metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("vrrpd_adverts_sent_total{") && !l.endsWith(" 0.0")), metrics);
        assertTrue(metrics.contains("vrrpd_master_down_expiries_total{family=\"ipv4\",instance=\"gw4\",interface=\""
                + ifname + "\",vrid=\"51\"} 1.0"), metrics);
        // ip netns exec and setpriv exec in place: the process is the JVM, as nobody with exactly the two.
        String proc = Files.readString(Path.of("/proc", Long.toString(daemon.pid()), "status"));
        assertTrue(proc.lines().anyMatch(l -> l.matches("Uid:\\s+65534\\s.*")), proc);
        assertTrue(proc.lines().anyMatch(l -> l.equals("CapEff:\t0000000000003000")), proc);

        daemon.destroy(); // SIGTERM: priority 0, VIP removed, exit 0
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "vrrpd did not stop on SIGTERM");
        assertEquals(ExitCode.OK.code(), daemon.exitValue(), this::output);
        assertFalse(vipPresent(ns, ifname), "the VIP was left behind");
    }

    @Test
    void asNobodyWithoutTheCapabilitiesItFailsAtOnceNamingThem() throws Exception {
        String ns = lab.addHost("r", false);
        String peer = lab.addHost("p", false);
        String ifname = lab.prefix() + "r";
        lab.veth(ns, ifname, peer, lab.prefix() + "p");
        lab.in(ns, "ip", "addr", "add", "192.0.2.11/24", "dev", ifname);

        daemon = start(ns, config(ifname), null, null);
        assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "vrrpd without capabilities kept running");
        assertEquals(ExitCode.PRIVILEGES.code(), daemon.exitValue(), this::output);
        String err = Files.readString(dir.resolve("stderr"));
        assertTrue(err.contains("missing capabilities CAP_NET_RAW and CAP_NET_ADMIN"), err);
        assertFalse(vipPresent(ns, ifname));
    }

    private Path config(String ifname) throws IOException {
        Path config = dir.resolve("vrrpd.yaml");
        Files.writeString(config, String.join("\n",
                "instances:",
                "  gw4:",
                "    family: ipv4",
                "    interface: " + ifname,
                "    vrid: 51",
                "    priority: 150",
                "    advert-interval: 100ms",
                "    virtual-addresses: [" + VIP + "/24]",
                ""));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        return config;
    }

    /** Starts vrrpd in {@code ns} as nobody, with {@code caps} in the inheritable and ambient sets (null: none). */
    private Process start(String ns, Path config, String caps, String notifySocket) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path jna = Files.createDirectories(dir.resolve("jna"));
        Files.setPosixFilePermissions(jna, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, "setpriv", "--reuid=nobody",
                "--regid=nogroup", "--clear-groups",
                "--inh-caps=-all" + (caps == null ? "" : "," + caps),
                "--ambient-caps=-all" + (caps == null ? "" : "," + caps),
                java, "-Djna.tmpdir=" + jna, "-Xmx128m", "-cp", readableClasspath(), Vrrpd.class.getName(),
                "--config", config.toString(), "--socket", dir.resolve("vrrpd.sock").toString(), "--metrics", "9405"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("NOTIFY_SOCKET");
        if (notifySocket != null) {
            pb.environment().put("NOTIFY_SOCKET", notifySocket);
            pb.environment().put("WATCHDOG_USEC", "400000");
        }
        return pb.directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile()).start();
    }

    /** This JVM's classpath, copied where nobody can read it. */
    private String readableClasspath() throws IOException {
        Path cp = Files.createDirectories(dir.resolve("cp"));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path src = Path.of(entry);
            if (!Files.exists(src)) {
                continue;
            }
            Path dst = cp.resolve((n++) + "-" + src.getFileName());
            if (Files.isDirectory(src)) {
                try (Stream<Path> all = Files.walk(src)) {
                    all.forEach(p -> copy(p, dst.resolve(src.relativize(p).toString())));
                }
            } else {
                copy(src, dst);
            }
            entries.add(dst.toString());
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.forEach(p -> p.toFile().setReadable(true, false));
        }
        try (Stream<Path> all = Files.walk(cp)) {
            all.filter(Files::isDirectory).forEach(p -> p.toFile().setExecutable(true, false));
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void copy(Path from, Path to) {
        try {
            if (Files.isDirectory(from)) {
                Files.createDirectories(to);
            } else {
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean vipPresent(String ns, String ifname) throws IOException {
        JsonNode links = new ObjectMapper().readTree(lab.in(ns, "ip", "-j", "addr", "show", "dev", ifname));
        for (JsonNode link : links) {
            for (JsonNode a : link.path("addr_info")) {
                if (VIP.equals(a.path("local").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** GET /metrics on the namespace's loopback (the socket is made on this thread, inside the namespace). */
    private static String scrape() throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), 9405)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String state(Path socket) {
        try {
            JsonNode answer = ControlClient.call(socket, "status", null);
            return answer.path("result").path("instances").get(0).path("state").asText();
        } catch (Exception e) {
            return null;
        }
    }

    private String output() {
        try {
            return "\nstdout:\n" + Files.readString(dir.resolve("stdout")) + "\nstderr:\n" + Files.readString(dir.resolve("stderr"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
