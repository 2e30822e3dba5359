package io.vrrpd.lab;

/**
 * One probe of {@link IcmpProbe} or {@link TcpProbe}: its sequence number, the key its packet
 * can be recognised by on the way ({@link ArrivalWatch}: the ICMP sequence number, or the TCP
 * source port), when it was sent and answered (epoch nanoseconds, {@link LabClock}; -1 when not
 * answered), and whether its outcome is known: answered, or unanswered for longer than the
 * probe's timeout.
 */
public record ProbeOutcome(long seq, int key, long sent, long replied, boolean decided) {
}
