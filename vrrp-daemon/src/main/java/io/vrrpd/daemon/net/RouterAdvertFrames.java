package io.vrrpd.daemon.net;

import org.pcap4j.packet.IcmpV6CommonPacket;
import org.pcap4j.packet.IcmpV6RouterAdvertisementPacket;
import org.pcap4j.packet.IpV6NeighborDiscoveryPrefixInformationOption;
import org.pcap4j.packet.IpV6NeighborDiscoverySourceLinkLayerAddressOption;
import org.pcap4j.packet.namednumber.IcmpV6Type;
import org.pcap4j.util.MacAddress;

import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * IPv6 Router Advertisement frames (RFC 4861 section 4.2), built with pcap4j. Pure.
 *
 * <p>To ff02::1 with hop limit 255, a current hop limit of 64, no M or O flag, reachable time and
 * retransmission timer unspecified, a source link-layer address option, and a Prefix Information
 * option per prefix (on-link; autonomous for a /64; RFC 4861's default lifetimes, 30 days valid
 * and 7 days preferred).
 */
public final class RouterAdvertFrames {
    static final int VALID_LIFETIME_S = 2_592_000;
    static final int PREFERRED_LIFETIME_S = 604_800;
    private static final int MAX_ROUTER_LIFETIME_S = 9000;

    /** One prefix to advertise: the network, its length, and whether hosts form addresses in it. */
    public record Prefix(Inet6Address network, int length, boolean autonomous) {
        public Prefix {
            Objects.requireNonNull(network, "network");
        }
    }

    private RouterAdvertFrames() {
    }

    /**
     * A Router Advertisement from {@code source} (the instance's link-local virtual address) and
     * {@code mac}, with router lifetime {@code lifetimeSeconds} (0 to 9000; 0: not a default router).
     */
    public static byte[] advert(byte[] mac, Inet6Address source, int lifetimeSeconds, List<Prefix> prefixes) {
        Objects.requireNonNull(source, "source");
        if (lifetimeSeconds < 0 || lifetimeSeconds > MAX_ROUTER_LIFETIME_S) {
            throw new IllegalArgumentException("router lifetime " + lifetimeSeconds + " s (expected: 0..9000)");
        }
        MacAddress sender = VrrpFrames.mac(mac);
        List<IcmpV6CommonPacket.IpV6NeighborDiscoveryOption> options = new ArrayList<>();
        options.add(new IpV6NeighborDiscoverySourceLinkLayerAddressOption.Builder()
                .linkLayerAddress(sender.getAddress())
                .correctLengthAtBuild(true)
                .build());
        for (Prefix p : prefixes) {
            options.add(new IpV6NeighborDiscoveryPrefixInformationOption.Builder()
                    .prefixLength((byte) p.length())
                    .onLinkFlag(true)
                    .addressConfigurationFlag(p.autonomous())
                    .validLifetime(VALID_LIFETIME_S)
                    .preferredLifetime(PREFERRED_LIFETIME_S)
                    .prefix(p.network())
                    .correctLengthAtBuild(true)
                    .build());
        }
        IcmpV6RouterAdvertisementPacket.Builder ra = new IcmpV6RouterAdvertisementPacket.Builder()
                .curHopLimit((byte) 64)
                .managedAddressConfigurationFlag(false)
                .otherConfigurationFlag(false)
                .reserved((byte) 0)
                .routerLifetime((short) lifetimeSeconds)
                .reachableTime(0)
                .retransTimer(0)
                .options(options);
        return AnnounceFrames.icmpToAllNodes(mac, source, IcmpV6Type.ROUTER_ADVERTISEMENT, ra);
    }
}
