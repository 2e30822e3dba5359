package io.vrrpd.core.fsm;

import io.vrrpd.core.VrrpVersion;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** An input to {@link VirtualRouter#handle(Event, long)}. */
public sealed interface Event {

    /** The Startup event of RFC 9568 section 6.4.1: the instance is enabled. */
    record Startup() implements Event {}

    /**
     * The Shutdown event: the instance is disabled (also used to drain: a Master releases with
     * priority 0). A Startup enables it again.
     */
    record Shutdown() implements Event {}

    /**
     * A received advert that passed the codec's validation (version, type, VRID, checksum, TTL,
     * and for VRRPv2 authentication and interval).
     *
     * @param sourceAddress the IP source address of the advert, the sender's primary address
     *     (4 or 16 bytes, of the router's family). Not copied: do not change it after handing it
     *     over.
     * @param priority the advertised priority, 0..255 (0: the master releases)
     * @param maxAdvertIntervalCs the advertised interval in centiseconds: a VRRPv3 Max Adver Int,
     *     0..4095, or a VRRPv2 Adver Int times 100, 0..25500. A value of 0 (malformed, but it fits
     *     the field) is treated as 1 cs when adopted.
     * @param version the advert's version; a router hears only {@link RouterConfig#hears its own}
     *     (the receive check turns the others away)
     */
    record AdvertReceived(byte[] sourceAddress, int priority, int maxAdvertIntervalCs, VrrpVersion version)
            implements Event {
        public AdvertReceived {
            Objects.requireNonNull(sourceAddress, "sourceAddress");
            Objects.requireNonNull(version, "version");
            if (sourceAddress.length != 4 && sourceAddress.length != 16) {
                throw new IllegalArgumentException(
                        "source address of " + sourceAddress.length + " bytes (expected: 4 or 16)");
            }
            if (priority < 0 || priority > 255) {
                throw new IllegalArgumentException("priority " + priority + " (expected: 0..255)");
            }
            int max = version == VrrpVersion.V3 ? Timing.MAX_ADVERT_INTERVAL_CS : Timing.MAX_V2_ADVERT_INTERVAL_CS;
            if (maxAdvertIntervalCs < 0 || maxAdvertIntervalCs > max) {
                throw new IllegalArgumentException("max advert interval " + maxAdvertIntervalCs + " cs (expected: 0.."
                        + max + " for " + version + ")");
            }
        }

        /** A VRRPv3 advert. */
        public AdvertReceived(byte[] sourceAddress, int priority, int maxAdvertIntervalCs) {
            this(sourceAddress, priority, maxAdvertIntervalCs, VrrpVersion.V3);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AdvertReceived a && priority == a.priority
                    && maxAdvertIntervalCs == a.maxAdvertIntervalCs && version == a.version
                    && Arrays.equals(sourceAddress, a.sourceAddress);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * (31 * Arrays.hashCode(sourceAddress) + priority) + maxAdvertIntervalCs)
                    + version.ordinal();
        }

        @Override
        public String toString() {
            return "AdvertReceived[" + (version == VrrpVersion.V3 ? "" : version + " ") + "from="
                    + HexFormat.of().formatHex(sourceAddress) + " priority=" + priority
                    + " interval=" + maxAdvertIntervalCs + "cs]";
        }
    }

    /**
     * A timer fired. Honoured only if that timer is armed and {@code nowNanos} has reached its
     * deadline; any other firing is stale and ignored, so the driver need not cancel precisely.
     */
    record TimerFired(TimerKind timer) implements Event {
        public TimerFired {
            Objects.requireNonNull(timer, "timer");
        }
    }

    /** The effective priority changed (1..255), e.g. demoted while egress fails, or restored. */
    record PriorityChanged(int priority) implements Event {
        public PriorityChanged {
            Timing.checkPriority(priority);
        }
    }

    /** The interface came up (again). */
    record InterfaceUp() implements Event {}

    /** The interface went down: go to Initialize from any state, timers cancelled. */
    record InterfaceDown() implements Event {}
}
