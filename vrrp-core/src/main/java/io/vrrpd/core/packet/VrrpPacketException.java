package io.vrrpd.core.packet;

import java.util.Objects;

/**
 * The codec's one exception: a received packet is not a well-formed VRRPv3 advert. Carries a
 * countable {@link RejectReason}; the message states the actual and the expected value.
 * No stack trace is captured, so that a flood of malformed packets is cheap to reject.
 */
public final class VrrpPacketException extends Exception {
    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    /** Creates the exception; {@code message} reads like {@code "version 2 (expected: 3)"}. */
    public VrrpPacketException(RejectReason reason, String message) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the packet was rejected. */
    public RejectReason reason() {
        return reason;
    }

    /** Does nothing: the stack of a rejected packet says nothing useful. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
