package io.vrrpd.daemon.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.daemon.vrrpctl.Vrrpctl;
import io.vrrpd.daemon.status.InstanceStatus;
import io.vrrpd.daemon.status.StatusBoard;
import io.vrrpd.daemon.status.SyncGroupStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The control socket over a real Unix domain socket, and vrrpctl against it. */
class ControlSocketTest {
    @TempDir
    Path dir;

    private static StatusBoard board() {
        StatusBoard board = new StatusBoard();
        board.publish(new InstanceStatus("gw4", "ipv4", 51, "eth0", "MASTER", "MASTER", 150, 150, "192.0.2.2",
                new InstanceStatus.Transition("2026-11-21T23:40:01Z", "ACTIVATING", "MASTER", "egress verified"),
                new InstanceStatus.Egress(true, "2026-11-21T23:40:01Z", "default via 198.51.100.1 dev eth1"),
                new InstanceStatus.Counters(10, 2, 0, 1, 1, Map.of("vrrpv3RouterChecksumErrors", 3L), 0, 0, 0, 0)));
        board.publishSyncGroups(List.of(new SyncGroupStatus("gw", "MASTER", List.of("gw4"))));
        return board;
    }

    private ControlServer serve(Path socket, StatusBoard board) throws Exception {
        return ControlServer.start(socket, null, (command, args) -> command.equals("status")
                ? CompletableFuture.completedFuture(board.snapshot())
                : CompletableFuture.failedFuture(new IllegalArgumentException("unknown command '" + command + "'")));
    }

    @Test
    void statusAnswersWithTheDocumentedSchemaAndTheSocketIsMode0660() throws Exception {
        Path socket = dir.resolve("vrrpd.sock");
        try (ControlServer server = serve(socket, board())) {
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            JsonNode answer = ControlClient.call(socket, "status", null);
            assertTrue(answer.path("ok").asBoolean(), answer.toString());
            JsonNode gw4 = answer.path("result").path("instances").get(0);
            for (String field : List.of("name", "family", "vrid", "interface", "state", "protocol-state", "priority",
                    "effective-priority", "master", "last-transition", "egress")) {
                assertTrue(gw4.has(field), "missing " + field + " in " + gw4);
            }
            assertEquals("egress verified", gw4.path("last-transition").path("reason").asText());
            assertTrue(gw4.path("egress").path("verified").asBoolean());
            assertEquals("gw", answer.path("result").path("sync-groups").get(0).path("name").asText());
        }
        assertFalse(Files.exists(socket), "socket file left behind after close");
    }

    @Test
    void anAnswerThatTakesTimeStillReachesAClientThatHalfClosed() throws Exception {
        Path socket = dir.resolve("vrrpd.sock");
        java.util.concurrent.ScheduledExecutorService later = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (ControlServer server = ControlServer.start(socket, null, (command, args) -> {
            CompletableFuture<Object> answer = new CompletableFuture<>();
            later.schedule(() -> answer.complete(Map.of("drained", List.of("gw4"))), 200, java.util.concurrent.TimeUnit.MILLISECONDS);
            return answer;
        })) {
            JsonNode answer = ControlClient.call(socket, "drain", null);
            assertTrue(answer.path("ok").asBoolean(), answer.toString());
            assertEquals("gw4", answer.path("result").path("drained").get(0).asText());
        } finally {
            later.shutdownNow();
        }
    }

    @Test
    void unknownCommandsAreErrorsNotCrashes() throws Exception {
        Path socket = dir.resolve("vrrpd.sock");
        try (ControlServer server = serve(socket, board())) {
            JsonNode answer = ControlClient.call(socket, "frobnicate", null);
            assertFalse(answer.path("ok").asBoolean());
            assertTrue(answer.path("error").asText().contains("frobnicate"));
        }
    }

    @Test
    void vrrpctlStatusPrintsAnAlignedTable() throws Exception {
        Path socket = dir.resolve("vrrpd.sock");
        try (ControlServer server = serve(socket, board())) {
            String out = captureStdout(() -> assertEquals(0, Vrrpctl.run("--socket", socket.toString(), "status")));
            String[] lines = out.split("\n");
            assertTrue(lines[0].startsWith("INSTANCE"), out);
            assertEquals(lines[0].indexOf("STATE"), lines[1].indexOf("MASTER"), "columns aligned:\n" + out);
            assertFalse(out.contains("\u001b["), "no colour when stdout is not a terminal");
        }
    }

    @Test
    void vrrpctlSaysWhenTheDaemonIsNotRunning() throws Exception {
        Path socket = dir.resolve("absent.sock");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Vrrpctl.run("--socket", socket.toString(), "status");
        } finally {
            System.setErr(old);
        }
        assertEquals(Vrrpctl.EXIT_UNREACHABLE, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("vrrpd is not running"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aStaleSocketFileIsReplacedButALiveDaemonIsNot() throws Exception {
        Path socket = dir.resolve("vrrpd.sock");
        Files.createFile(socket);
        try (ControlServer server = serve(socket, board())) {
            assertTrue(ControlClient.answers(socket));
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> serve(socket, board()));
            assertTrue(e.getMessage().contains("another vrrpd"), e.getMessage());
        }
    }

    private static String captureStdout(Runnable r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
