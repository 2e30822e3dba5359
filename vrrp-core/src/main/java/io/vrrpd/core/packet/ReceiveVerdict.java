package io.vrrpd.core.packet;

/**
 * The outcome of {@link ReceiveCheck}: accept, accept with something to log, or reject with a
 * countable reason. Instances are shared constants; nothing is allocated per packet.
 *
 * @param kind   what to do with the advert
 * @param reason why it was rejected; null unless {@code kind} is {@link Kind#REJECT}
 */
public record ReceiveVerdict(Kind kind, RejectReason reason) {

    /** What the receiver does with the advert. */
    public enum Kind {
        /** Process it. */
        ACCEPT,
        /**
         * Process it, but its address list differs from ours: log (rate-limited) and count
         * {@code vrrpv3StatisticsAddressListErrors}; RFC 9568 section 7.1 says not to drop.
         */
        ACCEPT_ADDRESS_LIST_MISMATCH,
        /** We are the owner and another router claims our VRID: log and process (erratum 8298). */
        ACCEPT_OWNER_CONFLICT,
        /** Drop it and count {@link ReceiveVerdict#reason()}. */
        REJECT
    }

    /** The advert is for us and agrees with our configuration. */
    public static final ReceiveVerdict ACCEPT = new ReceiveVerdict(Kind.ACCEPT, null);
    /** The advert is for us; its address list differs from ours. */
    public static final ReceiveVerdict ACCEPT_ADDRESS_LIST_MISMATCH =
            new ReceiveVerdict(Kind.ACCEPT_ADDRESS_LIST_MISMATCH, null);
    /** The advert is for our VRID while we are the owner, processed per erratum 8298. */
    public static final ReceiveVerdict ACCEPT_OWNER_CONFLICT = new ReceiveVerdict(Kind.ACCEPT_OWNER_CONFLICT, null);

    private static final ReceiveVerdict[] REJECTS = new ReceiveVerdict[RejectReason.values().length];

    static {
        for (RejectReason r : RejectReason.values()) {
            REJECTS[r.ordinal()] = new ReceiveVerdict(Kind.REJECT, r);
        }
    }

    /** Checks that a reason is present exactly for rejections. */
    public ReceiveVerdict {
        if (kind == null) {
            throw new NullPointerException("kind");
        }
        if ((kind == Kind.REJECT) != (reason != null)) {
            throw new IllegalArgumentException("reason " + reason + " with kind " + kind
                    + " (expected: a reason exactly when kind is REJECT)");
        }
    }

    /** The shared rejection verdict for {@code reason}. */
    public static ReceiveVerdict reject(RejectReason reason) {
        return REJECTS[reason.ordinal()];
    }

    /** Whether the advert should be processed by the state machine. */
    public boolean accepted() {
        return kind != Kind.REJECT;
    }
}
