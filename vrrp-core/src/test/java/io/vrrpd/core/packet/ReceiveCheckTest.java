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

    private static void assertReject(RejectReason reason, ReceiveVerdict v) {
        assertEquals(ReceiveVerdict.Kind.REJECT, v.kind());
        assertEquals(reason, v.reason());
        assertFalse(v.accepted());
    }
}
