package io.vrrpd.daemon.vrrpctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.daemon.control.ControlClient;
import io.vrrpd.daemon.control.ControlProtocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code vrrpctl status [--json]}: every instance and sync group. */
@Command(name = "status", description = "Show every instance and sync group.")
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    Vrrpctl parent;

    @Option(names = "--json", description = "Print the stable JSON schema documented in docs/control-socket.md.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        JsonNode answer;
        try {
            answer = ControlClient.call(parent.socket, "status", null);
        } catch (ControlClient.UnreachableException e) {
            System.err.println("vrrpctl: " + e.getMessage());
            return Vrrpctl.EXIT_UNREACHABLE;
        }
        if (!answer.path("ok").asBoolean(false)) {
            System.err.println("vrrpctl: vrrpd answered: " + answer.path("error").asText("unknown error"));
            return Vrrpctl.EXIT_DAEMON_ERROR;
        }
        JsonNode result = answer.path("result");
        if (json) {
            out.println(ControlProtocol.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
        } else {
            out.print(StatusTable.render(result, System.console() != null && System.getenv("NO_COLOR") == null));
        }
        return Vrrpctl.EXIT_OK;
    }
}
