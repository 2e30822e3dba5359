package io.vrrpd.hooks.kernel;

/** RFC 2863 operational state of a link, as the kernel reports it in {@code IFLA_OPERSTATE}. */
public enum OperState {
    UNKNOWN(0), NOTPRESENT(1), DOWN(2), LOWERLAYERDOWN(3), TESTING(4), DORMANT(5), UP(6);

    private final int value;

    OperState(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** The state for a kernel value; values this enum does not know map to {@link #UNKNOWN}. */
    public static OperState valueOf(int value) {
        for (OperState s : values()) {
            if (s.value == value) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
