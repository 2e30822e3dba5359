package io.vrrpd.daemon.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The control socket's wire format: one JSON object per line each way, then the server closes.
 * A request is {@code {"version":1,"command":"status","args":{...}}}; an answer is
 * {@code {"version":1,"ok":true,"result":...}} or {@code {"version":1,"ok":false,"error":"..."}}.
 * Documented in docs/control-socket.md.
 */
public final class ControlProtocol {
    /** Protocol version; a server answers requests of a newer version with an error. */
    public static final int VERSION = 1;

    /** Shared, configured once. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.ALWAYS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private ControlProtocol() {
    }

    /** A request line as sent by vrrpctl. */
    public record Request(int version, String command, JsonNode args) {
    }

    /** An answer line. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Response(int version, boolean ok, Object result, String error) {
        public static Response ok(Object result) {
            return new Response(VERSION, true, result, null);
        }

        public static Response error(String message) {
            return new Response(VERSION, false, null, message);
        }
    }
}
