package io.vrrpd.hooks.kernel;

/**
 * Whether rtnetlink can be used here, probed once: the native mapping loads and a NETLINK_ROUTE
 * socket can be opened and bound. When not, {@link #unavailabilityCause()} says why, so callers
 * (and tests) can report the real reason. Modifying links, addresses and routes additionally
 * needs CAP_NET_ADMIN; without it those calls fail with EPERM.
 */
public final class RtNetlink {
    /**
     * Protocol tag ({@code rtm_protocol}) of routes vrrpd installs: 200 (0xc8). Unused by the kernel
     * ({@code linux/rtnetlink.h} ends at 192, RTPROT_EIGRP), by iproute2's {@code rt_protos}
     * (18 is keepalived) and by FRR (186..198). {@code ip route} shows it as "200" unless
     * {@code /etc/iproute2/rt_protos.d/vrrpd.conf} contains {@code 200 vrrpd}.
     */
    public static final int RTPROT_VRRPD = 200;

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
