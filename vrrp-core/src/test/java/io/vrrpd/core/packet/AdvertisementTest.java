package io.vrrpd.core.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vrrpd.core.AddressFamily;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Constructor validation: each bad field named with actual and expected value. */
class AdvertisementTest {

    private static String reject(AddressFamily f, int vrid, int prio, int interval, List<InetAddress> addrs) {
        return assertThrows(IllegalArgumentException.class,
                () -> new Advertisement(f, vrid, prio, interval, addrs)).getMessage();
    }

    private static final List<InetAddress> ONE = List.of(Adverts.VIP4);

    @Test
    void vridZero() {
        assertEquals("vrid 0 (expected: 1-255)", reject(AddressFamily.IPV4, 0, 100, 100, ONE));
    }

    @Test
    void vrid256() {
        assertEquals("vrid 256 (expected: 1-255)", reject(AddressFamily.IPV4, 256, 100, 100, ONE));
    }

    @Test
    void priorityOutOfRange() {
        assertEquals("priority 256 (expected: 0-255)", reject(AddressFamily.IPV4, 1, 256, 100, ONE));
        assertEquals("priority -1 (expected: 0-255)", reject(AddressFamily.IPV4, 1, -1, 100, ONE));
    }

    @Test
    void intervalOutOfRange() {
        assertEquals("max advert interval 0 (expected: 1-4095 centiseconds)", reject(AddressFamily.IPV4, 1, 1, 0, ONE));
        assertEquals("max advert interval 4096 (expected: 1-4095 centiseconds)",
                reject(AddressFamily.IPV4, 1, 1, 4096, ONE));
    }

    @Test
    void noAddresses() {
        assertEquals("address count 0 (expected: 1-255)", reject(AddressFamily.IPV4, 1, 1, 1, List.of()));
    }

    @Test
    void tooManyAddresses() {
        assertEquals("address count 256 (expected: 1-255)",
                reject(AddressFamily.IPV4, 1, 1, 1, Collections.nCopies(256, Adverts.VIP4)));
    }

    @Test
    void mixedFamilies() {
        assertEquals("address 1 2001:db8:1:0:0:0:0:1 is IPv6 (expected: IPv4 like the advert)",
                reject(AddressFamily.IPV4, 1, 1, 1, List.of(Adverts.VIP4, Adverts.VIP6)));
        assertEquals("address 0 192.0.2.1 is IPv4 (expected: IPv6 like the advert)",
                reject(AddressFamily.IPV6, 1, 1, 1, List.of(Adverts.VIP4)));
    }

    @Test
    void nullAddressIsRefused() {
        List<InetAddress> l = new ArrayList<>();
        l.add(null);
        assertThrows(NullPointerException.class, () -> new Advertisement(AddressFamily.IPV4, 1, 1, 1, l));
    }

    @Test
    void addressListIsCopiedAndImmutable() {
        List<InetAddress> l = new ArrayList<>(List.of(Adverts.VIP4));
        Advertisement a = new Advertisement(AddressFamily.IPV4, 1, 1, 1, l);
        l.add(Adverts.VIP4B);
        assertEquals(1, a.addresses().size());
        assertThrows(UnsupportedOperationException.class, () -> a.addresses().add(Adverts.VIP4B));
    }

    @Test
    void boundariesAreValid() {
        Advertisement a = Advertisement.of(AddressFamily.IPV6, 255, 255, 4095, Adverts.LL6);
        assertEquals(24, a.encodedLength());
        assertEquals(12, Advertisement.of(AddressFamily.IPV4, 1, 0, 1, Adverts.VIP4).encodedLength());
    }

    @Test
    void addressListFromAnotherAdvertIsRevalidatedForTheFamily() {
        List<InetAddress> v4list = Adverts.ipv4().addresses();
        assertEquals("address 0 192.0.2.1 is IPv4 (expected: IPv6 like the advert)",
                reject(AddressFamily.IPV6, 1, 1, 1, v4list));
    }

    @Test
    void equalityIsByValueWhateverListTheAddressesCameIn() {
        Advertisement a = new Advertisement(AddressFamily.IPV4, 51, 150, 100, new ArrayList<>(List.of(Adverts.VIP4)));
        assertEquals(Adverts.ipv4(), a);
        assertEquals(Adverts.ipv4().hashCode(), a.hashCode());
        assertEquals(List.of(Adverts.VIP4), a.addresses());
        assertEquals(List.of(Adverts.VIP4).hashCode(), a.addresses().hashCode());
    }

    // ===== VRRPv2 =====

    @Test
    void vrrpv2IntervalIsWholeSeconds() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> Advertisement.ofV2(1, 100, 150, Authentication.NONE, Adverts.VIP4)).getMessage();
        assertEquals("VRRPv2 advert interval 150 centiseconds (expected: whole seconds, 100-25500 centiseconds)", m);
        assertThrows(IllegalArgumentException.class, () -> Advertisement.ofV2(1, 100, 25600, Authentication.NONE, Adverts.VIP4));
        assertEquals(255, Advertisement.ofV2(1, 100, 25500, Authentication.NONE, Adverts.VIP4).wireInterval());
    }

    @Test
    void vrrpv2IsIpv4Only() {
        String m = assertThrows(IllegalArgumentException.class, () -> new Advertisement(io.vrrpd.core.VrrpVersion.V2,
                AddressFamily.IPV6, 1, 100, 100, List.of(Adverts.VIP6), Authentication.NONE)).getMessage();
        assertEquals("VRRPv2 advert over IPv6 (expected: IPv4; VRRPv2 is IPv4 only)", m);
    }

    @Test
    void vrrpv3CarriesNoAuthentication() {
        String m = assertThrows(IllegalArgumentException.class, () -> new Advertisement(io.vrrpd.core.VrrpVersion.V3,
                AddressFamily.IPV4, 1, 100, 100, ONE, Adverts.PASSWORD)).getMessage();
        assertEquals("authentication simple password (not shown) on a VRRPv3 advert"
                + " (expected: none; only VRRPv2 carries authentication)", m);
    }

    @Test
    void thePasswordNeverShows() {
        Advertisement a = Adverts.ipv4v2Password();
        assertEquals(false, a.toString().contains("secret"), a.toString());
        assertEquals(true, a.toString().contains("simple password (not shown)"), a.toString());
        assertEquals(24, a.encodedLength());
        assertEquals(a, Advertisement.ofV2(51, 150, 100, Adverts.PASSWORD, Adverts.VIP4, Adverts.VIP4B));
    }
}
