package io.vrrpd.core.fsm;

import io.vrrpd.core.VrrpVersion;
import java.util.Objects;

/**
 * An output of {@link VirtualRouter#handle(Event, long)}: something the driver must do, in list
 * order. Effects are immutable values; equal effects are {@code equals}.
 */
public sealed interface Effect {

    /**
     * Send one advert now with this priority (0 = release), interval (centiseconds; for VRRPv2
     * whole seconds) and version. A router in mixed mode emits two, VRRPv3 first, then VRRPv2.
     */
    record SendAdvert(int priority, int intervalCs, VrrpVersion version) implements Effect {
        public SendAdvert {
            Objects.requireNonNull(version, "version");
        }

        /** A VRRPv3 advert. */
        public SendAdvert(int priority, int intervalCs) {
            this(priority, intervalCs, VrrpVersion.V3);
        }
    }

    /** Arm (or re-arm, replacing the old deadline) a timer to fire at {@code deadlineNanos}. */
    record ArmTimer(TimerKind timer, long deadlineNanos) implements Effect {
        public ArmTimer {
            Objects.requireNonNull(timer, "timer");
        }
    }

    /** Cancel a timer. Firing it later anyway is harmless (ignored as stale). */
    record CancelTimer(TimerKind timer) implements Effect {
        public CancelTimer {
            Objects.requireNonNull(timer, "timer");
        }
    }

    /** The protocol state changed; always the last effect of the event that caused it. */
    record StateChange(ProtocolState from, ProtocolState to, TransitionReason reason) implements Effect {
        public StateChange {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Send a gratuitous ARP (IPv4) or unsolicited Neighbor Advertisement (IPv6) for each VIP. */
    record Announce() implements Effect {}

    /**
     * Start ({@code true}, on becoming Master) or stop ({@code false}, on leaving Master)
     * accepting packets addressed to the virtual addresses. Emitted only for a router in Accept
     * mode or the address owner; any other router never accepts them, so nothing is emitted.
     */
    record AcceptMode(boolean accept) implements Effect {}
}
