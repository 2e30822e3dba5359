package io.vrrpd.hooks.kernel.rtnetlink;


/**
 * Whether rtnetlink can be used here, probed once: the native mapping loads and a NETLINK_ROUTE
 * socket can be opened and bound. When not, {@link #unavailabilityCause()} says why, so callers
 * (and tests) can report the real reason. Modifying links, addresses and routes additionally
 * needs CAP_NET_ADMIN; without it those calls fail with EPERM.
 */
public final class RtNetlink {
    private static final Throwable UNAVAILABILITY_CAUSE = probe();

    private RtNetlink() {
    }

    private static Throwable probe() {
        try {
            RtNetlinkNative.load();
            int fd = RtNetlinkNative.socket();
            try {
                RtNetlinkNative.bind(fd, 0);
            } finally {
                RtNetlinkNative.close(fd);
            }
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    public static boolean isAvailable() {
        return UNAVAILABILITY_CAUSE == null;
    }

    /** Why rtnetlink is unavailable, or null when it is available. */
    public static Throwable unavailabilityCause() {
        return UNAVAILABILITY_CAUSE;
    }

    /** Throws the cause, wrapped, when rtnetlink is unavailable. */
    public static void ensureAvailability() {
        if (UNAVAILABILITY_CAUSE != null) {
            throw (Error) new UnsatisfiedLinkError("rtnetlink unavailable: " + UNAVAILABILITY_CAUSE)
                    .initCause(UNAVAILABILITY_CAUSE);
        }
    }
}
