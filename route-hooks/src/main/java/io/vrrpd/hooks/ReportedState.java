package io.vrrpd.hooks;

/**
 * What operators, metrics, sync groups and systemd see (DESIGN.md). The protocol state is
 * Initialize/Backup/Master; the reported state adds whether egress has been verified.
 */
public enum ReportedState {
    /** Starting, or the interface is not ready yet. */
    INIT,
    /** Protocol Backup. */
    BACKUP,
    /** Protocol Master: adverts sent, VIPs up, hooks running or egress not yet verified. */
    ACTIVATING,
    /** Protocol Master and every hook bound to the instance verified egress. */
    MASTER,
    /** Protocol Master but egress verification failed; the failure policy applies. */
    EGRESS_FAILED,
    /** Interface missing or down, or configuration that cannot be applied. */
    FAULT;

    /** The lower-case-with-dashes name used in JSON and metrics labels. */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
