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

    /**
     * Resumes a router another process ran until now ({@code vrrpd --take-over}): from
     * Initialize straight into {@code state}, without an election, so the peers see nothing. A
     * Master sends its adverts at once and keeps advertising; a Backup follows {@code masterAddress}
     * (null: none known) at {@code masterAdverIntervalCs}, its Master_Down_Timer armed from now.
     * Ignored outside Initialize.
     *
     * @param state                 {@link ProtocolState#MASTER} or {@link ProtocolState#BACKUP}
     * @param masterAddress         the Master a Backup follows (4 or 16 bytes), or null; ignored for a Master.
     *                              Not copied.
     * @param masterAdverIntervalCs the interval a Backup had adopted, 1..4095 cs; ignored for a Master
     */
    record Resume(ProtocolState state, byte[] masterAddress, int masterAdverIntervalCs) implements Event {
        public Resume {
            Objects.requireNonNull(state, "state");
            if (state == ProtocolState.INITIALIZE) {
                throw new IllegalArgumentException("resume into INITIALIZE (expected: MASTER or BACKUP)");
            }
            if (masterAddress != null && masterAddress.length != 4 && masterAddress.length != 16) {
                throw new IllegalArgumentException(
                        "master address of " + masterAddress.length + " bytes (expected: 4 or 16)");
            }
            if (masterAdverIntervalCs < Timing.MIN_ADVERT_INTERVAL_CS || masterAdverIntervalCs > Timing.MAX_ADVERT_INTERVAL_CS) {
                throw new IllegalArgumentException("master advert interval " + masterAdverIntervalCs + " cs (expected: "
                        + Timing.MIN_ADVERT_INTERVAL_CS + ".." + Timing.MAX_ADVERT_INTERVAL_CS + ")");
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Resume r && state == r.state && masterAdverIntervalCs == r.masterAdverIntervalCs
                    && Arrays.equals(masterAddress, r.masterAddress);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * state.hashCode() + Arrays.hashCode(masterAddress)) + masterAdverIntervalCs;
        }

        @Override
        public String toString() {
            return "Resume[" + state + (masterAddress == null ? "" : " master=" + HexFormat.of().formatHex(masterAddress))
                    + " interval=" + masterAdverIntervalCs + "cs]";
        }
    }

    /** The interface came up (again). */
    record InterfaceUp() implements Event {}

    /** The interface went down: go to Initialize from any state, timers cancelled. */
    record InterfaceDown() implements Event {}
}
