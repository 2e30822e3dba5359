package io.vrrpd.core.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.VrrpVersion;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Jazzer fuzz test of the decoder: the only exception allowed out is
 * {@link VrrpPacketException}, and whatever decodes must pass the receive check of every
 * instance kind (VRRPv3, VRRPv2 with a password, mixed mode) with a reason of the right tier,
 * re-encode to the same bytes and decode again to an equal value.
 *
 * <p>Input layout: byte 0 is a control byte (bit 0: IPv6; bit 1: write a correct checksum
 * before decoding, so mutations get past the checksum to the fields behind it, in the form the
 * version nibble calls for; bit 2: with bit 1 for IPv4 VRRPv3, use the RFC 9568 form; bits 3-4:
 * the versions the interface hears, 0 VRRPv3 only, 1 and 3 both, 2 VRRPv2 only), then the IP
 * source and destination (4 or 16 bytes each), then the VRRP payload. Seeds in
 * AdvertDecoderFuzzTestInputs/fuzzDecode are the golden vectors (VRRPv3 and VRRPv2) in that
 * layout, plus every input a fuzz run has failed on ({@code crash-*}).
 *
 * <p>{@code mvn test} runs the seeds (regression mode); {@code mvn verify} also fuzzes for
 * 60 s (the {@code fuzz} surefire execution sets JAZZER_FUZZ=1).
 */
class AdvertDecoderFuzzTest {
    private static final ReceiveExpectations LOCAL4 = new ReceiveExpectations(
            AddressFamily.IPV4, 51, List.of(Adverts.VIP4), false, OwnerPolicy.LOG_AND_PROCESS);
    private static final List<ReceiveExpectations> LOCALS4 = List.of(LOCAL4,
            LOCAL4.withVersion(VrrpVersion.V2, false, 100, Adverts.PASSWORD),
            LOCAL4.withVersion(VrrpVersion.V3, true, 10, Authentication.NONE));
    private static final List<ReceiveExpectations> LOCALS6 = List.of(
            new ReceiveExpectations(AddressFamily.IPV6, 51, List.of(Adverts.LL6, Adverts.VIP6), true));
    private static final List<Set<VrrpVersion>> HEARD = List.of(AdvertDecoder.V3_ONLY, AdvertDecoder.V2_AND_V3,
            AdvertDecoder.V2_ONLY, AdvertDecoder.V2_AND_V3);

    @FuzzTest(maxDuration = "60s")
    void fuzzDecode(byte[] data) {
        if (data.length < 1) {
            return;
        }
        int control = data[0];
        AddressFamily family = (control & 1) != 0 ? AddressFamily.IPV6 : AddressFamily.IPV4;
        Set<VrrpVersion> heard = HEARD.get((control >>> 3) & 3);
        int n = family.addressLength();
        if (data.length < 1 + 2 * n) {
            return;
        }
        byte[] src = Arrays.copyOfRange(data, 1, 1 + n);
        byte[] dst = Arrays.copyOfRange(data, 1 + n, 1 + 2 * n);
        byte[] payload = Arrays.copyOfRange(data, 1 + 2 * n, data.length);
        if ((control & 2) != 0 && payload.length >= Advertisement.HEADER_LENGTH) {
            boolean v2Nibble = (payload[0] & 0xf0) == 0x20;
            ChecksumForm form = family == AddressFamily.IPV4 && (v2Nibble || (control & 4) != 0)
                    ? ChecksumForm.NO_PSEUDO_HEADER : ChecksumForm.PSEUDO_HEADER;
            Adverts.fixChecksum(family, form, src, dst, payload);
        }
        // Decode from inside a larger buffer too, so offset arithmetic is exercised.
        byte[] framed = new byte[payload.length + 5];
        System.arraycopy(payload, 0, framed, 3, payload.length);
        DecodedAdvert d;
        try {
            d = AdvertDecoder.decode(heard, family, src, dst, framed, 3, payload.length);
        } catch (VrrpPacketException e) {
            if (e.reason() == null || e.getMessage() == null || e.reason().tier() != 1) {
                throw new AssertionError("rejection without a tier-1 reason and message", e);
            }
            return;
        }
        Advertisement a = d.advert();
        if (!heard.contains(a.version())) {
            throw new AssertionError("decoded " + a.version() + " where only " + heard + " is heard");
        }
        for (ReceiveExpectations local : family == AddressFamily.IPV4 ? LOCALS4 : LOCALS6) {
            ReceiveVerdict v = ReceiveCheck.check(local, family, 255, a);
            if (v.kind() == ReceiveVerdict.Kind.REJECT && v.reason().tier() != 2) {
                throw new AssertionError("tier-1 reason from the receive check: " + v);
            }
        }
        byte[] again = AdvertEncoder.encode(a, src, dst, d.checksumForm());
        assertArrayEquals(canonical(payload, d, family, src, dst), again);
        try {
            assertEquals(a, AdvertDecoder.decode(heard, family, src, dst, again, 0, again.length).advert());
        } catch (VrrpPacketException e) {
            throw new AssertionError("re-encoded advert rejected: " + e.getMessage(), e);
        }
    }

    /**
     * What the encoder must send for a payload that decoded to {@code d}: the same bytes, but for
     * what receivers ignore and we send as zero (the reserved nibble of VRRPv3, the authentication
     * data of a VRRPv2 advert without authentication), checksummed anew when one of those was not
     * zero, and a checksum of 0xffff (one's-complement zero, accepted on receive) sent as 0x0000.
     */
    private static byte[] canonical(byte[] payload, DecodedAdvert d, AddressFamily family, byte[] src, byte[] dst) {
        Advertisement a = d.advert();
        byte[] c = payload.clone();
        boolean changed = false;
        if (a.version() == VrrpVersion.V3 && (c[4] & 0xf0) != 0) {
            c[4] &= 0x0f;
            changed = true;
        }
        if (a.version() == VrrpVersion.V2 && a.authentication().isNone()) {
            for (int i = c.length - Authentication.DATA_LENGTH; i < c.length; i++) {
                changed |= c[i] != 0;
                c[i] = 0;
            }
        }
        if (changed) {
            return Adverts.fixChecksum(family, d.checksumForm(), src, dst, c);
        }
        if (c[6] == (byte) 0xff && c[7] == (byte) 0xff) {
            // One's-complement zero has two forms; the decoder accepts both, the encoder sends 0x0000.
            c[6] = 0;
            c[7] = 0;
        }
        return c;
    }
}
