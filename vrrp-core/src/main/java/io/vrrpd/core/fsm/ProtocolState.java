package io.vrrpd.core.fsm;

/** The three protocol states of RFC 9568 section 6.4: Initialize, Backup and Master (Active). */
public enum ProtocolState {
    /** Waiting for a Startup event, or the interface is down (RFC 9568 section 6.4.1). */
    INITIALIZE,
    /** Monitoring the Master; takes over when the Master_Down_Timer fires (section 6.4.2). */
    BACKUP,
    /** Forwarding for the virtual router and sending adverts (section 6.4.3). */
    MASTER
}
