package io.vrrpd.hooks.kernel;

/**
 * How a macvlan shares its parent with the parent's other macvlans ({@code IFLA_MACVLAN_MODE},
 * {@code linux/if_link.h}). Traffic between a macvlan and the outside goes through the parent in
 * every mode; the modes differ only between macvlans of one parent.
 */
public enum MacvlanMode {
    /** No traffic to or from the parent's other macvlans. */
    PRIVATE(1),
    /** Through the parent's external switch (needs a hairpin switch). */
    VEPA(2),
    /** Straight to the parent's other macvlans, without leaving the host. */
    BRIDGE(4),
    /** The one macvlan takes over the parent's MAC. */
    PASSTHRU(8),
    /** Source-MAC based (a kernel mode vrrpd never creates). */
    SOURCE(16);

    private final int bits;

    MacvlanMode(int bits) {
        this.bits = bits;
    }

    /** The value of IFLA_MACVLAN_MODE. */
    public int bits() {
        return bits;
    }

    /** The mode for an IFLA_MACVLAN_MODE value, or null for one this enum does not know. */
    public static MacvlanMode valueOf(int bits) {
        for (MacvlanMode m : values()) {
            if (m.bits == bits) {
                return m;
            }
        }
        return null;
    }
}
