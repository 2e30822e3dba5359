package io.vrrpd.daemon.config;

import io.vrrpd.core.IpText;
import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.packet.UnicastPeer;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code unicast-peers} and {@code unicast-source} of one instance and reports what is
 * wrong with them, every problem at once: not an address, the wrong family, an address a peer
 * cannot have (multicast, unspecified, loopback, broadcast), a peer listed twice, a peer equal to
 * the source or to one of the instance's virtual addresses, a source without peers, and TTL bounds
 * ({@code {address, min-ttl, max-ttl}}) out of order.
 */
final class UnicastFields {
    private static final String PEERS_HINT = "a list of the other routers' addresses, e.g. [192.0.2.3], or of"
            + " {address: 192.0.2.3, min-ttl: 255, max-ttl: 255}";
    private static final List<String> PEER_FIELDS = List.of("address", "min-ttl", "max-ttl");

    private UnicastFields() {
    }

    /** The instance's unicast settings, {@link UnicastConfig#MULTICAST} when absent, null when invalid. */
    static UnicastConfig read(Node peersNode, Node sourceNode, AddressFamily family, List<VirtualAddress> vips) {
        boolean ok = true;
        InetAddress source = null;
        if (!sourceNode.isMissing()) {
            source = sourceNode.ip();
            ok = source != null && usable(sourceNode, source, family, "unicast-source");
            if (ok && isVip(source, vips)) {
                sourceNode.problem(IpText.format(source) + " is a virtual address of this instance",
                        "an address of the interface's own, which a backup has too");
                ok = false;
            }
            if (peersNode.isMissing()) {
                sourceNode.problem("unicast-source without unicast-peers (adverts go to the multicast group)",
                        "unicast-peers: [...] as well, or no unicast-source");
                ok = false;
            }
        }
        if (peersNode.isMissing()) {
            return ok ? UnicastConfig.MULTICAST : null;
        }
        if (peersNode.json().isArray() && peersNode.json().isEmpty()) {
            peersNode.problem("no unicast peers", "at least one address, or no unicast-peers for multicast");
            return null;
        }
        ok &= peersNode.json().isArray();
        List<InetAddress> peers = new ArrayList<>();
        List<UnicastPeer> entries = new ArrayList<>();
        List<Node> elements = peersNode.elements(PEERS_HINT);
        for (Node element : elements) {
            TtlBounds bounds = element.json().isObject() ? bounds(element) : TtlBounds.ANY;
            ok &= bounds != null;
            Node e = element.json().isObject() ? element.field("address") : element;
            InetAddress peer = e.ip();
            if (peer == null || !usable(e, peer, family, "unicast peer")) {
                ok = false;
                continue;
            }
            if (peers.contains(peer)) {
                e.problem(IpText.format(peer) + " is listed twice", "each peer once");
                ok = false;
                continue;
            }
            if (peer.equals(source)) {
                e.problem(IpText.format(peer) + " is this router's own unicast-source",
                        "the addresses of the other routers");
                ok = false;
                continue;
            }
            if (isVip(peer, vips)) {
                e.problem(IpText.format(peer) + " is a virtual address of this instance",
                        "the other routers' own addresses, not the address they share");
                ok = false;
                continue;
            }
            peers.add(peer);
            if (bounds != null) {
                entries.add(new UnicastPeer(peer, bounds.min(), bounds.max()));
            }
        }
        return ok ? new UnicastConfig(entries, Optional.ofNullable(source)) : null;
    }

    /** A peer's TTL / hop-limit bounds; {@link #ANY} by default, as keepalived's. */
    private record TtlBounds(int min, int max) {
        static final TtlBounds ANY = new TtlBounds(UnicastPeer.ANY_TTL_MIN, UnicastPeer.ANY_TTL_MAX);
    }

    /**
     * The TTL bounds of a peer written as a mapping (the caller reads its {@code address}); null
     * when they are invalid. A multicast advert must carry 255
     * (RFC 9568 section 7.1); a unicast one may be routed, so the bounds are the operator's: 255..255
     * for a peer on the same link drops a forged advert routed in from elsewhere.
     */
    private static TtlBounds bounds(Node n) {
        n.onlyFields(PEER_FIELDS);
        if (n.field("address").isMissing()) {
            n.field("address").required();
            return null;
        }
        Integer min = n.field("min-ttl").intIn(0, 255, UnicastPeer.ANY_TTL_MIN);
        Integer max = n.field("max-ttl").intIn(0, 255, UnicastPeer.ANY_TTL_MAX);
        if (min == null || max == null) {
            return null;
        }
        if (min > max) {
            n.field("max-ttl").problem("max-ttl " + max + " is below min-ttl " + min, "min-ttl <= max-ttl, each 0-255");
            return null;
        }
        return new TtlBounds(min, max);
    }

    /** Reports and returns false unless {@code a} is a unicast address of {@code family}. */
    private static boolean usable(Node n, InetAddress a, AddressFamily family, String what) {
        String shown = IpText.format(a);
        String expected = family == null ? "a unicast address"
                : family == AddressFamily.IPV4 ? "an IPv4 unicast address, e.g. 192.0.2.3"
                : "an IPv6 global or link-local address, e.g. fe80::3 or 2001:db8::3";
        if (family != null && AddressFamily.of(a) != family) {
            n.problem(shown + " is " + AddressFamily.of(a).configName() + " but the instance is " + family.configName(), expected);
            return false;
        }
        String wrong = a.isMulticastAddress() ? "a multicast address"
                : a.isAnyLocalAddress() ? "the unspecified address"
                : a.isLoopbackAddress() ? "a loopback address"
                : a instanceof Inet4Address && shown.equals("255.255.255.255") ? "the broadcast address"
                : null;
        if (wrong != null) {
            n.problem(shown + " is " + wrong + " and cannot be a " + what, expected);
            return false;
        }
        return true;
    }

    private static boolean isVip(InetAddress a, List<VirtualAddress> vips) {
        return vips != null && vips.stream().anyMatch(v -> v.address().equals(a));
    }
}
