package io.vrrpd.core.packet;

/**
 * Which bytes the VRRPv3 checksum covers.
 *
 * <p>IPv6 adverts always use {@link #PSEUDO_HEADER} (RFC 9568 section 5.2.8). For IPv4 the
 * deployed world disagrees with the current RFC, so both forms exist on the wire:
 * <ul>
 *   <li>{@link #PSEUDO_HEADER}: the RFC 5798 reading, sent by default by keepalived 2.x and by
 *       FRR vrrpd ({@code checksum-with-ipv4-pseudoheader}, on by default); tshark also
 *       validates IPv4 this way. It is the interoperable default.</li>
 *   <li>{@link #NO_PSEUDO_HEADER}: RFC 9568's IPv4 rule, the checksum over the VRRP message
 *       alone. Sent by peers configured for strict RFC 9568 (keepalived
 *       {@code vrrp_checksum_compatibility} off, FRR {@code no checksum-with-ipv4-pseudoheader}).</li>
 * </ul>
 */
public enum ChecksumForm {
    /** Checksum over the IP pseudo-header and the VRRP message (IPv6 always; IPv4 RFC 5798 reading). */
    PSEUDO_HEADER,
    /** Checksum over the VRRP message alone (IPv4 only, RFC 9568). */
    NO_PSEUDO_HEADER
}
