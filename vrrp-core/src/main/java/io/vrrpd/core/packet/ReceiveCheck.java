package io.vrrpd.core.packet;

import io.vrrpd.core.AddressFamily;
import java.net.InetAddress;
import java.util.List;

/**
 * Tier 2 of receive validation (RFC 9568 section 7.1): given a well-formed advert from
 * {@link AdvertDecoder}, is it for this virtual router. Pure and allocation-free.
 *
 * <p>Order: family, TTL/hop limit, VRID, address owner, address list. The first four reject
 * (the owner rule per {@link OwnerPolicy}); an address list that differs from the configured
 * one is accepted with {@link ReceiveVerdict.Kind#ACCEPT_ADDRESS_LIST_MISMATCH}, since the RFC
 * asks only for a log entry. Interval differences are not checked here: section 7.1 asks only for
 * a log entry (the daemon keeps it) and an RFC 9568 Backup adopts the Active router's interval.
 * The RFC does not order its checks; a packet failing several is counted by the first in ours.
 */
public final class ReceiveCheck {
    private ReceiveCheck() {
    }

    /**
     * Judges a decoded advert against the local instance.
     *
     * @param local          the local virtual router's expectations
     * @param receivedFamily the IP version the advert arrived over
     * @param hopLimit       the received IPv4 TTL or IPv6 hop limit
     * @param advert         the decoded advert
     */
    public static ReceiveVerdict check(
            ReceiveExpectations local, AddressFamily receivedFamily, int hopLimit, Advertisement advert) {
        if (receivedFamily != local.family() || advert.family() != local.family()) {
            return ReceiveVerdict.reject(RejectReason.FAMILY_ERROR);
        }
        if (hopLimit != AddressFamily.REQUIRED_HOP_LIMIT) {
            return ReceiveVerdict.reject(RejectReason.IP_TTL_ERROR);
        }
        if (advert.vrid() != local.vrid()) {
            return ReceiveVerdict.reject(RejectReason.VRID_ERROR);
        }
        if (local.addressOwner()) {
            return local.ownerPolicy() == OwnerPolicy.DISCARD
                    ? ReceiveVerdict.reject(RejectReason.OWNER_CONFLICT)
                    : ReceiveVerdict.ACCEPT_OWNER_CONFLICT;
        }
        return sameAddresses(local.virtualAddresses(), advert.addresses())
                ? ReceiveVerdict.ACCEPT
                : ReceiveVerdict.ACCEPT_ADDRESS_LIST_MISMATCH;
    }

    /** The two lists hold the same addresses, in any order (at most 255 each, so O(n^2) is fine). */
    static boolean sameAddresses(List<InetAddress> configured, List<InetAddress> received) {
        int n = configured.size();
        if (n != received.size()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!received.contains(configured.get(i)) || !configured.contains(received.get(i))) {
                return false;
            }
        }
        return true;
    }
}
