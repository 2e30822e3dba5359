package io.vrrpd.core.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vrrpd.core.AddressFamily;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every captured keepalived and FRR advert decodes to what tshark shows and re-encodes byte for
 * byte with the same checksum form and addresses.
 */
class GoldenVectorTest {

    static Stream<Path> pcaps() {
        return GoldenVectors.pcaps().stream();
    }

    @Test
    void vectorsCoverBothPeersBothFamiliesAndThePrioritiesAndIntervalsWeInteropWith() {
        List<String> names = GoldenVectors.pcaps().stream().map(p -> p.getFileName().toString()).toList();
        for (String needle : List.of("ka_", "frr_", "ipv4", "ipv6", "prio150", "prio100", "prio0", "int10cs", "int100cs")) {
            assertEquals(true, names.stream().anyMatch(n -> n.contains(needle)), needle + " in " + names);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pcaps")
    void decodesToWhatTsharkShowsAndReencodesByteForByte(Path pcap) throws Exception {
        GoldenVectors.Expected want = GoldenVectors.expected(pcap);
        byte[] file = Files.readAllBytes(pcap);
        PcapReader.VrrpFrame f = GoldenVectors.onlyFrame(pcap, file);
        assertArrayEquals(want.frameHex(), GoldenVectors.frameBytes(file), "tshark hex dump is the frame in the pcap");
        assertEquals(want.frameLength(), want.frameHex().length, "tshark's Frame Length");
        assertEquals(AddressFamily.REQUIRED_HOP_LIMIT, f.hopLimit());

        DecodedAdvert decoded = AdvertDecoder.decode(f.family(), f.src(), f.dst(), f.payload(), 0, f.payload().length);
        Advertisement a = decoded.advert();
        assertEquals(3, want.version());
        assertEquals(f.family(), a.family());
        GoldenVectors.assertFields(want, a, f.payload());
        // keepalived 2.2 and FRR 8.4 both checksum IPv4 over the pseudo-header by default.
        assertEquals(ChecksumForm.PSEUDO_HEADER, decoded.checksumForm());
        GoldenVectors.assertReencodes(a, f, decoded.checksumForm());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pcaps")
    void ipv4VectorsReencodedInTheRfc9568FormDecodeAsThatForm(Path pcap) throws Exception {
        PcapReader.VrrpFrame f = PcapReader.read(Files.readAllBytes(pcap)).get(0);
        if (f.family() != AddressFamily.IPV4) {
            return;
        }
        Advertisement a = AdvertDecoder.decode(f.family(), f.src(), f.dst(), f.payload()).advert();
        byte[] rfc9568 = AdvertEncoder.encode(a, f.src(), f.dst(), ChecksumForm.NO_PSEUDO_HEADER);
        DecodedAdvert d = AdvertDecoder.decode(f.family(), f.src(), f.dst(), rfc9568);
        assertEquals(ChecksumForm.NO_PSEUDO_HEADER, d.checksumForm());
        assertEquals(a, d.advert());
    }
}
