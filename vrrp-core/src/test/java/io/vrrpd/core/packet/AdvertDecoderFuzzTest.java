package io.vrrpd.core.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vrrpd.core.AddressFamily;
import java.util.Arrays;
import java.util.List;

/**
 * Jazzer fuzz test of the decoder: the only exception allowed out is
 * {@link VrrpPacketException}, and whatever decodes must re-encode to the same bytes.
 *
 * <p>Input layout: byte 0 is a control byte (bit 0: IPv6; bit 1: write a correct checksum
 * before decoding, so mutations get past the checksum to the fields behind it; bit 2: with
 * bit 1 for IPv4, use the RFC 9568 form), then the IP source and destination (4 or 16 bytes
 * each), then the VRRP payload. Seeds in AdvertDecoderFuzzTestInputs/fuzzDecode are the golden
 * vectors in that layout, plus every input a fuzz run has failed on ({@code crash-*}).
 *
 * <p>{@code mvn test} runs the seeds (regression mode); {@code mvn verify} also fuzzes for
 * 60 s (the {@code fuzz} surefire execution sets JAZZER_FUZZ=1).
 */
class AdvertDecoderFuzzTest {
    private static final ReceiveExpectations LOCAL4 = new ReceiveExpectations(
            AddressFamily.IPV4, 51, List.of(Adverts.VIP4), false, OwnerPolicy.LOG_AND_PROCESS);
    private static final ReceiveExpectations LOCAL6 =
            new ReceiveExpectations(AddressFamily.IPV6, 51, List.of(Adverts.LL6, Adverts.VIP6), true);

    @FuzzTest(maxDuration = "60s")
    void fuzzDecode(byte[] data) {
        if (data.length < 1) {
            return;
        }
        int control = data[0];
        AddressFamily family = (control & 1) != 0 ? AddressFamily.IPV6 : AddressFamily.IPV4;
        int n = family.addressLength();
        if (data.length < 1 + 2 * n) {
            return;
        }
        byte[] src = Arrays.copyOfRange(data, 1, 1 + n);
        byte[] dst = Arrays.copyOfRange(data, 1 + n, 1 + 2 * n);
        byte[] payload = Arrays.copyOfRange(data, 1 + 2 * n, data.length);
        if ((control & 2) != 0 && payload.length >= Advertisement.HEADER_LENGTH) {
            ChecksumForm form = family == AddressFamily.IPV4 && (control & 4) != 0
                    ? ChecksumForm.NO_PSEUDO_HEADER : ChecksumForm.PSEUDO_HEADER;
            Adverts.fixChecksum(family, form, src, dst, payload);
        }
        // Decode from inside a larger buffer too, so offset arithmetic is exercised.
        byte[] framed = new byte[payload.length + 5];
        System.arraycopy(payload, 0, framed, 3, payload.length);
        DecodedAdvert d;
        try {
            d = AdvertDecoder.decode(family, src, dst, framed, 3, payload.length);
        } catch (VrrpPacketException e) {
            if (e.reason() == null || e.getMessage() == null || e.reason().tier() != 1) {
                throw new AssertionError("rejection without a tier-1 reason and message", e);
            }
            return;
        }
        ReceiveVerdict v = ReceiveCheck.check(family == AddressFamily.IPV4 ? LOCAL4 : LOCAL6, family, 255, d.advert());
        if (v.kind() == ReceiveVerdict.Kind.REJECT && v.reason().tier() != 2) {
            throw new AssertionError("tier-1 reason from the receive check: " + v);
        }
        byte[] again = AdvertEncoder.encode(d.advert(), src, dst, d.checksumForm());
        byte[] canonical = payload.clone();
        canonical[4] &= 0x0f; // the reserved nibble is ignored on receive and sent as zero
        if (canonical[6] == (byte) 0xff && canonical[7] == (byte) 0xff) {
            // One's-complement zero has two forms; the decoder accepts both, the encoder sends 0x0000.
            canonical[6] = 0;
            canonical[7] = 0;
        }
        if ((payload[4] & 0xf0) == 0) {
            assertArrayEquals(canonical, again);
        } else {
            assertArrayEquals(Arrays.copyOfRange(canonical, 8, canonical.length), Arrays.copyOfRange(again, 8, again.length));
        }
        try {
            assertEquals(d.advert(), AdvertDecoder.decode(family, src, dst, again).advert());
        } catch (VrrpPacketException e) {
            throw new AssertionError("re-encoded advert rejected: " + e.getMessage(), e);
        }
    }
}
