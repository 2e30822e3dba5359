package io.vrrpd.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.daemon.control.ControlHandler;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.runtime.DaemonRuntime;
import io.vrrpd.daemon.status.StatusBoard;

import java.util.concurrent.CompletableFuture;

/** The control commands a running daemon answers. {@code status} never waits on the event loop. */
final class DaemonControl implements ControlHandler {
    private final StatusBoard board;
    private final EventLoop loop;
    private final DaemonRuntime runtime;

    DaemonControl(StatusBoard board, EventLoop loop, DaemonRuntime runtime) {
        this.board = board;
        this.loop = loop;
        this.runtime = runtime;
    }

    @Override
    public CompletableFuture<Object> handle(String command, JsonNode args) {
        return switch (command) {
            case "status" -> CompletableFuture.completedFuture(board.snapshot());
            default -> CompletableFuture.failedFuture(new IllegalArgumentException(
                    "unknown command '" + command + "' (known: status)"));
        };
    }
}
