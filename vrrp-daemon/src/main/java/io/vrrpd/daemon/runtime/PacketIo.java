package io.vrrpd.daemon.runtime;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.daemon.net.FrameSink;
import io.vrrpd.daemon.net.MulticastMembership;
import io.vrrpd.daemon.net.PacketChannel;
import io.vrrpd.daemon.net.PacketInterface;
import io.vrrpd.daemon.net.PacketIoException;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where the runtime gets packet I/O on an interface: {@link #PCAP} opens a pcap channel and joins
 * the VRRP groups (224.0.0.18 / ff02::12) that keep IGMP/MLD-snooping switches forwarding adverts
 * to us; tests of the runtime's logic give one that records the frames instead.
 */
interface PacketIo {
    /**
     * Opens packet I/O on {@code iface}: frames received go to {@code receive}, frames from
     * {@code ownAddresses} are ours and dropped, and the groups of {@code families} are joined.
     */
    Port open(PacketInterface iface, List<InetAddress> ownAddresses, Set<AddressFamily> families,
              PacketChannel.Listener receive) throws PacketIoException;

    /** Open packet I/O on one interface: frames out, until closed. */
    interface Port extends FrameSink, AutoCloseable {
        /** The interface as it was when opened. */
        PacketInterface iface();

        @Override
        void close();
    }

    /** The real one: libpcap and the multicast memberships. */
    PacketIo PCAP = (iface, own, families, receive) -> {
        PacketChannel channel = PacketChannel.open(iface, new PacketChannel.Options(true, true, own), receive);
        List<MulticastMembership> memberships = new ArrayList<>();
        try {
            for (AddressFamily f : families) {
                memberships.add(MulticastMembership.join(f, iface.name()));
            }
        } catch (PacketIoException | RuntimeException e) {
            memberships.forEach(MulticastMembership::close);
            channel.close();
            throw e;
        }
        return new Port() {
            @Override
            public void send(byte[] frame) throws PacketIoException {
                channel.send(frame);
            }

            @Override
            public PacketInterface iface() {
                return channel.iface();
            }

            @Override
            public void close() {
                memberships.forEach(MulticastMembership::close);
                channel.close();
            }
        };
    };
}
