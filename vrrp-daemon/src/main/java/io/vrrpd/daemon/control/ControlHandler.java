package io.vrrpd.daemon.control;

import java.util.List;
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
     * {@code retire}: stop without priority 0 and leave the {@code adopted} instances' VIPs and
     * routes in the kernel (a {@code vrrpd --take-over} runs them now), release the others; the
     * daemon exits once answered. Not served unless the daemon says so.
     */
    default CompletableFuture<Object> retire(List<String> adopted) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("retire is not served here"));
    }

    /** The answer to {@code retire} has been sent (or could not be): the daemon may close the socket and exit. */
    default void retireAnswered() {
    }

    /**
     * Subscribes the server, once, to the events {@code watch} streams: one JSON-able object per
     * event, delivered on {@code executor}. Close the result to stop.
     */
    default AutoCloseable subscribe(Executor executor, Consumer<Object> events) {
        return () -> { };
    }
}
