package io.vrrpd.hooks.kernel;

import java.util.EnumSet;
import java.util.Set;

/** {@code IFA_F_*} flags of an interface address. */
public enum AddressFlag {
    SECONDARY(0x01), NODAD(0x02), OPTIMISTIC(0x04), DADFAILED(0x08), HOMEADDRESS(0x10), DEPRECATED(0x20),
    TENTATIVE(0x40), PERMANENT(0x80), MANAGETEMPADDR(0x100), NOPREFIXROUTE(0x200), MCAUTOJOIN(0x400),
    STABLE_PRIVACY(0x800);

    private final int bit;

    AddressFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    /** The flags set in {@code bits} (IFA_F_*). */
    public static Set<AddressFlag> fromBits(int bits) {
        EnumSet<AddressFlag> set = EnumSet.noneOf(AddressFlag.class);
        for (AddressFlag f : values()) {
            if ((bits & f.bit) != 0) {
                set.add(f);
            }
        }
        return set;
    }
}
