package io.vrrpd.daemon.metrics;

import io.vrrpd.core.fsm.TransitionReason;
import io.vrrpd.daemon.instance.Instance;
import io.vrrpd.hooks.ReportedState;

import java.util.HashMap;
import java.util.Map;

/**
 * Turns a transition's free-text reason into a short, bounded {@code reason} label: the state
 * machine's reasons by name ({@code master-down}, {@code preempted}, ...), the rest by the
 * state reached ({@code egress-verified}, {@code egress-failed}, {@code fault}, {@code stopped}).
 * Free text (interface names, egress details) never becomes a label value.
 */
public final class TransitionReasons {
    /** The label of a Backup to Master takeover because no advert came within Master_Down_Interval. */
    public static final String MASTER_DOWN = "master-down";
    /** The label of a FAULT because one of the instance's event-loop tasks threw. */
    public static final String INTERNAL_ERROR = "internal-error";

    private static final Map<String, String> BY_TEXT = new HashMap<>();

    static {
        for (TransitionReason r : TransitionReason.values()) {
            BY_TEXT.put(r.text(), r == TransitionReason.MASTER_DOWN_TIMER ? MASTER_DOWN
                    : r.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
    }

    private TransitionReasons() {
    }

    public static String label(ReportedState to, String reason) {
        String known = reason == null ? null : BY_TEXT.get(reason);
        if (known != null) {
            return known;
        }
        if (to == ReportedState.FAULT && reason != null && reason.startsWith(Instance.INTERNAL_ERROR)) {
            return INTERNAL_ERROR;
        }
        return switch (to) {
            case MASTER -> "egress-verified";
            case EGRESS_FAILED -> "egress-failed";
            case FAULT -> "fault";
            case INIT -> "stopped";
            case ACTIVATING -> "activating";
            case BACKUP -> "other";
        };
    }
}
