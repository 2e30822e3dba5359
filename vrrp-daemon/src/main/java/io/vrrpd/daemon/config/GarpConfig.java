package io.vrrpd.daemon.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Gratuitous ARP (IPv4) / unsolicited neighbour advertisement (IPv6) after becoming master.
 *
 * @param masterDelay   when to send the second burst after becoming master (keepalived's
 *                      garp_master_delay); zero sends a single burst
 * @param masterRepeat  messages per address in each burst
 * @param masterRefresh resend a burst this often while master; empty when off
 */
public record GarpConfig(Duration masterDelay, int masterRepeat, Optional<Duration> masterRefresh) {

    public static final GarpConfig DEFAULT = new GarpConfig(Duration.ofSeconds(5), 5, Optional.empty());

    public GarpConfig {
        Objects.requireNonNull(masterDelay, "masterDelay");
        Objects.requireNonNull(masterRefresh, "masterRefresh");
    }
}
