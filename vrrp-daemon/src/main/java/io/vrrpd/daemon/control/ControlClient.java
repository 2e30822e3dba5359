package io.vrrpd.daemon.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/** vrrpctl's side of the control socket: one request, one answer. */
public final class ControlClient {
    private ControlClient() {
    }

    /** The daemon is not running, or the socket cannot be used: the message says which and what to do. */
    public static final class UnreachableException extends IOException {
        private static final long serialVersionUID = 1L;

        public UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Sends {@code command} and returns the parsed answer object. */
    public static JsonNode call(Path socket, String command, ObjectNode args) throws IOException {
        return exchange(socket, command, args, ch -> {
            ch.shutdownOutput();
            return ControlProtocol.JSON.readTree(Channels.newInputStream(ch).readAllBytes());
        });
    }

    /**
     * Sends a streaming {@code command} and hands every answer line to {@code sink} until the
     * daemon closes the connection or the calling thread is interrupted.
     */
    public static void stream(Path socket, String command, java.util.function.Consumer<JsonNode> sink) throws IOException {
        exchange(socket, command, null, ch -> {
            var reader = new java.io.BufferedReader(new java.io.InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                sink.accept(ControlProtocol.JSON.readTree(line));
            }
            return null;
        });
    }

    private interface Reply<T> {
        T read(SocketChannel ch) throws IOException;
    }

    /** Connects, sends one request line, and lets {@code reply} read the answer; errors say what to do. */
    private static <T> T exchange(Path socket, String command, ObjectNode args, Reply<T> reply) throws IOException {
        if (!Files.exists(socket)) {
            throw new UnreachableException("vrrpd is not running: no control socket at " + socket
                    + " (start vrrpd, or pass --socket PATH for a daemon with its own socket)", null);
        }
        ObjectNode request = ControlProtocol.JSON.createObjectNode();
        request.put("version", ControlProtocol.VERSION);
        request.put("command", command);
        request.set("args", args == null ? ControlProtocol.JSON.createObjectNode() : args);
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap((ControlProtocol.JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8)));
            return reply.read(ch);
        } catch (AccessDeniedException e) {
            throw new UnreachableException("permission denied on " + socket
                    + ": run as root or as a member of the socket's group", e);
        } catch (java.net.SocketException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("Permission denied")) {
                throw new UnreachableException("permission denied on " + socket
                        + ": run as root or as a member of the socket's group", e);
            }
            throw new UnreachableException("vrrpd is not running: " + socket + " exists but nobody answers ("
                    + msg + "); a stale socket from a stopped daemon", e);
        }
    }

    /** Whether a daemon answers on {@code socket}. */
    public static boolean answers(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
