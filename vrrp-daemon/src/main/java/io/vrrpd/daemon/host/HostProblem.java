package io.vrrpd.daemon.host;

/**
 * Something the daemon needs that the host does not give it, found before anything was
 * started: what is missing and why, and what the operator can do about it.
 */
public record HostProblem(String cause, String fix) {
    /** The one line vrrpd prints before it exits. */
    public String line() {
        return "vrrpd: " + cause + "; " + fix;
    }
}
