package io.vrrpd.core.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vrrpd.core.AddressFamily;
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
                assertTrue(r.mibCounter().startsWith("vrrpv3"), r.mibCounter());
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

    private static void assertReject(RejectReason reason, ReceiveVerdict v) {
        assertEquals(ReceiveVerdict.Kind.REJECT, v.kind());
        assertEquals(reason, v.reason());
        assertFalse(v.accepted());
    }
}
