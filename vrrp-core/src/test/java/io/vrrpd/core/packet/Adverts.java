package io.vrrpd.core.packet;

import io.vrrpd.core.AddressFamily;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Test fixtures: addresses from bytes and a few canonical adverts. */
final class Adverts {
    static final byte[] SRC4 = {(byte) 192, 0, 2, 2};
    static final byte[] DST4 = AddressFamily.IPV4.multicastGroup();
    static final byte[] SRC6 = bytes6(0xfe80, 0, 0, 0, 0, 0, 0, 2);
    static final byte[] DST6 = AddressFamily.IPV6.multicastGroup();

    static final InetAddress VIP4 = v4(192, 0, 2, 1);
    static final InetAddress VIP4B = v4(192, 0, 2, 5);
    static final InetAddress LL6 = v6(0xfe80, 0, 0, 0, 0, 0, 0, 1);
    static final InetAddress VIP6 = v6(0x2001, 0xdb8, 1, 0, 0, 0, 0, 1);

    private Adverts() {
    }

    static Advertisement ipv4() {
        return Advertisement.of(AddressFamily.IPV4, 51, 150, 100, VIP4);
    }

    static Advertisement ipv6() {
        return Advertisement.of(AddressFamily.IPV6, 51, 150, 100, LL6, VIP6);
    }

    /** keepalived's {@code auth_pass secret12}, as in the ka_v2 authpass capture. */
    static final Authentication PASSWORD = Authentication.simplePassword(
            "secret12".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    /** A VRRPv2 advert as keepalived sends it by default: 1 s, no authentication. */
    static Advertisement ipv4v2() {
        return Advertisement.ofV2(51, 150, 100, Authentication.NONE, VIP4);
    }

    /** A VRRPv2 advert with keepalived's simple password. */
    static Advertisement ipv4v2Password() {
        return Advertisement.ofV2(51, 150, 100, PASSWORD, VIP4, VIP4B);
    }

    static InetAddress v4(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static InetAddress v6(int... groups) {
        try {
            return Inet6Address.getByAddress(null, bytes6(groups), -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] bytes6(int... groups) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[2 * i] = (byte) (groups[i] >>> 8);
            b[2 * i + 1] = (byte) groups[i];
        }
        return b;
    }

    /** Recomputes the checksum of a hand-modified payload so that only the intended fault remains. */
    static byte[] fixChecksum(AddressFamily family, ChecksumForm form, byte[] src, byte[] dst, byte[] payload) {
        payload[6] = 0;
        payload[7] = 0;
        int c = Checksums.vrrpChecksum(family, form, src, dst, payload, 0, payload.length);
        payload[6] = (byte) (c >>> 8);
        payload[7] = (byte) c;
        return payload;
    }
}
