package io.vrrpd.core.packet;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.VrrpVersion;
import java.net.InetAddress;
import java.util.List;

/**
 * Tier 2 of receive validation (RFC 9568 section 7.1, RFC 3768 section 7.1): given a well-formed
 * advert from {@link AdvertDecoder}, is it for this virtual router. Pure and allocation-free.
 *
 * <p>Order: family, version (one the instance hears), TTL/hop limit (multicast instances), VRID,
 * (unicast instances: source among the peers, destination our unicast address, TTL within the
 * peer's bounds), (VRRPv2 adverts: auth type, password), (VRRPv2 instances: interval), address
 * owner, address list. All but the last reject (the owner rule per {@link OwnerPolicy}); an address
 * list that differs from the configured one is accepted with
 * {@link ReceiveVerdict.Kind#ACCEPT_ADDRESS_LIST_MISMATCH}, since RFC 9568 asks only for a log entry
 * (RFC 3768 lets a receiver drop it; keepalived 2.2.7 counts it and processes the advert, and so
 * does this check, for both versions). A VRRPv3 instance does not check the interval: section 7.1
 * asks only for a log entry (the daemon keeps it) and an RFC 9568 Backup adopts the Active router's
 * interval. A VRRPv2 instance discards an advert whose interval is not its own, as RFC 3768 section
 * 7.1 requires. The RFCs do not order their checks; a packet failing several is counted by the
 * first in ours.
 */
public final class ReceiveCheck {
    private ReceiveCheck() {
    }

    /**
     * Judges a decoded advert against the local instance, with the IP addresses it was sent
     * from and to: a unicast instance accepts adverts only from its peers and only addressed to
     * its own unicast address. Multicast instances ignore both addresses.
     *
     * @param local          the local virtual router's expectations
     * @param receivedFamily the IP version the advert arrived over
     * @param hopLimit       the received IPv4 TTL or IPv6 hop limit
     * @param source         the IP source address, 4 or 16 bytes
     * @param destination    the IP destination address, 4 or 16 bytes
     * @param advert         the decoded advert
     */
    public static ReceiveVerdict check(ReceiveExpectations local, AddressFamily receivedFamily, int hopLimit,
            byte[] source, byte[] destination, Advertisement advert) {
        ReceiveVerdict v = checkHeader(local, receivedFamily, hopLimit, advert);
        if (v != null) {
            return v;
        }
        UnicastPeers unicast = local.unicast();
        if (unicast.isUnicast()) {
            int peer = unicast.indexOf(source);
            if (peer < 0) {
                return ReceiveVerdict.reject(RejectReason.UNICAST_PEER_UNKNOWN);
            }
            if (!unicast.isLocal(destination)) {
                return ReceiveVerdict.reject(RejectReason.UNICAST_DESTINATION_ERROR);
            }
            if (!unicast.acceptsTtl(peer, hopLimit)) {
                return ReceiveVerdict.reject(RejectReason.IP_TTL_ERROR);
            }
        }
        return checkBody(local, advert);
    }

    /**
     * Judges a decoded advert against the local instance without looking at IP addresses:
     * for multicast instances only.
     *
     * @param local          the local virtual router's expectations
     * @param receivedFamily the IP version the advert arrived over
     * @param hopLimit       the received IPv4 TTL or IPv6 hop limit
     * @param advert         the decoded advert
     * @throws IllegalArgumentException when {@code local} is a unicast instance, whose check needs
     *                                  the addresses
     */
    public static ReceiveVerdict check(
            ReceiveExpectations local, AddressFamily receivedFamily, int hopLimit, Advertisement advert) {
        if (local.unicast().isUnicast()) {
            throw new IllegalArgumentException("unicast expectations need the advert's addresses"
                    + " (expected: check(local, family, hopLimit, source, destination, advert))");
        }
        ReceiveVerdict v = checkHeader(local, receivedFamily, hopLimit, advert);
        return v != null ? v : checkBody(local, advert);
    }

    /** Family, version, TTL and VRID: the rejection, or null when they pass. */
    private static ReceiveVerdict checkHeader(
            ReceiveExpectations local, AddressFamily receivedFamily, int hopLimit, Advertisement advert) {
        if (receivedFamily != local.family() || advert.family() != local.family()) {
            return ReceiveVerdict.reject(RejectReason.FAMILY_ERROR);
        }
        if (!local.hears(advert.version())) {
            return ReceiveVerdict.reject(RejectReason.VERSION_MISMATCH);
        }
        // A unicast instance hears only its configured peers, and keepalived 2.2.7 sends IPv6 unicast
        // adverts with the kernel's default hop limit, not 255 (seen in the lab): like keepalived, each
        // peer has its own TTL bounds there (UnicastPeer; by default any), checked once the peer is known.
        if (hopLimit != AddressFamily.REQUIRED_HOP_LIMIT && !local.unicast().isUnicast()) {
            return ReceiveVerdict.reject(RejectReason.IP_TTL_ERROR);
        }
        if (advert.vrid() != local.vrid()) {
            return ReceiveVerdict.reject(RejectReason.VRID_ERROR);
        }
        return null;
    }

    /** Authentication and interval (VRRPv2), owner rule and address list. */
    private static ReceiveVerdict checkBody(ReceiveExpectations local, Advertisement advert) {
        if (advert.version() == VrrpVersion.V2) {
            Authentication theirs = advert.authentication();
            Authentication ours = local.authentication();
            if (theirs.type() != ours.type()) {
                return ReceiveVerdict.reject(RejectReason.AUTH_TYPE_MISMATCH);
            }
            if (!theirs.equals(ours)) {
                return ReceiveVerdict.reject(RejectReason.AUTH_FAILURE);
            }
            if (local.version() == VrrpVersion.V2 && advert.maxAdvertInterval() != local.advertIntervalCs()) {
                return ReceiveVerdict.reject(RejectReason.INTERVAL_MISMATCH);
            }
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
