package io.vrrpd.daemon.net;

import io.vrrpd.core.AddressFamily;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV4Rfc791Tos;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.IpV6SimpleFlowLabel;
import org.pcap4j.packet.IpV6SimpleTrafficClass;
import org.pcap4j.packet.UnknownPacket;
import org.pcap4j.packet.namednumber.EtherType;
import org.pcap4j.packet.namednumber.IpNumber;
import org.pcap4j.packet.namednumber.IpVersion;
import org.pcap4j.util.MacAddress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ethernet framing of VRRP adverts: building the frame around a payload the codec made, and
 * reading a captured frame back into a {@link ReceivedAdvert}. No I/O, no state beyond the IPv4
 * identification counter.
 *
 * <p>Transmit (RFC 9568 section 5.1): IPv4 to 224.0.0.18 / 01:00:5e:00:00:12, TOS 0xc0 (CS6, as
 * keepalived and FRR send), TTL 255, protocol 112, DF clear, header checksum computed; IPv6 to
 * ff02::12 / 33:33:00:00:00:12, traffic class 0xc0, hop limit 255, next header 112, from the
 * interface's link-local address. The VRRP checksum inside the payload is the caller's.
 *
 * <p>Receive is a bounds-checked read of the raw bytes rather than pcap4j's packet factory:
 * it runs for every advert of every peer (255 VRIDs at 10 ms is 25 500 frames a second), and
 * the factory allocates a dozen objects per frame and reports garbage through exceptions. The
 * tests check that both readings agree on well-formed frames.
 */
public final class VrrpFrames {
    /** 224.0.0.18 */
    static final byte[] IPV4_GROUP = AddressFamily.IPV4.multicastGroup();
    /** ff02::12 */
    static final byte[] IPV6_GROUP = AddressFamily.IPV6.multicastGroup();
    /** 01:00:5e:00:00:12 */
    public static final MacAddress IPV4_GROUP_MAC = MacAddress.getByName("01:00:5e:00:00:12");
    /** 33:33:00:00:00:12 */
    public static final MacAddress IPV6_GROUP_MAC = MacAddress.getByName("33:33:00:00:00:12");
    /** DSCP CS6 (network control), ECN 0: what keepalived and FRR put in TOS / traffic class. */
    public static final int TOS_NETWORK_CONTROL = 0xc0;

    static final int ETHERNET_HEADER = 14;
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86dd;
    static final int IPV6_HEADER = 40;

    private static final Inet4Address IPV4_GROUP_ADDRESS = (Inet4Address) address(IPV4_GROUP);
    private static final Inet6Address IPV6_GROUP_ADDRESS = (Inet6Address) address(IPV6_GROUP);
    private static final AtomicInteger IDENTIFICATION = new AtomicInteger();

    private VrrpFrames() {
    }

    /**
     * A complete Ethernet frame carrying {@code payload[offset, offset+length)} as a VRRP advert
     * of {@code family}, sent from {@code sourceMac} (normally the virtual MAC, see
     * {@link VirtualMac}) and {@code source} (the interface's primary IPv4 address, or its IPv6
     * link-local address).
     */
    public static byte[] advert(AddressFamily family, byte[] sourceMac, InetAddress source, byte[] payload, int offset,
            int length) {
        Objects.requireNonNull(family, "family");
        if (family == AddressFamily.IPV4) {
            if (!(source instanceof Inet4Address v4)) {
                throw new IllegalArgumentException("source " + source + " (expected: an IPv4 address for an IPv4 advert)");
            }
            return ipv4Advert(sourceMac, v4, payload, offset, length, (short) IDENTIFICATION.incrementAndGet());
        }
        if (!(source instanceof Inet6Address v6)) {
            throw new IllegalArgumentException("source " + source + " (expected: an IPv6 link-local address for an IPv6 advert)");
        }
        return ipv6Advert(sourceMac, v6, payload, offset, length);
    }

    /** IPv4 advert frame with an explicit IP identification (tests; the counter is used otherwise). */
    public static byte[] ipv4Advert(byte[] sourceMac, Inet4Address source, byte[] payload, int offset, int length,
            short identification) {
        UnknownPacket.Builder vrrp = payloadBuilder(payload, offset, length);
        IpV4Packet.Builder ip = new IpV4Packet.Builder()
                .version(IpVersion.IPV4)
                .ihl((byte) 5)
                .tos(IpV4Rfc791Tos.newInstance((byte) TOS_NETWORK_CONTROL))
                .identification(identification)
                .reservedFlag(false)
                .dontFragmentFlag(false)
                .moreFragmentFlag(false)
                .fragmentOffset((short) 0)
                .ttl((byte) AddressFamily.REQUIRED_HOP_LIMIT)
                .protocol(IpNumber.VRRP)
                .srcAddr(Objects.requireNonNull(source, "source"))
                .dstAddr(IPV4_GROUP_ADDRESS)
                .payloadBuilder(vrrp)
                .correctChecksumAtBuild(true)
                .correctLengthAtBuild(true);
        return ethernet(sourceMac, IPV4_GROUP_MAC, EtherType.IPV4, ip);
    }

    /** IPv6 advert frame; {@code source} must be link-local (RFC 9568 section 5.1.2.1). */
    public static byte[] ipv6Advert(byte[] sourceMac, Inet6Address source, byte[] payload, int offset, int length) {
        Objects.requireNonNull(source, "source");
        if (!source.isLinkLocalAddress()) {
            throw new IllegalArgumentException("source " + source.getHostAddress()
                    + " (expected: the interface's IPv6 link-local address, fe80::/10)");
        }
        UnknownPacket.Builder vrrp = payloadBuilder(payload, offset, length);
        IpV6Packet.Builder ip = new IpV6Packet.Builder()
                .version(IpVersion.IPV6)
                .trafficClass(IpV6SimpleTrafficClass.newInstance((byte) TOS_NETWORK_CONTROL))
                .flowLabel(IpV6SimpleFlowLabel.newInstance(0))
                .nextHeader(IpNumber.VRRP)
                .hopLimit((byte) AddressFamily.REQUIRED_HOP_LIMIT)
                .srcAddr(source)
                .dstAddr(IPV6_GROUP_ADDRESS)
                .payloadBuilder(vrrp)
                .correctLengthAtBuild(true);
        return ethernet(sourceMac, IPV6_GROUP_MAC, EtherType.IPV6, ip);
    }

    private static UnknownPacket.Builder payloadBuilder(byte[] payload, int offset, int length) {
        Objects.requireNonNull(payload, "payload");
        Objects.checkFromIndexSize(offset, length, payload.length);
        if (length == 0) {
            throw new IllegalArgumentException("empty VRRP payload (expected: at least 8 bytes)");
        }
        return new UnknownPacket.Builder().rawData(Arrays.copyOfRange(payload, offset, offset + length));
    }

    static byte[] ethernet(byte[] sourceMac, MacAddress destination, EtherType type,
            org.pcap4j.packet.Packet.Builder payload) {
        return new EthernetPacket.Builder()
                .srcAddr(mac(sourceMac))
                .dstAddr(destination)
                .type(type)
                .payloadBuilder(payload)
                .pad(new byte[0])
                .paddingAtBuild(false) // the NIC pads; keepalived's frames are 46 bytes on veth too
                .build()
                .getRawData();
    }

    static MacAddress mac(byte[] mac) {
        Objects.requireNonNull(mac, "mac");
        if (mac.length != 6) {
            throw new IllegalArgumentException("MAC address of " + mac.length + " bytes (expected: 6)");
        }
        return MacAddress.getByAddress(mac);
    }

    /**
     * Reads a captured frame. Never throws for any content: returns a {@link ReceivedAdvert} when
     * the frame is Ethernet + IPv4/IPv6 + protocol 112 with consistent lengths (and a valid IPv4
     * header checksum), else the {@link DropReason}.
     *
     * @param frame          captured bytes; referenced, not copied, by the result
     * @param length         captured length (may be less than {@code frame.length})
     * @param timestampNanos capture time, carried into the result
     */
    public static ParsedFrame parse(byte[] frame, int length, long timestampNanos) {
        if (frame == null || length < ETHERNET_HEADER || length > frame.length) {
            return DropReason.TRUNCATED;
        }
        int type = u16(frame, 12);
        if (type == ETHERTYPE_IPV4) {
            return parseIpv4(frame, length, timestampNanos);
        }
        if (type == ETHERTYPE_IPV6) {
            return parseIpv6(frame, length, timestampNanos);
        }
        return DropReason.NOT_IP;
    }

    private static ParsedFrame parseIpv4(byte[] f, int length, long ts) {
        int ip = ETHERNET_HEADER;
        if (length < ip + 20) {
            return DropReason.TRUNCATED;
        }
        int versionIhl = f[ip] & 0xff;
        int headerLength = (versionIhl & 0x0f) * 4;
        if (versionIhl >> 4 != 4 || headerLength < 20) {
            return DropReason.BAD_IP_HEADER;
        }
        int totalLength = u16(f, ip + 2);
        if (totalLength < headerLength) {
            return DropReason.BAD_IP_HEADER;
        }
        if (ip + totalLength > length) {
            return DropReason.TRUNCATED; // also covers a header longer than the capture
        }
        if (ipv4HeaderSum(f, ip, headerLength) != 0xffff) {
            return DropReason.BAD_IP_CHECKSUM;
        }
        if ((f[ip + 9] & 0xff) != AddressFamily.IP_PROTOCOL_VRRP) {
            return DropReason.NOT_VRRP;
        }
        if ((u16(f, ip + 6) & 0x3fff) != 0) {
            return DropReason.FRAGMENT;
        }
        return new ReceivedAdvert(AddressFamily.IPV4, f, ip + 12, ip + 16, f[ip + 8] & 0xff, ip + headerLength,
                totalLength - headerLength, ts);
    }

    private static ParsedFrame parseIpv6(byte[] f, int length, long ts) {
        int ip = ETHERNET_HEADER;
        if (length < ip + IPV6_HEADER) {
            return DropReason.TRUNCATED;
        }
        if ((f[ip] & 0xf0) != 0x60) {
            return DropReason.BAD_IP_HEADER;
        }
        int payloadLength = u16(f, ip + 4);
        if (ip + IPV6_HEADER + payloadLength > length) {
            return DropReason.TRUNCATED;
        }
        int nextHeader = f[ip + 6] & 0xff;
        if (nextHeader == 44) {
            return DropReason.FRAGMENT;
        }
        if (nextHeader != AddressFamily.IP_PROTOCOL_VRRP) {
            return DropReason.NOT_VRRP;
        }
        return new ReceivedAdvert(AddressFamily.IPV6, f, ip + 8, ip + 24, f[ip + 7] & 0xff, ip + IPV6_HEADER,
                payloadLength, ts);
    }

    /** One's-complement sum of an IPv4 header; 0xffff when its checksum is right. */
    static int ipv4HeaderSum(byte[] f, int offset, int headerLength) {
        int sum = 0;
        for (int i = 0; i < headerLength; i += 2) {
            sum += u16(f, offset + i);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return sum;
    }

    static int u16(byte[] b, int offset) {
        return ((b[offset] & 0xff) << 8) | (b[offset + 1] & 0xff);
    }

    static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
