package io.vrrpd.core.packet;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.IpText;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One router a unicast instance hears, with the TTL (IPv4) or hop limit (IPv6) its adverts may
 * arrive with: keepalived's {@code unicast_peer { ADDRESS min_ttl N max_ttl M }}.
 *
 * <p>A multicast advert must arrive with 255 (RFC 9568 section 7.1): that proves it was not
 * forwarded by a router. A unicast advert can be routed, and keepalived 2.2.7 sends IPv6 unicast
 * adverts with the kernel's default hop limit, so the default bounds accept anything
 * ({@link #ANY_TTL_MIN}..{@link #ANY_TTL_MAX}); an operator whose peers share the link narrows them
 * (255..255 for vrrpd peers) and a forged advert from off the link is then dropped as
 * {@link RejectReason#IP_TTL_ERROR}.
 *
 * @param address the peer's own address (4 or 16 bytes)
 * @param minTtl  the least TTL / hop limit accepted, 0-255
 * @param maxTtl  the greatest, minTtl-255
 */
public record UnicastPeer(InetAddress address, int minTtl, int maxTtl) {
    /** The default lower bound: no check. */
    public static final int ANY_TTL_MIN = 0;
    /** The default upper bound, and the only TTL a multicast advert may carry. */
    public static final int ANY_TTL_MAX = AddressFamily.REQUIRED_HOP_LIMIT;

    /** Validates. */
    public UnicastPeer {
        Objects.requireNonNull(address, "address");
        if (minTtl < 0 || maxTtl > 255 || minTtl > maxTtl) {
            throw new IllegalArgumentException("TTL bounds " + minTtl + ".." + maxTtl + " for unicast peer "
                    + IpText.format(address) + " (expected: 0 <= min <= max <= 255)");
        }
    }

    /** A peer whose adverts may arrive with any TTL / hop limit (keepalived's default). */
    public static UnicastPeer of(InetAddress address) {
        return new UnicastPeer(address, ANY_TTL_MIN, ANY_TTL_MAX);
    }

    /** Whether an advert from this peer may arrive with {@code ttl}. */
    public boolean acceptsTtl(int ttl) {
        return ttl >= minTtl && ttl <= maxTtl;
    }
}
