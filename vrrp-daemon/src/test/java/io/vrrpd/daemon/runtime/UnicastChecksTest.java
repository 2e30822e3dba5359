package io.vrrpd.daemon.runtime;

import io.vrrpd.daemon.config.UnicastConfig;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The host-dependent unicast checks that put an instance in FAULT. */
class UnicastChecksTest {
    private static final UnicastConfig PEERS = UnicastConfig.of(List.of(ip("192.0.2.3")), Optional.empty());

    @Test
    void aSourceOnTheInterfaceAndForeignPeersAreFine() {
        assertNull(UnicastChecks.problem(PEERS, ip("192.0.2.2"), "eth0", List.of(ip("192.0.2.2"), ip("fe80::2"))));
    }

    @Test
    void aSourceNotOnTheInterfaceIsNamed() {
        assertEquals("unicast-source 192.0.2.9 is not an address of interface eth0",
                UnicastChecks.problem(PEERS, ip("192.0.2.9"), "eth0", List.of(ip("192.0.2.2"))));
    }

    @Test
    void aPeerThatIsOurOwnAddressIsNamed() {
        assertEquals("unicast peer 192.0.2.3 is an address of this router's interface eth0 (expected: the other"
                        + " routers' addresses)",
                UnicastChecks.problem(PEERS, ip("192.0.2.2"), "eth0", List.of(ip("192.0.2.2"), ip("192.0.2.3"))));
    }

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
