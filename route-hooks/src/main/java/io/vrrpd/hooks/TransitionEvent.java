package io.vrrpd.hooks;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

/**
 * A reported-state change handed to hooks: which instance, {@code from} and {@code to}, the
 * virtual addresses and the reason, passed explicitly so a hook never has to look anything up
 * by name.
 */
public record TransitionEvent(InstanceRef instance, ReportedState from, ReportedState to,
                              List<InetAddress> virtualAddresses, String reason, Instant at) {
    public TransitionEvent {
        virtualAddresses = List.copyOf(virtualAddresses);
    }

    /** Whether the instance became protocol master (hooks install and verify egress). */
    public boolean takingOver() {
        return to == ReportedState.ACTIVATING;
    }
}
