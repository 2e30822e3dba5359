package io.vrrpd.daemon.net;

/**
 * Why a captured frame was not handed on as a {@link ReceivedAdvert}. These are frame-level
 * reasons only; whether the VRRP payload itself is valid is the codec's question.
 */
public enum DropReason implements ParsedFrame {
    /** Shorter than an Ethernet header, or than the IP header it announces. */
    TRUNCATED,
    /** Ethertype is neither IPv4 nor IPv6 (VLAN tags are not expected on a pcap of the parent). */
    NOT_IP,
    /** IP version nibble, header length or total length is inconsistent. */
    BAD_IP_HEADER,
    /** IPv4 header checksum does not verify. */
    BAD_IP_CHECKSUM,
    /** IP protocol / next header is not 112, or the IPv6 header is followed by extension headers. */
    NOT_VRRP,
    /** A fragment (MF set or offset non-zero): VRRP adverts are never fragmented. */
    FRAGMENT,
    /** Sent by this host (source MAC is the interface's own, or source IP is one of ours). */
    OWN_FRAME;

    /** Name as an RFC 6527-like counter label, lower-case with dashes. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
