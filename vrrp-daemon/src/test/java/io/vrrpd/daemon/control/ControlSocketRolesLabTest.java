package io.vrrpd.daemon.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.daemon.host.LabRouter;
import io.vrrpd.daemon.host.Launcher;
import io.vrrpd.daemon.host.ReadableClasspath;
import io.vrrpd.hooks.testlab.Lab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may do what on a real daemon's control socket, with the real {@code vrrpctl} run as user
 * nobody: a member of the socket's group reads but cannot drain; a member of the operator group
 * can; every action is logged with the caller's uid. And a drain that does not say which
 * instances, or misspells its argument, drains nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControlSocketRolesLabTest {
    private static final String OPERATORS = "users"; // Debian's gid 100; nobody is not in it
    private Path dir;
    private LabRouter router;
    private Process daemon;
    private String classpath;

    @BeforeAll
    void startDaemon() throws Exception {
        Lab.assumeAvailable();
        Lab.assumeTool("setpriv", "util-linux");
        Lab.assumeTool("getent", "libc-bin");
        org.junit.jupiter.api.Assumptions.assumeTrue(Lab.run("getent", "group", OPERATORS).startsWith(OPERATORS + ":"),
                "needs group " + OPERATORS);
        org.junit.jupiter.api.Assumptions.assumeTrue(io.vrrpd.daemon.net.Libpcap.isAvailable(), io.vrrpd.daemon.net.Libpcap.FIX);
        dir = Files.createTempDirectory("vrrpd-roles");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        classpath = ReadableClasspath.copyInto(dir);
        router = LabRouter.create("cr");
        String ns = router.ns();
        router.writeConfig(dir.resolve("vrrpd.yaml"), 2);
        daemon = Launcher.command(List.of("ip", "netns", "exec", ns), Launcher.classpath(),
                        "--config", dir.resolve("vrrpd.yaml").toString(), "--socket", socket().toString(),
                        "--socket-group", "nogroup", "--operator-group", OPERATORS)
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> !daemon.isAlive() || (state("gw4").equals("MASTER")
                && state("gw5").equals("MASTER")));
        assertTrue(daemon.isAlive(), this::log);
    }

    @AfterAll
    void stopDaemon() throws Exception {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroy();
            if (!daemon.waitFor(20, TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (router != null) {
            router.close();
        }
        LabRouter.deleteTree(dir);
    }

    @Test
    void aMemberOfTheSocketGroupReadsButCannotDrain() throws Exception {
        Run status = vrrpctlAsNobody(List.of(), "status", "--json");
        assertEquals(0, status.exit, status.output);
        assertTrue(status.output.contains("\"gw4\""), status.output);

        Run drain = vrrpctlAsNobody(List.of(), "drain", "--all");
        assertEquals(1, drain.exit, drain.output);
        assertTrue(drain.output.contains("permission denied"), drain.output);
        assertTrue(drain.output.contains("uid 65534"), drain.output);
        assertEquals("MASTER", state("gw4"), "a reader drained the router");
        await().atMost(Duration.ofSeconds(5)).until(() -> log().contains("control: drain refused to uid 65534"));
    }

    @Test
    void aMemberOfTheOperatorGroupActsAndTheActionIsLoggedWithItsUid() throws Exception {
        Run drain = vrrpctlAsNobody(List.of("--groups=" + OPERATORS), "drain", "gw5");
        assertEquals(0, drain.exit, drain.output);
        assertTrue(drain.output.contains("drained: gw5"), drain.output);
        await().atMost(Duration.ofSeconds(10)).until(() -> state("gw5").equals("INIT"));
        assertEquals("MASTER", state("gw4"), "only the named instance is drained");
        await().atMost(Duration.ofSeconds(5)).until(() -> log().contains("control: drain gw5 by uid 65534"));

        Run undrain = vrrpctlAsNobody(List.of("--groups=" + OPERATORS), "undrain", "gw5");
        assertEquals(0, undrain.exit, undrain.output);
        await().atMost(Duration.ofSeconds(10)).until(() -> state("gw5").equals("MASTER"));
    }

    @Test
    void aDrainThatNamesNoInstanceOrMisspellsItsArgumentDrainsNothing() throws Exception {
        for (String args : List.of("{}", "{\"instance\":[\"gw4\"]}", "{\"instances\":[]}", "{\"all\":\"yes\"}")) {
            JsonNode answer = raw("{\"version\":1,\"command\":\"drain\",\"args\":" + args + "}");
            assertFalse(answer.path("ok").asBoolean(), args + " -> " + answer);
            assertEquals("MASTER", state("gw4"), args + " drained gw4");
            assertEquals("MASTER", state("gw5"), args + " drained gw5");
        }
        JsonNode misspelt = raw("{\"version\":1,\"command\":\"drain\",\"args\":{\"instance\":[\"gw4\"]}}");
        assertTrue(misspelt.path("error").asText().contains("unknown argument 'instance'"), misspelt.toString());
        JsonNode none = raw("{\"version\":1,\"command\":\"drain\",\"args\":{}}");
        assertTrue(none.path("error").asText().contains("\"all\": true"), none.toString());
        JsonNode statusArgs = raw("{\"version\":1,\"command\":\"status\",\"args\":{\"verbose\":true}}");
        assertTrue(statusArgs.path("error").asText().contains("unknown argument 'verbose'"), statusArgs.toString());
    }

    @Test
    void aReaderWhoHoldsEveryConnectionItMayDoesNotLockTheOperatorOut() throws Exception {
        Lab.assumeTool("python3", "python3");
        // user nobody opens 40 watch connections and never reads: 16 are its share
        String hold = String.join("\n",
                "import socket, sys, time",
                "held, refused = [], 0",
                "for i in range(40):",
                "    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
                "    s.connect(sys.argv[1])",
                "    s.sendall(b'{\"version\":1,\"command\":\"watch\",\"args\":{}}\\n')",
                "    held.append(s)",
                "time.sleep(0.5)",
                "for s in held:",
                "    s.setblocking(False)",
                "    try:",
                "        if b'too many control connections from uid 65534' in s.recv(4096):",
                "            refused += 1",
                "    except BlockingIOError:",
                "        pass",
                "print('refused', refused, flush=True)",
                "time.sleep(60)",
                "");
        Path script = dir.resolve("hold.py");
        Files.writeString(script, hold);
        script.toFile().setReadable(true, false);
        Process holder = new ProcessBuilder("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "/usr/bin/env", "python3", script.toString(), socket().toString()).redirectErrorStream(true).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            assertEquals("refused 24", line, "nobody holds its share of 16, the other 24 are refused");
            // root still drains and undrains, and status still answers
            JsonNode drained = ControlClient.call(socket(), "drain", ControlProtocol.JSON.createObjectNode().put("all", true));
            assertTrue(drained.path("ok").asBoolean(), drained.toString());
            JsonNode undrained = ControlClient.call(socket(), "undrain", ControlProtocol.JSON.createObjectNode().put("all", true));
            assertTrue(undrained.path("ok").asBoolean(), undrained.toString());
            await().atMost(Duration.ofSeconds(10)).until(() -> state("gw4").equals("MASTER") && state("gw5").equals("MASTER"));
        } finally {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private record Run(int exit, String output) {
    }

    /** The real vrrpctl as nobody (group nogroup, the socket's), with {@code groups} added. */
    private Run vrrpctlAsNobody(List<String> groups, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup"));
        cmd.addAll(groups.isEmpty() ? List.of("--clear-groups") : groups);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-XX:TieredStopAtLevel=1", "-cp", classpath, "io.vrrpd.daemon.vrrpctl.Vrrpctl", "--socket", socket().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "vrrpctl did not finish");
        return new Run(p.exitValue(), out);
    }

    private JsonNode raw(String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket()));
            ch.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.shutdownOutput();
            return ControlProtocol.JSON.readTree(Channels.newInputStream(ch).readAllBytes());
        }
    }

    private String state(String name) {
        try {
            for (JsonNode i : ControlClient.call(socket(), "status", null).path("result").path("instances")) {
                if (i.path("name").asText().equals(name)) {
                    return i.path("state").asText();
                }
            }
        } catch (IOException e) {
            return "down";
        }
        return "absent";
    }

    private Path socket() {
        return dir.resolve("vrrpd.sock");
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("log"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
