package io.vrrpd.core.fsm;

/** Why a virtual router changed protocol state; {@link #text()} is fit for a log line or status. */
public enum TransitionReason {
    /** Initialize to Master: the address owner (priority 255) starts as Master (RFC 9568 6.4.1). */
    STARTUP_OWNER("address owner (priority 255) starts as master"),
    /** Initialize to Backup on startup (6.4.1). */
    STARTUP("started; waiting for the master's adverts"),
    /** Initialize to Backup or Master after the interface came back up (6.4.1 run again). */
    INTERFACE_UP("interface came up; started again"),
    /** Initialize to Master or Backup: resumed as the process it took over from ran it (vrrpd --take-over). */
    RESUMED("resumed as handed over by the vrrpd it took over from"),
    /** Backup to Master: no acceptable advert within Master_Down_Interval (6.4.2). */
    MASTER_DOWN_TIMER("no advert from a master within the master-down interval"),
    /** Backup to Master: the master released with priority 0 and Skew_Time passed (6.4.2). */
    PRIORITY_ZERO_RECEIVED("master released (priority 0); took over after skew time"),
    /** Backup to Master: preempt mode discarded a lower-priority master's adverts (6.4.2). */
    PREEMPTED("preempted a lower-priority master"),
    /** Master to Backup: an advert with a higher priority arrived (6.4.3). */
    HIGHER_PRIORITY_ADVERT("advert with a higher priority received"),
    /** Master to Backup: an advert with equal priority from a higher primary address (6.4.3). */
    EQUAL_PRIORITY_HIGHER_ADDRESS("advert with equal priority from a higher address received"),
    /** Backup or Master to Initialize on a Shutdown event (6.4.2, 6.4.3). */
    SHUTDOWN("shut down"),
    /** Backup or Master to Initialize because the interface went down. */
    INTERFACE_DOWN("interface went down");

    private final String text;

    TransitionReason(String text) {
        this.text = text;
    }

    /** A short human description. */
    public String text() {
        return text;
    }
}
