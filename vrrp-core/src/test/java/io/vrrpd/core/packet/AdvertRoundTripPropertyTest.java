package io.vrrpd.core.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.VrrpVersion;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * decode(encode(x)) == x for arbitrary valid adverts: both families, both IPv4 checksum forms of
 * VRRPv3, and VRRPv2 (IPv4, with and without a password), decoded where both versions are heard.
 */
class AdvertRoundTripPropertyTest {

    record Case(Advertisement advert, ChecksumForm form, byte[] src, byte[] dst) {
    }

    @Property(tries = 500)
    void decodeInvertsEncode(@ForAll("cases") Case c) throws Exception {
        byte[] wire = AdvertEncoder.encode(c.advert(), c.src(), c.dst(), c.form());
        DecodedAdvert d = AdvertDecoder.decode(AdvertDecoder.V2_AND_V3, c.advert().family(), c.src(), c.dst(), wire,
                0, wire.length);
        assertEquals(c.advert(), d.advert());
        if (c.advert().family() == AddressFamily.IPV6 || c.advert().version() == VrrpVersion.V2 || !ambiguous(c, wire)) {
            assertEquals(c.form(), d.checksumForm());
        }
    }

    @Property(tries = 300)
    void anySingleBitFlipIsRejected(@ForAll("cases") Case c, @ForAll("bitIndex") int bit) {
        byte[] wire = AdvertEncoder.encode(c.advert(), c.src(), c.dst(), c.form());
        int i = (bit >>> 3) % wire.length;
        wire[i] ^= (byte) (1 << (bit & 7));
        try {
            DecodedAdvert d = AdvertDecoder.decode(AdvertDecoder.V2_AND_V3, c.advert().family(), c.src(), c.dst(),
                    wire, 0, wire.length);
            // One flipped bit always changes the one's-complement sum, so the only way through is
            // an IPv4 VRRPv3 packet that now happens to satisfy the other checksum form (VRRPv2 has one).
            if (c.advert().family() == AddressFamily.IPV6 || d.checksumForm() == c.form()) {
                throw new AssertionError("single bit flip at byte " + i + " was accepted: " + d);
            }
        } catch (VrrpPacketException expected) {
            // rejected, as it must be
        }
    }

    @Provide
    Arbitrary<Integer> bitIndex() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE);
    }

    /** Both IPv4 forms validate when the pseudo-header sums to one's-complement zero. */
    private static boolean ambiguous(Case c, byte[] wire) {
        return Checksums.fold(Checksums.sum(0, wire, 0, wire.length)) == 0xffff;
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<AddressFamily> family = Arbitraries.of(AddressFamily.class);
        return family.flatMap(f -> {
            int len = f.addressLength();
            Arbitrary<byte[]> addr = Arbitraries.bytes().array(byte[].class).ofSize(len);
            Arbitrary<List<InetAddress>> addrs = addr.map(b -> address(f, b)).list().ofMinSize(1).ofMaxSize(255);
            Arbitrary<ChecksumForm> form = f == AddressFamily.IPV6
                    ? Arbitraries.just(ChecksumForm.PSEUDO_HEADER)
                    : Arbitraries.of(ChecksumForm.class);
            Arbitrary<Advertisement> v3 = Combinators.combine(
                    Arbitraries.integers().between(1, 255),
                    Arbitraries.integers().between(0, 255),
                    Arbitraries.integers().between(1, 4095),
                    addrs).as((vrid, prio, interval, list) -> new Advertisement(f, vrid, prio, interval, list));
            Arbitrary<Case> v3Cases = Combinators.combine(v3, form, addr, addr).as(Case::new);
            if (f == AddressFamily.IPV6) {
                return v3Cases;
            }
            Arbitrary<Authentication> auth = Arbitraries.oneOf(Arbitraries.just(Authentication.NONE),
                    Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8).map(Authentication::simplePassword));
            Arbitrary<Advertisement> v2 = Combinators.combine(
                    Arbitraries.integers().between(1, 255),
                    Arbitraries.integers().between(0, 255),
                    Arbitraries.integers().between(1, 255),
                    addrs, auth).as((vrid, prio, seconds, list, a) -> new Advertisement(VrrpVersion.V2, f, vrid, prio,
                            100 * seconds, list, a));
            Arbitrary<Case> v2Cases = Combinators.combine(v2, Arbitraries.just(ChecksumForm.NO_PSEUDO_HEADER), addr, addr)
                    .as(Case::new);
            return Arbitraries.oneOf(v3Cases, v2Cases);
        });
    }

    private static InetAddress address(AddressFamily f, byte[] b) {
        try {
            return f == AddressFamily.IPV6 ? Inet6Address.getByAddress(null, b, -1) : InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
