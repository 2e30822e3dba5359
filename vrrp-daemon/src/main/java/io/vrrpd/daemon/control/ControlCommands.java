package io.vrrpd.daemon.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.runtime.DaemonRuntime;
import io.vrrpd.daemon.status.StatusBoard;
import io.vrrpd.daemon.status.TransitionFeed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The commands the control socket serves, answered from the running daemon. {@code status} and
 * {@code watch} never wait on the event loop; {@code drain} and {@code undrain} run on it and
 * answer when done.
 */
public final class ControlCommands implements ControlHandler {
    static final List<String> COMMANDS = List.of("status", "watch", "drain", "undrain");

    private final StatusBoard board;
    private final TransitionFeed feed;
    private final EventLoop loop;
    private final DaemonRuntime runtime;

    public ControlCommands(StatusBoard board, TransitionFeed feed, EventLoop loop, DaemonRuntime runtime) {
        this.board = board;
        this.feed = feed;
        this.loop = loop;
        this.runtime = runtime;
    }

    @Override
    public CompletableFuture<Object> handle(String command, JsonNode args) {
        return switch (command) {
            case "status" -> CompletableFuture.completedFuture(board.snapshot());
            case "drain" -> onLoop(runtime::drain, names(args), "drained");
            case "undrain" -> onLoop(runtime::undrain, names(args), "undrained");
            default -> CompletableFuture.failedFuture(new IllegalArgumentException(
                    "unknown command '" + command + "' (known: " + String.join(", ", COMMANDS) + ")"));
        };
    }

    @Override
    public AutoCloseable stream(String command, JsonNode args, Consumer<Object> sink) {
        if (!command.equals("watch")) {
            return null;
        }
        return feed.subscribe(sink::accept);
    }

    private CompletableFuture<Object> onLoop(Function<List<String>, List<String>> action, List<String> names, String key) {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        loop.post(() -> {
            try {
                answer.complete(Map.of(key, action.apply(names)));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    private static List<String> names(JsonNode args) {
        List<String> names = new ArrayList<>();
        if (args != null) {
            args.path("instances").forEach(n -> names.add(n.asText()));
        }
        return names;
    }
}
