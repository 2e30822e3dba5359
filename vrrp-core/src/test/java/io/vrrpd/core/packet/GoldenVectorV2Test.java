package io.vrrpd.core.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.VrrpVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every captured keepalived VRRPv2 advert ({@code vectors/v2/}: keepalived 2.2.7 with no
 * {@code vrrp_version}) decodes to what tshark shows and re-encodes byte for byte; the password
 * of the PASS capture is what keepalived.conf said, and the receive check judges it.
 */
class GoldenVectorV2Test {

    static Stream<Path> pcaps() {
        return GoldenVectors.v2Pcaps().stream();
    }

    @Test
    void vectorsCoverNoAuthPasswordAndRelease() {
        List<String> names = GoldenVectors.v2Pcaps().stream().map(p -> p.getFileName().toString()).toList();
        for (String needle : List.of("ka_v2_", "prio150_int1s.pcap", "prio0", "authpass")) {
            assertEquals(true, names.stream().anyMatch(n -> n.contains(needle)), needle + " in " + names);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pcaps")
    void decodesToWhatTsharkShowsAndReencodesByteForByte(Path pcap) throws Exception {
        GoldenVectors.Expected want = GoldenVectors.expected(pcap);
        byte[] file = Files.readAllBytes(pcap);
        PcapReader.VrrpFrame f = GoldenVectors.onlyFrame(pcap, file);
        // These decodes were taken with tshark -V alone (no hex dump): the frame's length stands in for it.
        assertEquals(0, want.frameHex().length);
        assertEquals(want.frameLength(), GoldenVectors.frameBytes(file).length, "tshark's Frame Length");
        assertEquals(AddressFamily.IPV4, f.family());
        assertEquals(AddressFamily.REQUIRED_HOP_LIMIT, f.hopLimit());

        for (var versions : List.of(AdvertDecoder.V2_AND_V3, AdvertDecoder.V2_ONLY)) {
            DecodedAdvert decoded = AdvertDecoder.decode(versions, f.family(), f.src(), f.dst(), f.payload(), 0,
                    f.payload().length);
            Advertisement a = decoded.advert();
            assertEquals(2, want.version());
            GoldenVectors.assertFields(want, a, f.payload());
            assertEquals(want.interval() * 100, a.maxAdvertInterval(), "whole seconds as centiseconds");
            assertEquals(want.authType(), a.authentication().type().wireValue());
            if (want.authString() != null) {
                assertEquals(Authentication.simplePassword(want.authString().getBytes(StandardCharsets.US_ASCII)),
                        a.authentication());
            }
            // RFC 3768: the checksum covers the VRRP message alone (tshark: Good).
            assertEquals(ChecksumForm.NO_PSEUDO_HEADER, decoded.checksumForm());
            GoldenVectors.assertReencodes(a, f, decoded.checksumForm());
        }
        VrrpPacketException v3Only = assertThrows(VrrpPacketException.class,
                () -> AdvertDecoder.decode(f.family(), f.src(), f.dst(), f.payload()));
        assertEquals(RejectReason.VERSION_ERROR, v3Only.reason());
    }

    @Test
    void theReceiveCheckJudgesKeepalivedsPassword() throws Exception {
        Path pcap = GoldenVectors.v2Pcaps().stream()
                .filter(p -> p.getFileName().toString().contains("authpass")).findFirst().orElseThrow();
        PcapReader.VrrpFrame f = PcapReader.read(Files.readAllBytes(pcap)).get(0);
        Advertisement a = AdvertDecoder.decode(AdvertDecoder.V2_AND_V3, f.family(), f.src(), f.dst(), f.payload(), 0,
                f.payload().length).advert();
        ReceiveExpectations ours = new ReceiveExpectations(AddressFamily.IPV4, 51, a.addresses(), false);
        assertSame(ReceiveVerdict.ACCEPT, ReceiveCheck.check(
                ours.withVersion(VrrpVersion.V2, false, 100, Adverts.PASSWORD), AddressFamily.IPV4, 255, a));
        Authentication wrong = Authentication.simplePassword("secret13".getBytes(StandardCharsets.US_ASCII));
        assertEquals(RejectReason.AUTH_FAILURE, ReceiveCheck.check(
                ours.withVersion(VrrpVersion.V2, false, 100, wrong), AddressFamily.IPV4, 255, a).reason());
        assertEquals(RejectReason.AUTH_TYPE_MISMATCH, ReceiveCheck.check(
                ours.withVersion(VrrpVersion.V2, false, 100, Authentication.NONE), AddressFamily.IPV4, 255, a).reason());
        assertEquals(RejectReason.INTERVAL_MISMATCH, ReceiveCheck.check(
                ours.withVersion(VrrpVersion.V2, false, 200, Adverts.PASSWORD), AddressFamily.IPV4, 255, a).reason());
        assertEquals(false, a.toString().contains("secret12"), a.toString());
    }
}
