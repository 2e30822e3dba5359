package io.vrrpd.daemon.net;

import io.vrrpd.core.AddressFamily;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A reusable advert frame for one instance, so that the periodic send allocates nothing: the
 * headers are built once by {@link VrrpFrames#advert}, and each {@link #fill} copies the new
 * payload in place and, for IPv4, bumps the identification and recomputes the header checksum.
 * The payload length is fixed (it changes only with the VIP list: make a new template then).
 *
 * <p>Not thread-safe: owned by the event loop. {@link PacketChannel#send} copies the frame to
 * native memory before it returns, so the array can be refilled right after.
 */
public final class AdvertTemplate {
    private final AddressFamily family;
    private final byte[] frame;
    private final int payloadOffset;
    private final int payloadLength;
    private short identification;

    private AdvertTemplate(AddressFamily family, byte[] frame, int payloadOffset, int payloadLength) {
        this.family = family;
        this.frame = frame;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
    }

    /** A template for adverts of {@code payloadLength} bytes from {@code sourceMac} and {@code source}. */
    public static AdvertTemplate of(AddressFamily family, byte[] sourceMac, InetAddress source, int payloadLength) {
        Objects.requireNonNull(family, "family");
        if (payloadLength < 8) {
            throw new IllegalArgumentException("payload of " + payloadLength + " bytes (expected: at least 8)");
        }
        byte[] frame = VrrpFrames.advert(family, sourceMac, source, new byte[payloadLength], 0, payloadLength);
        int offset = VrrpFrames.ETHERNET_HEADER + (family == AddressFamily.IPV4 ? 20 : VrrpFrames.IPV6_HEADER);
        return new AdvertTemplate(family, frame, offset, payloadLength);
    }

    /**
     * Copies {@code payload[offset, offset+length)} into the frame and returns the frame (the
     * same array every time).
     */
    public byte[] fill(byte[] payload, int offset, int length) {
        if (length != payloadLength) {
            throw new IllegalArgumentException("payload of " + length + " bytes (expected: " + payloadLength
                    + ", the length this template was made for)");
        }
        System.arraycopy(payload, offset, frame, payloadOffset, length);
        if (family == AddressFamily.IPV4) {
            int ip = VrrpFrames.ETHERNET_HEADER;
            identification++;
            frame[ip + 4] = (byte) (identification >> 8);
            frame[ip + 5] = (byte) identification;
            frame[ip + 10] = 0;
            frame[ip + 11] = 0;
            int checksum = ~VrrpFrames.ipv4HeaderSum(frame, ip, 20) & 0xffff;
            frame[ip + 10] = (byte) (checksum >> 8);
            frame[ip + 11] = (byte) checksum;
        }
        return frame;
    }

    public AddressFamily family() {
        return family;
    }

    public int payloadLength() {
        return payloadLength;
    }

    /** Offset of the payload in the frame, for a codec that writes in place. */
    public int payloadOffset() {
        return payloadOffset;
    }
}
