package io.vrrpd.daemon.vrrpctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.daemon.control.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code vrrpctl watch [--json]}: a live stream of transitions until interrupted. */
@Command(name = "watch", description = "Print every reported-state transition as it happens (Ctrl-C to stop).")
final class WatchCommand implements Callable<Integer> {
    @ParentCommand
    Vrrpctl parent;

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try {
            ControlClient.stream(parent.socket, "watch", line -> {
                JsonNode e = line.path("result");
                if (e.path("watching").asBoolean() && !json) {
                    System.err.println("vrrpctl: watching " + parent.socket + " (Ctrl-C to stop)");
                    return;
                }
                if (json) {
                    System.out.println(e.toString());
                } else {
                    JsonNode t = e.path("transition");
                    System.out.printf("%s  %-12s %s vrid %s  %s -> %s  (%s)%n", t.path("at").asText(), e.path("instance").asText(),
                            e.path("family").asText(), e.path("vrid").asText(), t.path("from").asText(),
                            t.path("to").asText(), t.path("reason").asText());
                }
                System.out.flush();
            });
        } catch (ControlClient.UnreachableException e) {
            System.err.println("vrrpctl: " + e.getMessage());
            return Vrrpctl.EXIT_UNREACHABLE;
        }
        return Vrrpctl.EXIT_OK;
    }
}
