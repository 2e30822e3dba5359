package io.vrrpd.core.packet;

/**
 * Why a received advert was dropped, one constant per countable cause, named after the MIB
 * counter it increments where one exists: RFC 6527 (VRRPV3-MIB) for the causes VRRPv3 shares with
 * VRRPv2, RFC 2787 (VRRP-MIB) for those only VRRPv2 has (authentication, interval mismatch).
 *
 * <p>Tier 1 ({@link #tier()} 1, thrown by {@link AdvertDecoder}): is this a well-formed VRRP
 * advert at all. Tier 2 ({@link #tier()} 2, returned by {@link ReceiveCheck}): is it for this
 * virtual router. See docs/codec.md for the table.
 */
public enum RejectReason {
    /** Shorter than the 8-byte VRRP header. */
    PACKET_LENGTH_ERROR(1, "vrrpv3StatisticsPacketLengthErrors", "packet_length"),
    /** Length disagrees with the address count: truncated list, trailing bytes, wrong address size. */
    ADDRESS_LIST_LENGTH_ERROR(1, "vrrpv3StatisticsPacketLengthErrors", "address_list_length"),
    /** Version nibble is not one the interface hears (3, or 2 on IPv4 where an instance speaks VRRPv2). */
    VERSION_ERROR(1, "vrrpv3RouterVersionErrors", "version"),
    /** Type nibble is not 1 (advertisement). */
    INVALID_TYPE(1, "vrrpv3StatisticsRcvdInvalidTypePackets", "invalid_type"),
    /** Checksum matches no accepted form. */
    CHECKSUM_ERROR(1, "vrrpv3RouterChecksumErrors", "checksum"),
    /** VRID 0, which no virtual router can have (valid: 1-255). */
    VRID_ZERO(1, "vrrpv3RouterVrIdErrors", "vrid_zero"),
    /** Address count 0 (RFC 9568 section 5.2.5, erratum 8299: MUST be ignored). */
    ADDRESS_COUNT_ZERO(1, "vrrpv3StatisticsAddressListErrors", "address_count_zero"),
    /** Max advert interval 0: a peer that would advertise continuously. */
    ADV_INTERVAL_ERROR(1, "vrrpv3StatisticsAdvIntervalErrors", "adv_interval"),
    /** VRRPv2 auth type 3-255, which no specification defines. */
    AUTH_TYPE_INVALID(1, "vrrpStatsInvalidAuthType", "auth_type_invalid"),
    /**
     * VRRPv2 auth type 2, IP Authentication Header (RFC 2338): not implemented, so never the
     * configured method. Counted as an invalid auth type.
     */
    AUTH_TYPE_AH(1, "vrrpStatsInvalidAuthType", "auth_type_ah"),
    /**
     * IPv4 TTL or IPv6 hop limit is not 255 (multicast): the packet crossed a router. For a
     * unicast instance: outside the peer's configured bounds ({@link UnicastPeer}).
     */
    IP_TTL_ERROR(2, "vrrpv3StatisticsIpTtlErrors", "ip_ttl"),
    /** No virtual router with this VRID is configured on the receiving interface. */
    VRID_ERROR(2, "vrrpv3RouterVrIdErrors", "vrid"),
    /**
     * A well-formed advert of a version this virtual router does not hear: VRRPv2 at a VRRPv3
     * instance without {@code accept-v2}, or VRRPv3 at a VRRPv2 instance.
     */
    VERSION_MISMATCH(2, "vrrpv3RouterVersionErrors", "version_mismatch"),
    /** VRRPv2: the auth type is not the configured one (RFC 3768 section 7.1). */
    AUTH_TYPE_MISMATCH(2, "vrrpStatsAuthTypeMismatch", "auth_type_mismatch"),
    /** VRRPv2 simple password: the advert's 8 bytes are not our password. */
    AUTH_FAILURE(2, "vrrpStatsAuthFailures", "auth_failure"),
    /**
     * VRRPv2 instance: the advert's interval is not ours. RFC 3768 section 7.1 says discard it
     * (a VRRPv2 Backup never adopts the Master's interval); keepalived does too.
     */
    INTERVAL_MISMATCH(2, "vrrpStatsAdvertiseIntervalErrors", "interval_mismatch"),
    /**
     * Advert of the other family: a virtual router is identified by family and VRID, so this is
     * a VRID not configured for that family and is counted as such.
     */
    FAMILY_ERROR(2, "vrrpv3RouterVrIdErrors", "family"),
    /**
     * We are the address owner (priority 255) and received an advert for our VRID: a
     * misconfiguration. RFC 9568 section 7.1 as published says discard; erratum 8298 says log and
     * process. No MIB counter exists. Returned only under {@link OwnerPolicy#DISCARD}.
     */
    OWNER_CONFLICT(2, "", "owner_conflict"),
    /**
     * A unicast instance received an advert whose source is not one of its configured
     * {@code unicast-peers}: another router on the LAN, or a peer whose address changed.
     * keepalived drops these only with {@code check_unicast_src}; vrrpd always does. No MIB counter.
     */
    UNICAST_PEER_UNKNOWN(2, "", "unicast_peer_unknown"),
    /**
     * A unicast instance received an advert not addressed to its own unicast source: sent to the
     * multicast group (the peer is not in unicast mode), or to another host and seen only because
     * the switch flooded it. keepalived's unicast receive socket does not hear these either. No MIB
     * counter.
     */
    UNICAST_DESTINATION_ERROR(2, "", "unicast_destination");

    private final int tier;
    private final String mibCounter;
    private final String metricName;

    RejectReason(int tier, String mibCounter, String metricName) {
        this.tier = tier;
        this.mibCounter = mibCounter;
        this.metricName = metricName;
    }

    /** 1 for "not a well-formed advert" (decoder), 2 for "not for us" (receive check). */
    public int tier() {
        return tier;
    }

    /** The RFC 6527 (or, for VRRPv2-only causes, RFC 2787) counter this rejection increments, or the empty string if none exists. */
    public String mibCounter() {
        return mibCounter;
    }

    /** Whether a MIB has a counter for this reason. */
    public boolean hasMibCounter() {
        return !mibCounter.isEmpty();
    }

    /** Short snake_case name for a metric label, e.g. {@code checksum}. */
    public String metricName() {
        return metricName;
    }
}
