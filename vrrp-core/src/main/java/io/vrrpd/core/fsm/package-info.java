/**
 * The VRRPv3 state machine of RFC 9568 section 6, as a pure object.
 *
 * <p>{@link io.vrrpd.core.fsm.VirtualRouter} takes {@link io.vrrpd.core.fsm.Event}s with the
 * current monotonic time and returns {@link io.vrrpd.core.fsm.Effect}s; the daemon performs them.
 * {@link io.vrrpd.core.fsm.Timing} holds the timer formulas. Nothing here reads a clock, starts a
 * thread, touches a socket or logs. See docs/state-machine.md.
 */
package io.vrrpd.core.fsm;
