package io.vrrpd.daemon.takeover;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The hand-over's wire format: one JSON object, versioned. The version is read before anything
 * else, so that a newer build refuses an older (or newer) state it cannot read as a
 * {@link HandoverDecoding.UnknownVersion} rather than misreading it.
 */
public final class HandoverCodec {
    /** The format version this build writes and reads. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private HandoverCodec() {
    }

    public static String encode(HandoverState state) {
        try {
            return JSON.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("hand-over state not serialisable", e);
        }
    }

    public static HandoverDecoding decode(String text) {
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new HandoverDecoding.Malformed(e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject() || !tree.path("version").isInt()) {
            return new HandoverDecoding.Malformed("no integer \"version\" field");
        }
        int version = tree.get("version").intValue();
        if (version != VERSION) {
            return new HandoverDecoding.UnknownVersion(version, VERSION);
        }
        try {
            return new HandoverDecoding.Accepted(JSON.treeToValue(tree, HandoverState.class));
        } catch (JsonProcessingException e) {
            return new HandoverDecoding.Malformed(e.getOriginalMessage());
        }
    }
}
