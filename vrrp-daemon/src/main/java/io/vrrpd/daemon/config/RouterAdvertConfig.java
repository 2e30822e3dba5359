package io.vrrpd.daemon.config;

import java.net.Inet6Address;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * IPv6 Router Advertisements sent by the master of an IPv6 instance ({@code router-advertisements}):
 * from the instance's link-local virtual address, every {@code interval} (RFC 4861's
 * MaxRtrAdvInterval) while master, with a router lifetime of {@code lifetime} and a Prefix
 * Information option per prefix.
 *
 * @param interval  4 s to 1800 s (RFC 4861 section 6.2.1); the default 10 s
 * @param lifetime  zero (a router hosts must not use as their default router), or {@code interval}
 *                  to 9000 s; the default three times the interval
 * @param prefixes  on-link prefixes, autonomous (SLAAC) when /64; may be empty
 */
public record RouterAdvertConfig(Duration interval, Duration lifetime, List<Prefix> prefixes) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(4);
    public static final Duration MAX_INTERVAL = Duration.ofSeconds(1800);
    public static final Duration MAX_LIFETIME = Duration.ofSeconds(9000);

    /** An IPv6 prefix: the network address (host bits zero) and its length, 1 to 128. */
    public record Prefix(Inet6Address network, int length) {
        public Prefix {
            Objects.requireNonNull(network, "network");
            if (length < 1 || length > 128) {
                throw new IllegalArgumentException("prefix length " + length + " (expected: 1..128)");
            }
        }

        /** Hosts form addresses in it by SLAAC only when it is a /64 (RFC 4862 section 5.5.3). */
        public boolean autonomous() {
            return length == 64;
        }

        @Override
        public String toString() {
            return io.vrrpd.core.IpText.format(network) + "/" + length;
        }
    }

    public RouterAdvertConfig {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(lifetime, "lifetime");
        prefixes = List.copyOf(prefixes);
    }

    /** The router lifetime when none is configured: three times the interval (RFC 4861's AdvDefaultLifetime). */
    public static Duration defaultLifetime(Duration interval) {
        return interval.multipliedBy(3);
    }
}
