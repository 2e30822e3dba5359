package io.vrrpd.hooks;

import java.time.Duration;
import java.util.Objects;

/**
 * What the daemon does while a hook's verification fails (DESIGN.md, EGRESS_FAILED):
 * {@code DEMOTE} advertises the priority lowered by {@code demoteBy} (never below 1) so a healthy
 * peer takes over; {@code HOLD} stays master. The priority comes back once verification has
 * succeeded continuously for {@code holdDown}.
 *
 * <p>The defaults are the ones every hook gets unless its config says otherwise: demote by
 * {@value #DEFAULT_DEMOTE_BY}, which takes any router down to priority 1, so that a healthy
 * backup wins whatever the two routers' configured priorities are (docs/hooks.md says why a
 * smaller step is not a safe default).
 */
public record FailurePolicy(Action onFailure, int demoteBy, Duration holdDown) {
    /** The least {@code demote-by}: a demotion lowers the advertised priority. */
    public static final int MIN_DEMOTE_BY = 1;
    /** The most {@code demote-by}: 255 - 1, the owner down to the lowest priority a router advertises. */
    public static final int MAX_DEMOTE_BY = 254;
    /** The default {@code demote-by}: every router down to priority 1. */
    public static final int DEFAULT_DEMOTE_BY = MAX_DEMOTE_BY;
    /** The default {@code hold-down}. */
    public static final Duration DEFAULT_HOLD_DOWN = Duration.ofSeconds(10);
    /** The longest {@code hold-down}. */
    public static final Duration MAX_HOLD_DOWN = Duration.ofHours(1);

    public static final FailurePolicy DEFAULT = new FailurePolicy(Action.DEMOTE, DEFAULT_DEMOTE_BY, DEFAULT_HOLD_DOWN);

    public FailurePolicy {
        Objects.requireNonNull(onFailure, "onFailure");
        Objects.requireNonNull(holdDown, "holdDown");
        if (demoteBy < MIN_DEMOTE_BY || demoteBy > MAX_DEMOTE_BY) {
            throw new IllegalArgumentException("demote-by " + demoteBy + " (expected: " + MIN_DEMOTE_BY + "-"
                    + MAX_DEMOTE_BY + ")");
        }
    }

    /** The failure policies, written {@code demote} and {@code hold} in the config. */
    public enum Action {
        DEMOTE, HOLD;

        /** The word in the config. */
        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
