package io.vrrpd.daemon.net;

import org.pcap4j.packet.ArpPacket;
import org.pcap4j.packet.IcmpV6CommonPacket;
import org.pcap4j.packet.IcmpV6NeighborAdvertisementPacket;
import org.pcap4j.packet.IpV6NeighborDiscoveryTargetLinkLayerAddressOption;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.IpV6SimpleFlowLabel;
import org.pcap4j.packet.IpV6SimpleTrafficClass;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.namednumber.ArpHardwareType;
import org.pcap4j.packet.namednumber.ArpOperation;
import org.pcap4j.packet.namednumber.EtherType;
import org.pcap4j.packet.namednumber.IcmpV6Code;
import org.pcap4j.packet.namednumber.IcmpV6Type;
import org.pcap4j.packet.namednumber.IpNumber;
import org.pcap4j.packet.namednumber.IpVersion;
import org.pcap4j.util.MacAddress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.List;
import java.util.Objects;

/**
 * Gratuitous ARP and unsolicited Neighbor Advertisement frames (RFC 9568 section 7.2), built
 * with pcap4j. Pure.
 */
public final class AnnounceFrames {
    /** ff02::1 */
    private static final Inet6Address ALL_NODES = (Inet6Address) VrrpFrames.address(new byte[] {
        (byte) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    private static final MacAddress ALL_NODES_MAC = MacAddress.getByName("33:33:00:00:00:01");
    private static final MacAddress ZERO_MAC = MacAddress.getByAddress(new byte[6]);

    private AnnounceFrames() {
    }

    /**
     * A gratuitous ARP for {@code vip}, broadcast from {@code mac}: sender and target protocol
     * address both the VIP, sender hardware address {@code mac}. A request carries a zero target
     * hardware address (RFC 5227 section 2.3); a reply carries {@code mac} there.
     */
    public static byte[] gratuitousArp(byte[] mac, Inet4Address vip, boolean reply) {
        Objects.requireNonNull(vip, "vip");
        MacAddress sender = VrrpFrames.mac(mac);
        ArpPacket.Builder arp = new ArpPacket.Builder()
                .hardwareType(ArpHardwareType.ETHERNET)
                .protocolType(EtherType.IPV4)
                .hardwareAddrLength((byte) 6)
                .protocolAddrLength((byte) 4)
                .operation(reply ? ArpOperation.REPLY : ArpOperation.REQUEST)
                .srcHardwareAddr(sender)
                .srcProtocolAddr(vip)
                .dstHardwareAddr(reply ? sender : ZERO_MAC)
                .dstProtocolAddr(vip);
        return VrrpFrames.ethernet(mac, MacAddress.ETHER_BROADCAST_ADDRESS, EtherType.ARP, arp);
    }

    /**
     * An unsolicited Neighbor Advertisement for {@code target} to ff02::1 from {@code mac}:
     * hop limit 255, Override set, Solicited clear, Router as given (RFC 9568 section 7.2 sets
     * it: the virtual router is a router), target link-layer address option {@code mac}.
     *
     * @param source IPv6 source: the VIP itself (keepalived's choice) or the interface's link-local
     */
    public static byte[] unsolicitedNa(byte[] mac, Inet6Address source, Inet6Address target, boolean router) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        MacAddress sender = VrrpFrames.mac(mac);
        IcmpV6NeighborAdvertisementPacket.Builder na = new IcmpV6NeighborAdvertisementPacket.Builder()
                .routerFlag(router)
                .solicitedFlag(false)
                .overrideFlag(true)
                .reserved(0)
                .targetAddress(target)
                .options(List.of(new IpV6NeighborDiscoveryTargetLinkLayerAddressOption.Builder()
                        .linkLayerAddress(sender.getAddress())
                        .correctLengthAtBuild(true)
                        .build()));
        return icmpToAllNodes(mac, source, IcmpV6Type.NEIGHBOR_ADVERTISEMENT, na);
    }

    /**
     * An ICMPv6 message of {@code type} from {@code source} and {@code mac} to ff02::1 (33:33:00:00:00:01),
     * hop limit 255 as neighbour discovery requires (RFC 4861 section 6.1), checksum computed.
     */
    static byte[] icmpToAllNodes(byte[] mac, Inet6Address source, IcmpV6Type type, Packet.Builder message) {
        IcmpV6CommonPacket.Builder icmp = new IcmpV6CommonPacket.Builder()
                .type(type)
                .code(IcmpV6Code.NO_CODE)
                .srcAddr(source)
                .dstAddr(ALL_NODES)
                .payloadBuilder(message)
                .correctChecksumAtBuild(true);
        IpV6Packet.Builder ip = new IpV6Packet.Builder()
                .version(IpVersion.IPV6)
                .trafficClass(IpV6SimpleTrafficClass.newInstance((byte) 0))
                .flowLabel(IpV6SimpleFlowLabel.newInstance(0))
                .nextHeader(IpNumber.ICMPV6)
                .hopLimit((byte) 255)
                .srcAddr(source)
                .dstAddr(ALL_NODES)
                .payloadBuilder(icmp)
                .correctLengthAtBuild(true);
        return VrrpFrames.ethernet(mac, ALL_NODES_MAC, EtherType.IPV6, ip);
    }
}
