package io.vrrpd.hooks;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.util.Objects;

/**
 * What the daemon does while a hook's verification fails (DESIGN.md, EGRESS_FAILED):
 * {@code DEMOTE} advertises the priority lowered by {@code demoteBy} so a healthy peer takes
 * over; {@code HOLD} stays master. The priority comes back once verification has succeeded
 * continuously for {@code holdDown}.
 */
public record FailurePolicy(Action onFailure, int demoteBy, Duration holdDown) {
    public static final FailurePolicy DEFAULT = new FailurePolicy(Action.DEMOTE, 50, Duration.ofSeconds(10));

    public FailurePolicy {
        Objects.requireNonNull(onFailure, "onFailure");
        Objects.requireNonNull(holdDown, "holdDown");
        if (demoteBy < 0 || demoteBy > 254) {
            throw new IllegalArgumentException("demote-by " + demoteBy + " (expected: 0..254)");
        }
    }

    /** The failure policies, bound from {@code demote} / {@code hold}. */
    public enum Action {
        @JsonProperty("demote") DEMOTE,
        @JsonProperty("hold") HOLD
    }
}
