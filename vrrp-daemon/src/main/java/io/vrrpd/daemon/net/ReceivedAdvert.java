package io.vrrpd.daemon.net;

import io.vrrpd.core.AddressFamily;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A captured frame that carries an IP datagram with protocol 112, seen as a view over the
 * captured bytes (nothing is copied when it is made). The VRRP payload is opaque here: hand
 * {@link #frame()}, {@link #payloadOffset()} and {@link #payloadLength()} to the codec, together
 * with the addresses it needs for the pseudo-header checksum.
 *
 * <p>The frame array belongs to this object; {@link PacketChannel} gives every captured frame
 * its own array, so an advert can be posted to another thread as it is.
 */
public final class ReceivedAdvert implements ParsedFrame {
    private final AddressFamily family;
    private final byte[] frame;
    private final int sourceIpOffset;
    private final int destinationIpOffset;
    private final int hopLimit;
    private final int payloadOffset;
    private final int payloadLength;
    private final long timestampNanos;

    ReceivedAdvert(AddressFamily family, byte[] frame, int sourceIpOffset, int destinationIpOffset, int hopLimit,
            int payloadOffset, int payloadLength, long timestampNanos) {
        this.family = family;
        this.frame = frame;
        this.sourceIpOffset = sourceIpOffset;
        this.destinationIpOffset = destinationIpOffset;
        this.hopLimit = hopLimit;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
        this.timestampNanos = timestampNanos;
    }

    public AddressFamily family() {
        return family;
    }

    /** IPv4 TTL or IPv6 hop limit, 0..255 (RFC 9568 requires 255; checking it is the caller's job). */
    public int hopLimit() {
        return hopLimit;
    }

    /** Kernel capture time in nanoseconds since the epoch (microsecond resolution if pcap could not do nano). */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** The whole captured frame, not a copy. */
    public byte[] frame() {
        return frame;
    }

    public int payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return payloadLength;
    }

    /** The VRRP payload as a fresh copy. */
    public byte[] payload() {
        return Arrays.copyOfRange(frame, payloadOffset, payloadOffset + payloadLength);
    }

    /** Source IP address bytes (4 or 16), fresh copy. */
    public byte[] sourceAddress() {
        return Arrays.copyOfRange(frame, sourceIpOffset, sourceIpOffset + family.addressLength());
    }

    /** Destination IP address bytes (4 or 16), fresh copy. */
    public byte[] destinationAddress() {
        return Arrays.copyOfRange(frame, destinationIpOffset, destinationIpOffset + family.addressLength());
    }

    /** Offset of the source address in {@link #frame()}, for allocation-free comparisons. */
    public int sourceAddressOffset() {
        return sourceIpOffset;
    }

    /** Offset of the destination address in {@link #frame()}. */
    public int destinationAddressOffset() {
        return destinationIpOffset;
    }

    /** True when the source IP equals {@code address} (4 or 16 bytes), without allocating. */
    public boolean sourceAddressEquals(byte[] address) {
        return address != null && address.length == family.addressLength()
                && Arrays.equals(frame, sourceIpOffset, sourceIpOffset + address.length, address, 0, address.length);
    }

    /** True when the destination is the VRRP group of the family (224.0.0.18 / ff02::12). */
    public boolean destinationIsVrrpGroup() {
        byte[] group = family == AddressFamily.IPV4 ? VrrpFrames.IPV4_GROUP : VrrpFrames.IPV6_GROUP;
        return Arrays.equals(frame, destinationIpOffset, destinationIpOffset + group.length, group, 0, group.length);
    }

    public InetAddress sourceInetAddress() {
        try {
            return InetAddress.getByAddress(sourceAddress());
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // length is always 4 or 16
        }
    }

    /** Ethernet source address, fresh copy. */
    public byte[] sourceMac() {
        return Arrays.copyOfRange(frame, 6, 12);
    }

    /** Ethernet destination address, fresh copy. */
    public byte[] destinationMac() {
        return Arrays.copyOfRange(frame, 0, 6);
    }

    @Override
    public String toString() {
        return "ReceivedAdvert{" + family.configName() + " from " + sourceInetAddress().getHostAddress()
                + " mac " + HexFormat.ofDelimiter(":").formatHex(frame, 6, 12) + " hop-limit " + hopLimit
                + " payload " + payloadLength + " bytes}";
    }
}
