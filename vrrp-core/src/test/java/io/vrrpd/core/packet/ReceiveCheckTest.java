package io.vrrpd.core.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.VrrpVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tier 2, RFC 9568 section 7.1: is a well-formed advert for this virtual router. */
class ReceiveCheckTest {
    private static final ReceiveExpectations BACKUP6 =
            new ReceiveExpectations(AddressFamily.IPV6, 51, List.of(Adverts.VIP6, Adverts.LL6), false);
    private static final ReceiveExpectations BACKUP4 =
            new ReceiveExpectations(AddressFamily.IPV4, 51, List.of(Adverts.VIP4), false);

    @Test
    void acceptsMatchingAdvertWhateverTheAddressOrder() {
        ReceiveVerdict v = ReceiveCheck.check(BACKUP6, AddressFamily.IPV6, 255, Adverts.ipv6());
        assertSame(ReceiveVerdict.ACCEPT, v);
        assertTrue(v.accepted());
        assertNull(v.reason());
    }

    @Test
    void addressListMismatchIsAcceptedAndFlagged() {
        Advertisement other = Advertisement.of(AddressFamily.IPV4, 51, 100, 100, Adverts.VIP4B);
        ReceiveVerdict v = ReceiveCheck.check(BACKUP4, AddressFamily.IPV4, 255, other);
        assertEquals(ReceiveVerdict.Kind.ACCEPT_ADDRESS_LIST_MISMATCH, v.kind());
        assertTrue(v.accepted());
    }

    @Test
    void addressCountMismatchIsAcceptedAndFlagged() {
        Advertisement more = Advertisement.of(AddressFamily.IPV4, 51, 100, 100, Adverts.VIP4, Adverts.VIP4B);
        assertEquals(ReceiveVerdict.Kind.ACCEPT_ADDRESS_LIST_MISMATCH,
                ReceiveCheck.check(BACKUP4, AddressFamily.IPV4, 255, more).kind());
    }

    @Test
    void ttlBelow255() {
        assertReject(RejectReason.IP_TTL_ERROR, ReceiveCheck.check(BACKUP4, AddressFamily.IPV4, 254, Adverts.ipv4()));
    }

    @Test
    void hopLimitBelow255() {
        assertReject(RejectReason.IP_TTL_ERROR, ReceiveCheck.check(BACKUP6, AddressFamily.IPV6, 64, Adverts.ipv6()));
    }

    @Test
    void unknownVrid() {
        Advertisement a = Advertisement.of(AddressFamily.IPV4, 52, 100, 100, Adverts.VIP4);
        assertReject(RejectReason.VRID_ERROR, ReceiveCheck.check(BACKUP4, AddressFamily.IPV4, 255, a));
    }

    @Test
    void advertOfTheOtherFamily() {
        assertReject(RejectReason.FAMILY_ERROR, ReceiveCheck.check(BACKUP4, AddressFamily.IPV6, 255, Adverts.ipv6()));
        assertReject(RejectReason.FAMILY_ERROR, ReceiveCheck.check(BACKUP4, AddressFamily.IPV4, 255, Adverts.ipv6()));
    }

    @Test
    void ownerDiscardsAdvertsForItsVridByDefault() {
        ReceiveExpectations owner = new ReceiveExpectations(AddressFamily.IPV4, 51, List.of(Adverts.VIP4), true);
        assertEquals(OwnerPolicy.DISCARD, owner.ownerPolicy());
        assertReject(RejectReason.OWNER_CONFLICT, ReceiveCheck.check(owner, AddressFamily.IPV4, 255, Adverts.ipv4()));
    }

    @Test
    void ownerProcessesAndFlagsUnderErratum8298() {
        ReceiveExpectations owner = new ReceiveExpectations(
                AddressFamily.IPV4, 51, List.of(Adverts.VIP4), true, OwnerPolicy.LOG_AND_PROCESS);
        ReceiveVerdict v = ReceiveCheck.check(owner, AddressFamily.IPV4, 255, Adverts.ipv4());
        assertEquals(ReceiveVerdict.Kind.ACCEPT_OWNER_CONFLICT, v.kind());
        assertTrue(v.accepted());
    }

    @Test
    void ttlIsCheckedBeforeVrid() {
        Advertisement a = Advertisement.of(AddressFamily.IPV4, 52, 100, 100, Adverts.VIP4);
        assertReject(RejectReason.IP_TTL_ERROR, ReceiveCheck.check(BACKUP4, AddressFamily.IPV4, 1, a));
    }

    @Test
    void rejectVerdictsAreSharedConstants() {
        assertSame(ReceiveVerdict.reject(RejectReason.VRID_ERROR), ReceiveVerdict.reject(RejectReason.VRID_ERROR));
        assertThrows(IllegalArgumentException.class, () -> new ReceiveVerdict(ReceiveVerdict.Kind.ACCEPT, RejectReason.VRID_ERROR));
        assertThrows(IllegalArgumentException.class, () -> new ReceiveVerdict(ReceiveVerdict.Kind.REJECT, null));
    }

    @Test
    void expectationsValidateVrid() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReceiveExpectations(AddressFamily.IPV4, 0, List.of(), false));
        assertEquals("vrid 0 (expected: 1-255)", e.getMessage());
    }

    @Test
    void everyReasonHasAMetricNameAndTier() {
        for (RejectReason r : RejectReason.values()) {
            assertTrue(r.metricName().matches("[a-z0-9_]+"), r + " metric " + r.metricName());
            assertTrue(r.tier() == 1 || r.tier() == 2);
            assertEquals(!r.mibCounter().isEmpty(), r.hasMibCounter());
            if (r.hasMibCounter()) {
                // RFC 6527 names, or RFC 2787's for the causes only VRRPv2 has.
                boolean v2Only = r.name().startsWith("AUTH_") || r == RejectReason.INTERVAL_MISMATCH;
                assertTrue(r.mibCounter().startsWith(v2Only ? "vrrpStats" : "vrrpv3"), r + " " + r.mibCounter());
            }
        }
        assertFalse(RejectReason.OWNER_CONFLICT.hasMibCounter());
    }

    // ---- unicast (unicast-peers) ----

    private static final byte[] PEER4 = {(byte) 192, 0, 2, 3};
    private static final byte[] LOCAL4 = Adverts.SRC4;
    private static final ReceiveExpectations UNICAST4 = BACKUP4.withUnicast(
            UnicastPeers.of(List.of(Adverts.v4(192, 0, 2, 3), Adverts.v4(192, 0, 2, 4)), Adverts.v4(192, 0, 2, 2)));

    private static ReceiveVerdict unicast4(int ttl, byte[] source, byte[] destination) {
        return ReceiveCheck.check(UNICAST4, AddressFamily.IPV4, ttl, source, destination, Adverts.ipv4());
    }

    @Test
    void unicastAcceptsAPeersAdvertAddressedToUs() {
        assertSame(ReceiveVerdict.ACCEPT,
                unicast4(255, PEER4, LOCAL4));
        byte[] second = {(byte) 192, 0, 2, 4};
        assertSame(ReceiveVerdict.ACCEPT,
                unicast4(255, second, LOCAL4));
    }

    @Test
    void unicastRejectsASourceThatIsNotAPeer() {
        byte[] stranger = {(byte) 192, 0, 2, 9};
        assertReject(RejectReason.UNICAST_PEER_UNKNOWN,
                unicast4(255, stranger, LOCAL4));
    }

    @Test
    void unicastRejectsAdvertsToTheGroupOrToAnotherHost() {
        assertReject(RejectReason.UNICAST_DESTINATION_ERROR,
                unicast4(255, PEER4, Adverts.DST4));
        byte[] otherHost = {(byte) 192, 0, 2, 4};
        assertReject(RejectReason.UNICAST_DESTINATION_ERROR,
                unicast4(255, PEER4, otherHost));
    }

    @Test
    void unicastWithoutALocalAddressYetRejectsEveryDestination() {
        ReceiveExpectations noSource = BACKUP4.withUnicast(UnicastPeers.of(List.of(Adverts.v4(192, 0, 2, 3)), null));
        assertReject(RejectReason.UNICAST_DESTINATION_ERROR,
                ReceiveCheck.check(noSource, AddressFamily.IPV4, 255, PEER4, LOCAL4, Adverts.ipv4()));
    }

    @Test
    void unicastTakesThePeerListForTheTtlCheckAndStillChecksTheAddressList() {
        byte[] stranger = {(byte) 192, 0, 2, 9};
        assertSame(ReceiveVerdict.ACCEPT,
                unicast4(64, PEER4, LOCAL4));
        assertReject(RejectReason.UNICAST_PEER_UNKNOWN,
                unicast4(64, stranger, LOCAL4));
        Advertisement other = Advertisement.of(AddressFamily.IPV4, 51, 100, 100, Adverts.VIP4B);
        assertEquals(ReceiveVerdict.Kind.ACCEPT_ADDRESS_LIST_MISMATCH,
                ReceiveCheck.check(UNICAST4, AddressFamily.IPV4, 255, PEER4, LOCAL4, other).kind());
    }

    @Test
    void unicastIpv6PeersAreLinkLocalOrGlobal() {
        byte[] peerLl = Adverts.bytes6(0xfe80, 0, 0, 0, 0, 0, 0, 3);
        ReceiveExpectations u6 = BACKUP6.withUnicast(UnicastPeers.of(
                List.of(Adverts.v6(0xfe80, 0, 0, 0, 0, 0, 0, 3), Adverts.v6(0x2001, 0xdb8, 1, 0, 0, 0, 0, 3)),
                Adverts.v6(0xfe80, 0, 0, 0, 0, 0, 0, 2)));
        assertSame(ReceiveVerdict.ACCEPT, ReceiveCheck.check(u6, AddressFamily.IPV6, 255, peerLl, Adverts.SRC6,
                Adverts.ipv6()));
        assertReject(RejectReason.UNICAST_DESTINATION_ERROR,
                ReceiveCheck.check(u6, AddressFamily.IPV6, 255, peerLl, Adverts.DST6, Adverts.ipv6()));
    }

    @Test
    void multicastIgnoresTheAddressesAndTheShortFormRefusesUnicast() {
        byte[] stranger = {(byte) 192, 0, 2, 9};
        assertSame(ReceiveVerdict.ACCEPT,
                ReceiveCheck.check(BACKUP4, AddressFamily.IPV4, 255, stranger, LOCAL4, Adverts.ipv4()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReceiveCheck.check(UNICAST4, AddressFamily.IPV4, 255, Adverts.ipv4()));
        assertTrue(e.getMessage().contains("unicast"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UnicastPeers.of(List.of(), null));
        assertFalse(UnicastPeers.NONE.isUnicast());
    }

    // ---- VRRPv2 (RFC 3768 section 7.1) and mixed mode (RFC 9568 section 8.4) ----

    private static final ReceiveExpectations V2_NONE =
            BACKUP4.withVersion(VrrpVersion.V2, false, 100, Authentication.NONE);
    private static final ReceiveExpectations V2_PASS =
            new ReceiveExpectations(AddressFamily.IPV4, 51, List.of(Adverts.VIP4, Adverts.VIP4B), false)
                    .withVersion(VrrpVersion.V2, false, 100, Adverts.PASSWORD);
    private static final ReceiveExpectations MIXED = BACKUP4.withVersion(VrrpVersion.V3, true, 10, Authentication.NONE);

    private static ReceiveVerdict check4(ReceiveExpectations local, Advertisement a) {
        return ReceiveCheck.check(local, AddressFamily.IPV4, 255, a);
    }

    @Test
    void eachInstanceHearsItsOwnVersion() {
        assertSame(ReceiveVerdict.ACCEPT, check4(V2_NONE, Adverts.ipv4v2()));
        assertSame(ReceiveVerdict.ACCEPT, check4(V2_PASS, Adverts.ipv4v2Password()));
        assertReject(RejectReason.VERSION_MISMATCH, check4(BACKUP4, Adverts.ipv4v2()));
        assertReject(RejectReason.VERSION_MISMATCH, check4(V2_NONE, Adverts.ipv4()));
        assertSame(ReceiveVerdict.ACCEPT, check4(MIXED, Adverts.ipv4v2()));
        assertSame(ReceiveVerdict.ACCEPT, check4(MIXED, Adverts.ipv4()));
    }

    @Test
    void versionIsCheckedBeforeTtl() {
        assertReject(RejectReason.VERSION_MISMATCH, ReceiveCheck.check(BACKUP4, AddressFamily.IPV4, 1, Adverts.ipv4v2()));
    }

    @Test
    void authTypeMismatch() {
        assertReject(RejectReason.AUTH_TYPE_MISMATCH, check4(V2_PASS, Adverts.ipv4v2()));
        assertReject(RejectReason.AUTH_TYPE_MISMATCH, check4(V2_NONE, Adverts.ipv4v2Password()));
        assertReject(RejectReason.AUTH_TYPE_MISMATCH, check4(MIXED, Adverts.ipv4v2Password()));
    }

    @Test
    void wrongPassword() {
        Authentication other = Authentication.simplePassword(new byte[] {'s', 'e', 'c', 'r', 'e', 't', '1', '3'});
        Advertisement a = Advertisement.ofV2(51, 150, 100, other, Adverts.VIP4, Adverts.VIP4B);
        assertReject(RejectReason.AUTH_FAILURE, check4(V2_PASS, a));
        assertEquals("vrrpStatsAuthFailures", RejectReason.AUTH_FAILURE.mibCounter());
    }

    @Test
    void aVrrpv2InstanceDiscardsAnotherInterval() {
        Advertisement twoSeconds = Advertisement.ofV2(51, 150, 200, Authentication.NONE, Adverts.VIP4);
        assertReject(RejectReason.INTERVAL_MISMATCH, check4(V2_NONE, twoSeconds));
        assertEquals("vrrpStatsAdvertiseIntervalErrors", RejectReason.INTERVAL_MISMATCH.mibCounter());
        // A mixed-mode instance follows RFC 9568: it adopts the interval, so it hears the advert.
        assertSame(ReceiveVerdict.ACCEPT, check4(MIXED, twoSeconds));
        assertSame(ReceiveVerdict.ACCEPT, check4(BACKUP4, Advertisement.of(AddressFamily.IPV4, 51, 150, 37, Adverts.VIP4)));
    }

    @Test
    void authenticationIsCheckedBeforeTheOwnerRule() {
        ReceiveExpectations owner = new ReceiveExpectations(AddressFamily.IPV4, 51, List.of(Adverts.VIP4), true)
                .withVersion(VrrpVersion.V2, false, 100, Adverts.PASSWORD);
        assertReject(RejectReason.AUTH_TYPE_MISMATCH, check4(owner, Adverts.ipv4v2()));
        assertReject(RejectReason.OWNER_CONFLICT,
                check4(owner, Advertisement.ofV2(51, 150, 100, Adverts.PASSWORD, Adverts.VIP4)));
    }

    @Test
    void vrrpv2AddressListMismatchIsAcceptedAndFlaggedAsKeepalivedDoes() {
        assertEquals(ReceiveVerdict.Kind.ACCEPT_ADDRESS_LIST_MISMATCH, check4(V2_NONE,
                Advertisement.ofV2(51, 150, 100, Authentication.NONE, Adverts.VIP4B)).kind());
    }

    @Test
    void heardVersionsForTheInterfaceDecoder() {
        assertEquals(AdvertDecoder.V3_ONLY, BACKUP4.heardVersions());
        assertEquals(AdvertDecoder.V2_ONLY, V2_NONE.heardVersions());
        assertEquals(AdvertDecoder.V2_AND_V3, MIXED.heardVersions());
    }

    @Test
    void versionExpectationsValidate() {
        assertThrows(IllegalArgumentException.class, () -> BACKUP6.withVersion(VrrpVersion.V2, false, 100, Authentication.NONE));
        assertThrows(IllegalArgumentException.class, () -> BACKUP6.withVersion(VrrpVersion.V3, true, 100, Authentication.NONE));
        assertThrows(IllegalArgumentException.class, () -> BACKUP4.withVersion(VrrpVersion.V2, true, 100, Authentication.NONE));
        assertThrows(IllegalArgumentException.class, () -> BACKUP4.withVersion(VrrpVersion.V2, false, 150, Authentication.NONE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BACKUP4.withVersion(VrrpVersion.V3, false, 100, Adverts.PASSWORD));
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertEquals(V2_NONE, V2_NONE.withUnicast(UnicastPeers.NONE));
    }

    // ---- unicast TTL bounds (keepalived's min_ttl / max_ttl) ----

    @Test
    void unicastPeerTtlBounds() {
        ReceiveExpectations bounded = BACKUP4.withUnicast(UnicastPeers.ofPeers(List.of(
                new UnicastPeer(Adverts.v4(192, 0, 2, 3), 255, 255), UnicastPeer.of(Adverts.v4(192, 0, 2, 4))),
                Adverts.v4(192, 0, 2, 2)));
        byte[] second = {(byte) 192, 0, 2, 4};
        assertSame(ReceiveVerdict.ACCEPT, ReceiveCheck.check(bounded, AddressFamily.IPV4, 255, PEER4, LOCAL4, Adverts.ipv4()));
        assertReject(RejectReason.IP_TTL_ERROR,
                ReceiveCheck.check(bounded, AddressFamily.IPV4, 254, PEER4, LOCAL4, Adverts.ipv4()));
        // The other peer keeps the default bounds: any TTL.
        assertSame(ReceiveVerdict.ACCEPT, ReceiveCheck.check(bounded, AddressFamily.IPV4, 64, second, LOCAL4, Adverts.ipv4()));
        // An unknown source is unknown, whatever its TTL.
        byte[] stranger = {(byte) 192, 0, 2, 9};
        assertReject(RejectReason.UNICAST_PEER_UNKNOWN,
                ReceiveCheck.check(bounded, AddressFamily.IPV4, 1, stranger, LOCAL4, Adverts.ipv4()));
    }

    @Test
    void unicastTtlBoundsSurviveANewLocalAddressAndValidate() {
        UnicastPeers peers = UnicastPeers.ofPeers(List.of(new UnicastPeer(Adverts.v4(192, 0, 2, 3), 250, 255)), null);
        UnicastPeers moved = peers.withLocalAddress(Adverts.v4(192, 0, 2, 2));
        assertEquals(peers.entries(), moved.entries());
        assertSame(moved, moved.withLocalAddress(Adverts.v4(192, 0, 2, 2)));
        assertReject(RejectReason.IP_TTL_ERROR, ReceiveCheck.check(BACKUP4.withUnicast(moved), AddressFamily.IPV4, 249,
                PEER4, LOCAL4, Adverts.ipv4()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new UnicastPeer(Adverts.v4(192, 0, 2, 3), 255, 250));
        assertEquals("TTL bounds 255..250 for unicast peer 192.0.2.3 (expected: 0 <= min <= max <= 255)", e.getMessage());
        assertThrows(IllegalStateException.class, () -> UnicastPeers.NONE.withLocalAddress(null));
    }

    private static void assertReject(RejectReason reason, ReceiveVerdict v) {
        assertEquals(ReceiveVerdict.Kind.REJECT, v.kind());
        assertEquals(reason, v.reason());
        assertFalse(v.accepted());
    }
}
