package io.vrrpd.core.fsm;

/**
 * The two protocol timers of RFC 9568 section 6.2. At most one of each is armed per virtual
 * router; arming one again replaces its deadline.
 */
public enum TimerKind {
    /** Adver_Timer: fires every Advertisement_Interval while Master. */
    ADVER,
    /** Master_Down_Timer: fires when a Backup has heard no acceptable advert in time. */
    MASTER_DOWN
}
