package io.vrrpd.bench;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.packet.AdvertDecoder;
import io.vrrpd.core.packet.AdvertEncoder;
import io.vrrpd.core.packet.Advertisement;
import io.vrrpd.core.packet.ChecksumForm;
import io.vrrpd.core.packet.DecodedAdvert;
import io.vrrpd.core.packet.VrrpPacketException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The advert send and receive path: encode into a reused buffer (what the daemon does every
 * interval) and decode (every received advert), for the adverts the lab uses: IPv4 with one VIP,
 * IPv6 with a link-local and a global VIP. Also the cost of rejecting a bad checksum.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {
    private static final byte[] SRC4 = {(byte) 192, 0, 2, 2};
    private static final byte[] DST4 = AddressFamily.IPV4.multicastGroup();
    private static final byte[] SRC6 = v6bytes(0xfe80, 2);
    private static final byte[] DST6 = AddressFamily.IPV6.multicastGroup();

    private Advertisement advert4;
    private Advertisement advert6;
    private byte[] wire4;
    private byte[] wire6;
    private byte[] badChecksum4;
    private final byte[] out = new byte[1500];

    /** Builds the adverts and their wire forms once. */
    @Setup
    public void setUp() throws UnknownHostException {
        advert4 = Advertisement.of(AddressFamily.IPV4, 51, 150, 100,
                InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1}));
        advert6 = Advertisement.of(AddressFamily.IPV6, 51, 150, 100,
                Inet6Address.getByAddress(null, v6bytes(0xfe80, 1), -1),
                Inet6Address.getByAddress(null, v6bytes(0x2001, 1), -1));
        wire4 = AdvertEncoder.encode(advert4, SRC4, DST4, ChecksumForm.PSEUDO_HEADER);
        wire6 = AdvertEncoder.encode(advert6, SRC6, DST6, ChecksumForm.PSEUDO_HEADER);
        badChecksum4 = wire4.clone();
        badChecksum4[7] ^= 1;
    }

    /** IPv4, one address, RFC 5798 checksum form, into a reused buffer. */
    @Benchmark
    public int encodeIpv4() {
        return AdvertEncoder.encode(advert4, SRC4, DST4, ChecksumForm.PSEUDO_HEADER, out, 0);
    }

    /** IPv6, two addresses, into a reused buffer. */
    @Benchmark
    public int encodeIpv6() {
        return AdvertEncoder.encode(advert6, SRC6, DST6, ChecksumForm.PSEUDO_HEADER, out, 0);
    }

    /** IPv4 decode and tier-1 validation. */
    @Benchmark
    public DecodedAdvert decodeIpv4() throws VrrpPacketException {
        return AdvertDecoder.decode(AddressFamily.IPV4, SRC4, DST4, wire4, 0, wire4.length);
    }

    /** IPv6 decode and tier-1 validation. */
    @Benchmark
    public DecodedAdvert decodeIpv6() throws VrrpPacketException {
        return AdvertDecoder.decode(AddressFamily.IPV6, SRC6, DST6, wire6, 0, wire6.length);
    }

    /** Rejecting an IPv4 advert with a bad checksum (both forms tried, exception without stack). */
    @Benchmark
    public Object rejectBadChecksumIpv4() {
        try {
            return AdvertDecoder.decode(AddressFamily.IPV4, SRC4, DST4, badChecksum4, 0, badChecksum4.length);
        } catch (VrrpPacketException e) {
            return e.reason();
        }
    }

    private static byte[] v6bytes(int first, int last) {
        byte[] b = new byte[16];
        b[0] = (byte) (first >>> 8);
        b[1] = (byte) first;
        if (first == 0x2001) {
            b[2] = 0x0d;
            b[3] = (byte) 0xb8;
            b[5] = 1;
        }
        b[15] = (byte) last;
        return b;
    }
}
