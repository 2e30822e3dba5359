package io.vrrpd.daemon.runtime;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.daemon.net.PacketChannel;
import io.vrrpd.daemon.net.PacketInterface;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/** Packet I/O that keeps the frames the runtime sends, instead of putting them on a wire. */
final class RecordingPacketIo implements PacketIo {
    final List<byte[]> sent = Collections.synchronizedList(new ArrayList<>());
    final List<String> opened = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Port open(PacketInterface iface, List<InetAddress> ownAddresses, Set<AddressFamily> families,
                     PacketChannel.Listener receive) {
        opened.add(iface.name());
        return new Port() {
            @Override
            public void send(byte[] frame) {
                sent.add(frame.clone());
            }

            @Override
            public PacketInterface iface() {
                return iface;
            }

            @Override
            public void close() {
            }
        };
    }
}
