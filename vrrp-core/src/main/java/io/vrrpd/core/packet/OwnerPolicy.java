package io.vrrpd.core.packet;

/**
 * What the address owner (priority 255) does with an advert for its own VRID, which means
 * another router also believes it owns the addresses.
 */
public enum OwnerPolicy {
    /** RFC 9568 section 7.1 as published: discard ({@link RejectReason#OWNER_CONFLICT}). */
    DISCARD,
    /**
     * RFC 9568 erratum 8298: log the misconfiguration and process the advert, so that
     * two owners elect one Active router instead of both staying Active
     * ({@link ReceiveVerdict.Kind#ACCEPT_OWNER_CONFLICT}).
     */
    LOG_AND_PROCESS
}
