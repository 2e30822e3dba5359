package io.vrrpd.daemon.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Recognises frames this host sent: Ethernet source equal to the interface MAC, or IP source
 * equal to one of our addresses. Not the virtual MAC: FRR peers send from it too.
 */
final class OwnFrameFilter {
    private final byte[] ownMac;
    private final byte[][] ownAddresses;

    OwnFrameFilter(PacketInterface iface, List<InetAddress> extraOwnAddresses) {
        this.ownMac = iface.mac();
        List<byte[]> own = new ArrayList<>();
        if (iface.primaryIpv4() != null) {
            own.add(iface.primaryIpv4().getAddress());
        }
        if (iface.linkLocalIpv6() != null) {
            own.add(iface.linkLocalIpv6().getAddress());
        }
        extraOwnAddresses.forEach(a -> own.add(a.getAddress()));
        this.ownAddresses = own.toArray(byte[][]::new);
    }

    boolean isOwn(ReceivedAdvert advert) {
        if (Arrays.equals(advert.frame(), 6, 12, ownMac, 0, 6)) {
            return true;
        }
        for (byte[] own : ownAddresses) {
            if (advert.sourceAddressEquals(own)) {
                return true;
            }
        }
        return false;
    }
}
