package io.vrrpd.hooks.kernel;

/** {@code NUD_*}: the state of a neighbour (ARP / NDP) entry. Kernel entries carry exactly one. */
public enum NeighborState {
    NONE(0x00), INCOMPLETE(0x01), REACHABLE(0x02), STALE(0x04), DELAY(0x08), PROBE(0x10), FAILED(0x20),
    NOARP(0x40), PERMANENT(0x80);

    private final int bit;

    NeighborState(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    /** Has a link-layer address that traffic can use now (confirmed, or being re-confirmed). */
    public boolean valid() {
        return confirmed() || unconfirmed();
    }

    /**
     * The neighbour answered recently (REACHABLE) or needs no answer (PERMANENT, NOARP): proof
     * that the next hop is alive, which a STALE entry is not.
     */
    public boolean confirmed() {
        return this == REACHABLE || this == NOARP || this == PERMANENT;
    }

    /** Has a link-layer address that nobody has confirmed lately: STALE, DELAY or PROBE. */
    public boolean unconfirmed() {
        return this == STALE || this == DELAY || this == PROBE;
    }

    /** The state for a kernel {@code ndm_state}; if several bits are set, the highest wins. */
    public static NeighborState fromBits(int bits) {
        NeighborState found = NONE;
        for (NeighborState s : values()) {
            if ((bits & s.bit) != 0) {
                found = s;
            }
        }
        return found;
    }
}
