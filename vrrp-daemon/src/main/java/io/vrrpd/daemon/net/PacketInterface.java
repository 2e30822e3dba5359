package io.vrrpd.daemon.net;

import org.pcap4j.core.PcapAddress;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;
import org.pcap4j.util.LinkLayerAddress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * An interface as packet I/O uses it: its name, its own MAC (own-frame filtering, the
 * interface-MAC option), its primary IPv4 address (IPv4 advert source) and its IPv6 link-local
 * address (IPv6 advert source). The kernel's full view of an interface is a
 * {@link io.vrrpd.hooks.kernel.Link}; the daemon builds this from a link and its addresses, and
 * tests and tools may use {@link #lookup(String)}.
 */
public record PacketInterface(String name, byte[] mac, Inet4Address primaryIpv4, Inet6Address linkLocalIpv6) {

    public PacketInterface {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mac, "mac");
        if (mac.length != 6) {
            throw new IllegalArgumentException("MAC address of " + mac.length + " bytes (expected: 6)");
        }
        mac = mac.clone();
        if (linkLocalIpv6 != null && !linkLocalIpv6.isLinkLocalAddress()) {
            throw new IllegalArgumentException("IPv6 source " + linkLocalIpv6.getHostAddress()
                    + " (expected: a link-local address, fe80::/10)");
        }
    }

    @Override
    public byte[] mac() {
        return mac.clone();
    }

    /** IPv4 or IPv6 advert source for {@code family}, empty when the interface has none. */
    public Optional<InetAddress> source(io.vrrpd.core.AddressFamily family) {
        return Optional.ofNullable(family == io.vrrpd.core.AddressFamily.IPV4 ? primaryIpv4 : linkLocalIpv6);
    }

    /**
     * Reads the interface through libpcap ({@code getifaddrs}, i.e. netlink on the calling
     * thread, so it sees the network namespace the thread is in). The first IPv4 address the
     * kernel lists is the primary.
     */
    public static PacketInterface lookup(String name) throws PacketIoException {
        PcapNetworkInterface nif;
        try {
            nif = Pcaps.getDevByName(name);
        } catch (PcapNativeException e) {
            throw PacketIoException.openFailed(name, e);
        }
        if (nif == null) {
            throw new PacketIoException("interface " + name + " does not exist in this network namespace");
        }
        byte[] mac = null;
        for (LinkLayerAddress lla : nif.getLinkLayerAddresses()) {
            if (lla.length() == 6) {
                mac = lla.getAddress();
                break;
            }
        }
        if (mac == null) {
            throw new PacketIoException("interface " + name + " has no Ethernet address (VRRP runs over Ethernet only)");
        }
        Inet4Address v4 = null;
        Inet6Address v6 = null;
        for (PcapAddress a : nif.getAddresses()) {
            InetAddress ip = a.getAddress();
            if (ip instanceof Inet4Address i4 && v4 == null) {
                v4 = i4;
            } else if (ip instanceof Inet6Address i6 && i6.isLinkLocalAddress() && v6 == null) {
                v6 = withoutScope(i6);
            }
        }
        return new PacketInterface(name, mac, v4, v6);
    }

    private static Inet6Address withoutScope(Inet6Address a) {
        try {
            return (Inet6Address) InetAddress.getByAddress(a.getAddress());
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PacketInterface i && i.name.equals(name) && java.util.Arrays.equals(i.mac, mac)
                && Objects.equals(i.primaryIpv4, primaryIpv4) && Objects.equals(i.linkLocalIpv6, linkLocalIpv6);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, java.util.Arrays.hashCode(mac), primaryIpv4, linkLocalIpv6);
    }

    @Override
    public String toString() {
        return "PacketInterface{" + name + " mac " + HexFormat.ofDelimiter(":").formatHex(mac) + " ipv4 "
                + (primaryIpv4 == null ? "-" : primaryIpv4.getHostAddress()) + " ipv6 "
                + (linkLocalIpv6 == null ? "-" : linkLocalIpv6.getHostAddress()) + "}";
    }
}
