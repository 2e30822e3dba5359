package io.vrrpd.core.fsm;

import io.vrrpd.core.AddressFamily;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The configuration of one virtual router, validated in the constructor.
 *
 * @param family IPv4 or IPv6; every address handed to the state machine is of this family
 * @param vrid the virtual router id, 1..255
 * @param priority the configured priority, 1..255; 255 means this router owns the addresses
 * @param advertIntervalCs Advertisement_Interval in centiseconds, 1..4095
 * @param preempt Preempt_Mode: a higher-priority Backup takes over from a lower-priority Master
 * @param preemptDelayNanos after a startup (or the interface coming up), how long a Backup
 *     accepts a lower-priority Master instead of preempting it; 0 for none (keepalived's
 *     {@code preempt_delay})
 * @param acceptMode Accept_Mode: the Master accepts packets addressed to the virtual addresses
 * @param primaryAddress this router's own primary address on the interface (4 or 16 bytes; for
 *     IPv6 the link-local address); breaks priority ties and is reported as the master address.
 *     Copied on the way in and out.
 */
public record RouterConfig(
        AddressFamily family,
        int vrid,
        int priority,
        int advertIntervalCs,
        boolean preempt,
        long preemptDelayNanos,
        boolean acceptMode,
        byte[] primaryAddress) {

    public RouterConfig {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(primaryAddress, "primaryAddress");
        if (vrid < 1 || vrid > 255) {
            throw new IllegalArgumentException("vrid " + vrid + " (expected: 1..255)");
        }
        Timing.checkPriority(priority);
        Timing.checkInterval(advertIntervalCs);
        if (preemptDelayNanos < 0) {
            throw new IllegalArgumentException(
                    "preempt delay " + preemptDelayNanos + " ns (expected: 0 or more)");
        }
        if (primaryAddress.length != family.addressLength()) {
            throw new IllegalArgumentException("primary address of " + primaryAddress.length
                    + " bytes (expected: " + family.addressLength() + " bytes for " + family.configName() + ")");
        }
        primaryAddress = primaryAddress.clone();
    }

    /** A copy of the primary address. */
    @Override
    public byte[] primaryAddress() {
        return primaryAddress.clone();
    }

    /** True if this router owns the virtual addresses (configured priority 255). */
    public boolean isOwner() {
        return priority == Timing.OWNER_PRIORITY;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RouterConfig c
                && family == c.family && vrid == c.vrid && priority == c.priority
                && advertIntervalCs == c.advertIntervalCs && preempt == c.preempt
                && preemptDelayNanos == c.preemptDelayNanos && acceptMode == c.acceptMode
                && Arrays.equals(primaryAddress, c.primaryAddress);
    }

    @Override
    public int hashCode() {
        return Objects.hash(family, vrid, priority, advertIntervalCs, preempt, preemptDelayNanos,
                acceptMode, Arrays.hashCode(primaryAddress));
    }

    @Override
    public String toString() {
        return "RouterConfig[" + family.configName() + " vrid=" + vrid + " priority=" + priority
                + " interval=" + advertIntervalCs + "cs preempt=" + preempt
                + " preemptDelay=" + preemptDelayNanos + "ns accept=" + acceptMode
                + " primary=" + HexFormat.of().formatHex(primaryAddress) + "]";
    }
}
