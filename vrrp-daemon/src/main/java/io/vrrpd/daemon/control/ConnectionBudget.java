package io.vrrpd.daemon.control;

import java.util.HashMap;
import java.util.Map;

/**
 * Control connections held by callers who may only read, against {@link ControlLimits}: so many
 * per user and so many in all. Callers who may act (root, the daemon's user, the operator group)
 * are not counted, so no reader can hold every connection and lock an operator out of a drain.
 * Used on the control socket's thread only.
 */
final class ConnectionBudget {
    private final ControlLimits limits;
    private final Map<Integer, Integer> perUser = new HashMap<>();
    private int total;

    ConnectionBudget(ControlLimits limits) {
        this.limits = limits;
    }

    /** Takes a connection for {@code caller}; the refusal to send when over budget, else null. */
    String admit(Caller caller) {
        int mine = perUser.getOrDefault(caller.uid(), 0);
        if (mine >= limits.maxConnectionsPerUser()) {
            return "too many control connections from uid " + caller.uid() + " (" + mine + " open); close some and try again";
        }
        if (total >= limits.maxConnections()) {
            return "too many control connections (" + total + " open); try again";
        }
        perUser.put(caller.uid(), mine + 1);
        total++;
        return null;
    }

    /** Gives back what {@link #admit} took. */
    void release(Caller caller) {
        perUser.computeIfPresent(caller.uid(), (uid, n) -> n > 1 ? n - 1 : null);
        total--;
    }
}
