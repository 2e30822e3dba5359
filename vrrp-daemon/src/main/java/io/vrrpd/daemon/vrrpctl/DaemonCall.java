package io.vrrpd.daemon.vrrpctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vrrpd.daemon.control.ControlClient;

import java.io.IOException;
import java.nio.file.Path;

/** One request to the daemon with vrrpctl's error convention: the message on stderr, the exit code returned. */
final class DaemonCall {
    private DaemonCall() {
    }

    /** The daemon's {@code result}, or null after printing why there is none; {@code exit[0]} holds the code. */
    static JsonNode call(Path socket, String command, ObjectNode args, int[] exit) throws IOException {
        JsonNode answer;
        try {
            answer = ControlClient.call(socket, command, args);
        } catch (ControlClient.UnreachableException e) {
            System.err.println("vrrpctl: " + e.getMessage());
            exit[0] = Vrrpctl.EXIT_UNREACHABLE;
            return null;
        }
        if (!answer.path("ok").asBoolean(false)) {
            System.err.println("vrrpctl: vrrpd answered: " + answer.path("error").asText("unknown error"));
            exit[0] = Vrrpctl.EXIT_DAEMON_ERROR;
            return null;
        }
        exit[0] = Vrrpctl.EXIT_OK;
        return answer.path("result");
    }
}
