package io.vrrpd.daemon.takeover;

import io.vrrpd.core.fsm.ProtocolState;

/**
 * How the process that takes over continues one instance the old process ran: as Master, as
 * Backup following the same Master at the interval it had adopted, or drained (out of the
 * election until {@code vrrpctl undrain}, as the operator left it).
 *
 * @param state                 MASTER or BACKUP; INITIALIZE when drained
 * @param masterAddress         the Master a Backup follows (4 or 16 bytes), or null
 * @param masterAdverIntervalCs the interval a Backup had adopted, in centiseconds
 * @param drained               the operator had drained it
 */
public record Adoption(ProtocolState state, byte[] masterAddress, int masterAdverIntervalCs, boolean drained) {
    public Adoption {
        if (drained != (state == ProtocolState.INITIALIZE)) {
            throw new IllegalArgumentException("an adoption is drained exactly when its state is INITIALIZE, not "
                    + state + (drained ? " drained" : ""));
        }
        masterAddress = masterAddress == null ? null : masterAddress.clone();
    }

    @Override
    public byte[] masterAddress() {
        return masterAddress == null ? null : masterAddress.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Adoption a && state == a.state && masterAdverIntervalCs == a.masterAdverIntervalCs
                && drained == a.drained && java.util.Arrays.equals(masterAddress, a.masterAddress);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(state, masterAdverIntervalCs, drained) * 31 + java.util.Arrays.hashCode(masterAddress);
    }
}
