package io.vrrpd.daemon.control;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * What the daemon answers on the control socket. The server has already checked the caller's
 * role and the arguments; {@code status} must be served from a snapshot without waiting on the
 * event loop, and commands that change state post to the loop and complete later.
 */
public interface ControlHandler {
    /** Answers a one-shot command; the future completes with the {@code result} object or fails with a message. */
    CompletableFuture<Object> handle(ControlCommand command, Selection selection);

    /**
     * Subscribes the server, once, to the events {@code watch} streams: one JSON-able object per
     * event, delivered on {@code executor}. Close the result to stop.
     */
    default AutoCloseable subscribe(Executor executor, Consumer<Object> events) {
        return () -> { };
    }
}
