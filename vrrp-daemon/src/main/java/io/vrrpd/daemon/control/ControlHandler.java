package io.vrrpd.daemon.control;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletableFuture;

/**
 * Answers control requests. {@code status} must be served from a snapshot without waiting on
 * the event loop; commands that change state post to the loop and complete later.
 */
public interface ControlHandler {
    /** Handles {@code command}; the future completes with the {@code result} object or fails with a message. */
    CompletableFuture<Object> handle(String command, JsonNode args);

    /**
     * For streaming commands ({@code watch}): subscribes {@code sink} to one JSON-able object per
     * event and returns the subscription, or null when {@code command} does not stream.
     */
    default AutoCloseable stream(String command, JsonNode args, java.util.function.Consumer<Object> sink) {
        return null;
    }
}
