package io.vrrpd.daemon.takeover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vrrpd.daemon.control.ControlClient;
import io.vrrpd.daemon.control.ControlCommand;
import io.vrrpd.daemon.control.ControlProtocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;

/**
 * The new process's side of {@code vrrpd --take-over}, over the running daemon's control socket:
 * ask for its state ({@code hand-over}), and once this process runs the instances, tell it to
 * retire ({@code retire}) and wait until its socket is free.
 */
public final class TakeOverClient {
    private TakeOverClient() {
    }

    /** What asking the running daemon gave. */
    public sealed interface Answer {
        /** Nobody answers on the socket: there is nothing to take over, and this process starts normally. */
        record NoneRunning(String why) implements Answer {
        }

        /** The running daemon answered with its state, readable by this build or not. */
        record Received(HandoverDecoding decoding) implements Answer {
        }

        /** A daemon runs but will not hand over (too old, or the caller may not act): start nothing. */
        record Refused(String why) implements Answer {
        }
    }

    /** Asks the daemon on {@code socket} for its state. */
    public static Answer ask(Path socket) {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS) || !ControlClient.answers(socket)) {
            return new Answer.NoneRunning("no vrrpd answers on " + socket);
        }
        JsonNode reply;
        try {
            reply = ControlClient.call(socket, ControlCommand.HAND_OVER.wireName(), null);
        } catch (IOException e) {
            return new Answer.Refused("cannot ask the vrrpd on " + socket + " for its state: " + e.getMessage());
        }
        if (!reply.path("ok").asBoolean(false)) {
            String error = reply.path("error").asText("no answer");
            if (error.startsWith("unknown command")) {
                return new Answer.Refused("the vrrpd on " + socket + " cannot hand over (it predates --take-over: "
                        + error + "); stop it first, or restart the service, which re-elects");
            }
            return new Answer.Refused("the vrrpd on " + socket + " refused to hand over: " + error);
        }
        return new Answer.Received(HandoverCodec.decode(reply.path("result").toString()));
    }

    /**
     * Tells the daemon on {@code socket} to retire, leaving the {@code adopted} instances to this
     * process, and returns its answer's {@code result}.
     *
     * @throws IOException when it cannot be reached or refuses, with its words
     */
    public static JsonNode retire(Path socket, Collection<String> adopted) throws IOException {
        ObjectNode args = ControlProtocol.JSON.createObjectNode();
        args.putArray("adopted").addAll(adopted.stream().map(n -> (JsonNode) ControlProtocol.JSON.getNodeFactory()
                .textNode(n)).toList());
        JsonNode reply = ControlClient.call(socket, ControlCommand.RETIRE.wireName(), args);
        if (!reply.path("ok").asBoolean(false)) {
            throw new IOException("the vrrpd on " + socket + " did not retire: " + reply.path("error").asText("no answer"));
        }
        return reply.path("result");
    }

    /** Waits until nobody answers on {@code socket} (the old daemon closed it); false when {@code bound} passed first. */
    public static boolean awaitClosed(Path socket, Duration bound) throws InterruptedException {
        long end = System.nanoTime() + bound.toNanos();
        while (ControlClient.answers(socket)) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
