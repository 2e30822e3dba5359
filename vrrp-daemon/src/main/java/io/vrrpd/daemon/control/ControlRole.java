package io.vrrpd.daemon.control;

/**
 * What a control command does to the router, and so who may call it ({@link ControlPolicy}):
 * reading shows state, acting changes it.
 */
public enum ControlRole {
    /** {@code status}, {@code watch}: anyone who may open the socket. */
    READ,
    /** {@code drain}, {@code undrain}: root, the daemon's own user, and the operator group. */
    ACT
}
