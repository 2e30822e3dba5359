package io.vrrpd.lab;

import io.vrrpd.hooks.kernel.NamespaceLab;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness's client probes on a plain link: a client and a server namespace, the server
 * holding the targets on its loopback. Every ICMP echo and TCP connect is answered while the link
 * is up; while it is down the probes go on being sent, and each is decided lost after the
 * timeout; once it is up again they are answered again. The link is broken by the server losing
 * its targets (a host that does not forward drops what is not for it), which leaves every other
 * address and route of both ends as it was.
 */
class EgressProbesLabTest {
    private static final Duration INTERVAL = Duration.ofMillis(10);
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    @Test
    void probesAreAnsweredThenLostWhileTheTargetIsGoneThenAnsweredAgain() {
        try (NamespaceLab lab = NamespaceLab.create("ep")) {
            String client = lab.addHost("c", false);
            String server = lab.addHost("s", false);
            lab.veth(client, "eth0", server, "eth0");
            lab.in(client, "ip", "addr", "add", "192.0.2.100/24", "dev", "eth0");
            lab.in(client, "ip", "-6", "addr", "add", "2001:db8:1::100/64", "dev", "eth0", "nodad");
            lab.in(server, "ip", "addr", "add", "192.0.2.1/24", "dev", "eth0");
            lab.in(server, "ip", "-6", "addr", "add", "2001:db8:1::1/64", "dev", "eth0", "nodad");
            lab.in(server, "ip", "addr", "add", "203.0.113.1/32", "dev", "lo");
            lab.in(server, "ip", "-6", "addr", "add", "2001:db8:99::1/128", "dev", "lo");
            lab.in(client, "ip", "route", "add", "default", "via", "192.0.2.1");
            lab.in(client, "ip", "-6", "route", "add", "default", "via", "2001:db8:1::1");
            lab.in(client, "sysctl", "-qw", "net.ipv4.ping_group_range=0 2147483647");
            List<String> targets = List.of("203.0.113.1", "2001:db8:99::1");
            try (TcpTarget t = TcpTarget.start(server, targets, 80);
                 IcmpProbe icmp4 = IcmpProbe.start(client, targets.get(0), INTERVAL, TIMEOUT);
                 IcmpProbe icmp6 = IcmpProbe.start(client, targets.get(1), INTERVAL, TIMEOUT);
                 TcpProbe tcp4 = TcpProbe.start(client, targets.get(0), 80, INTERVAL, TIMEOUT);
                 TcpProbe tcp6 = TcpProbe.start(client, targets.get(1), 80, INTERVAL, TIMEOUT)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> decided(icmp4.outcomes()) >= 50 && decided(icmp6.outcomes()) >= 50
                        && decided(tcp4.outcomes()) >= 50 && decided(tcp6.outcomes()) >= 50);
                assertEquals(List.of(0L, 0L, 0L, 0L), List.of(lost(icmp4.outcomes()), lost(icmp6.outcomes()),
                        lost(tcp4.outcomes()), lost(tcp6.outcomes())), "probes lost while the target is there (icmp4, icmp6, tcp4, tcp6)");
                lab.in(server, "ip", "addr", "del", "203.0.113.1/32", "dev", "lo");
                lab.in(server, "ip", "-6", "addr", "del", "2001:db8:99::1/128", "dev", "lo");
                long down = LabClock.epochNanos();
                int before = icmp4.outcomes().size();
                await().atMost(Duration.ofSeconds(10)).until(() -> lostSince(icmp4.outcomes(), down) >= 30
                        && lostSince(tcp4.outcomes(), down) >= 30 && lostSince(icmp6.outcomes(), down) >= 30
                        && lostSince(tcp6.outcomes(), down) >= 30);
                assertTrue(icmp4.outcomes().size() - before >= 30, "probes kept being sent while the target was gone");
                lab.in(server, "ip", "addr", "add", "203.0.113.1/32", "dev", "lo");
                lab.in(server, "ip", "-6", "addr", "add", "2001:db8:99::1/128", "dev", "lo");
                long up = LabClock.epochNanos();
                await().atMost(Duration.ofSeconds(10)).until(() -> icmp4.lastReply() > up && icmp6.lastReply() > up
                        && tcp4.lastReply() > up && tcp6.lastReply() > up);
            }
        }
    }

    private static long decided(List<ProbeOutcome> o) {
        return o.stream().filter(ProbeOutcome::decided).count();
    }

    private static long lost(List<ProbeOutcome> o) {
        return o.stream().filter(p -> p.decided() && p.replied() < 0).count();
    }

    private static long lostSince(List<ProbeOutcome> o, long since) {
        return o.stream().filter(p -> p.sent() > since && p.decided() && p.replied() < 0).count();
    }
}
