package io.vrrpd.daemon.net;

import io.vrrpd.core.AddressFamily;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.util.Objects;

/**
 * Membership of the VRRP group (224.0.0.18 or ff02::12) on one interface, held through a UDP
 * socket for as long as this object is open. pcap sees frames but never joins a group, so
 * without this the kernel sends no IGMP/MLD report, and a switch that snoops MLD with a querier
 * forwards ff02::12 only to ports that reported: IPv6 adverts would never arrive. (IPv4's
 * 224.0.0.0/24 is flooded by snooping switches anyway; joining it costs nothing and helps
 * switches that do not flood it.) The socket receives nothing: VRRP is not UDP.
 *
 * <p>Create it on a thread in the interface's network namespace. Closing it leaves the group
 * (the kernel sends a leave / MLD done).
 */
public final class MulticastMembership implements AutoCloseable {
    private final AddressFamily family;
    private final String interfaceName;
    private final DatagramChannel channel;
    private final MembershipKey key;

    private MulticastMembership(AddressFamily family, String interfaceName, DatagramChannel channel, MembershipKey key) {
        this.family = family;
        this.interfaceName = interfaceName;
        this.channel = channel;
        this.key = key;
    }

    /** Joins the VRRP group of {@code family} on interface {@code interfaceName}. */
    public static MulticastMembership join(AddressFamily family, String interfaceName) throws PacketIoException {
        Objects.requireNonNull(interfaceName, "interfaceName");
        NetworkInterface nif;
        try {
            nif = NetworkInterface.getByName(interfaceName);
        } catch (SocketException e) {
            throw new PacketIoException("cannot look up interface " + interfaceName + ": " + e.getMessage(), e);
        }
        if (nif == null) {
            throw new PacketIoException("cannot join the VRRP group on " + interfaceName
                    + ": no such interface in this network namespace");
        }
        return join(family, nif);
    }

    /** Joins the VRRP group of {@code family} on {@code nif}. */
    public static MulticastMembership join(AddressFamily family, NetworkInterface nif) throws PacketIoException {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(nif, "nif");
        InetAddress group = VrrpFrames.address(family.multicastGroup());
        DatagramChannel channel = null;
        try {
            channel = DatagramChannel.open(family == AddressFamily.IPV4 ? StandardProtocolFamily.INET
                    : StandardProtocolFamily.INET6);
            MembershipKey key = channel.join(group, nif);
            return new MulticastMembership(family, nif.getName(), channel, key);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            throw new PacketIoException("cannot join " + group.getHostAddress() + " on " + nif.getName() + ": "
                    + e.getMessage() + (family == AddressFamily.IPV4 ? " (IPv4 joins need an IPv4 address on the interface)" : ""), e);
        }
    }

    public AddressFamily family() {
        return family;
    }

    public String interfaceName() {
        return interfaceName;
    }

    /** True while the group is joined. */
    public boolean isJoined() {
        return key.isValid();
    }

    /** Leaves the group and closes the socket. Idempotent. */
    @Override
    public void close() {
        key.drop();
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    @Override
    public String toString() {
        return "MulticastMembership{" + key.group().getHostAddress() + " on " + interfaceName + (isJoined() ? "" : " (left)") + "}";
    }
}
