package io.vrrpd.tests;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.hooks.kernel.rtnetlink.NetNamespace;
import io.vrrpd.lab.AdvertCapture;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.KeepalivedPeer;
import io.vrrpd.lab.LabFiles;
import io.vrrpd.lab.VrrpdPeer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import static io.vrrpd.lab.BladeLab.LAN_IF;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * vrrpd ({@code version: 2}) beside a stock keepalived 2.2.7 speaking VRRPv2, its IPv4 default
 * (the keepalived.conf has no {@code vrrp_version}): one virtual router (VRID 51, 1 s adverts),
 * without and with PASS authentication, in both roles. Each failover, a crash and a graceful
 * handover, is asserted from both sides: keepalived's log says which state it entered, vrrpd's
 * status which it reports and whom it hears as master. And a wrong password: the adverts are
 * dropped, counted and warned about once, the master does not yield to them, and the password is
 * nowhere (log, status, metrics).
 */
class VrrpdKeepalivedV2InteropLabTest extends SharedLabSupport {
    private static final String PASSWORD = "secret12";
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    /** Master-down at priority 100 and 1 s (RFC 3768: 3 s + 156/256 s), with room for a busy machine. */
    private static final Duration TAKEOVER = Duration.ofSeconds(8);
    /** Longer than one master-down interval: what "stays" means at 1 s adverts. */
    private static final Duration STABLE = Duration.ofMillis(4500);

    @Override
    protected BladeLab newLab() {
        return BladeLab.create("kv2", BladeLab.Switch.SNOOPING_NO_QUERIER, BladeLab.ReturnPath.ECMP);
    }

    private static KeepalivedPeer.Config keepalived(int priority, String password) {
        return KeepalivedPeer.Config.ipv4("gw4", priority).withAdvertInterval(ONE_SECOND).asVrrpv2(password);
    }

    private static VrrpdPeer.Config vrrpd(int priority, String password) {
        return VrrpdPeer.Config.ipv4("gw4", priority).withAdvertInterval(ONE_SECOND).asVrrpv2(password);
    }

    /** keepalived on r1 at 150 is master, vrrpd on r2 at 100 its backup; checked from both sides. */
    private record Pair(KeepalivedPeer k, VrrpdPeer v) {
    }

    private Pair keepalivedMaster(String password) {
        KeepalivedPeer k = keepalived(bl.r1(), keepalived(150, password));
        awaitKeepalivedLog(k, "(gw4) Entering MASTER STATE");
        VrrpdPeer v = vrrpd(bl.r2(), vrrpd(100, password));
        awaitState(v, "gw4", "BACKUP");
        awaitMasterAddress(v, "gw4", bl.lanAddress(bl.r1(), Family.IPV4));
        holds(() -> v.state("gw4").equals("BACKUP") && k.holdsVip() && !v.holdsAnyVip());
        assertEquals("MASTER", k.states().get("gw4"), k.log());
        JsonNode counters = v.instance("gw4").path("counters");
        assertTrue(counters.path("rejected").isEmpty(), "vrrpd hears keepalived's VRRPv2 adverts: " + safeStatus(v)
                + "\nvrrpd's log:\n" + v.log() + "\nkeepalived's log:\n" + k.log());
        assertTrue(counters.path("adverts-received").asLong() >= 3, safeStatus(v));
        return new Pair(k, v);
    }

    private Pair vrrpdMaster(String password) {
        VrrpdPeer v = vrrpd(bl.r1(), vrrpd(150, password));
        awaitState(v, "gw4", "MASTER");
        KeepalivedPeer k = keepalived(bl.r2(), keepalived(100, password));
        awaitKeepalivedLog(k, "(gw4) Entering BACKUP STATE");
        holds(() -> v.state("gw4").equals("MASTER") && v.holdsVip() && !k.holdsAnyVip());
        assertFalse(k.log().contains("Entering MASTER STATE"), "keepalived hears vrrpd's VRRPv2 adverts:\n" + k.log());
        assertFalse(k.log().contains("invalid passwd"), k.log());
        return new Pair(k, v);
    }

    @ParameterizedTest(name = "password {0}")
    @NullSource
    @ValueSource(strings = PASSWORD)
    void keepalivedMasterCrashesAndVrrpdTakesOver(String password) {
        Pair p = keepalivedMaster(password);
        bl.isolate(bl.r1());   // a power loss: the links go first
        try {
            p.k().crash();
            awaitState(p.v(), "gw4", "MASTER", TAKEOVER);
            assertEquals("no advert from a master within the master-down interval", takeoverReason(p.v()),
                    safeStatus(p.v()));
            assertTrue(p.v().holdsVip());
        } finally {
            bl.reconnect(bl.r1());
        }
    }

    @ParameterizedTest(name = "password {0}")
    @NullSource
    @ValueSource(strings = PASSWORD)
    void keepalivedHandsOverGracefullyToVrrpd(String password) {
        Pair p = keepalivedMaster(password);
        p.k().gracefulStop();
        assertTrue(p.k().log().contains("(gw4) sent 0 priority"), p.k().log());
        awaitState(p.v(), "gw4", "MASTER", TAKEOVER);
        assertEquals("master released (priority 0); took over after skew time", takeoverReason(p.v()), safeStatus(p.v()));
        assertTrue(p.v().holdsVip());
        assertFalse(p.k().holdsAnyVip(), "keepalived removed its VIP on stop");
    }

    @ParameterizedTest(name = "password {0}")
    @NullSource
    @ValueSource(strings = PASSWORD)
    void vrrpdMasterCrashesAndKeepalivedTakesOver(String password) {
        Pair p = vrrpdMaster(password);
        bl.isolate(bl.r1());
        try {
            p.v().crash();
            await().atMost(TAKEOVER).pollInterval(POLL).until(() -> "MASTER".equals(p.k().states().get("gw4")));
            assertTrue(p.k().log().contains("(gw4) Entering MASTER STATE"), p.k().log());
            await().atMost(TAKEOVER).pollInterval(POLL).until(p.k()::holdsVip);
        } finally {
            bl.reconnect(bl.r1());
        }
    }

    @ParameterizedTest(name = "password {0}")
    @NullSource
    @ValueSource(strings = PASSWORD)
    void vrrpdHandsOverGracefullyToKeepalivedAndTakesMastershipBack(String password) {
        Pair p = vrrpdMaster(password);
        p.v().drainAll();   // priority 0, as SIGTERM sends
        await().atMost(TAKEOVER).pollInterval(POLL).until(() -> "MASTER".equals(p.k().states().get("gw4")));
        awaitState(p.v(), "gw4", "INIT");
        holds(() -> p.k().holdsVip() && !p.v().holdsAnyVip() && p.v().state("gw4").equals("INIT"));

        p.v().undrainAll();   // back in the election at 150: it preempts keepalived at 100
        awaitState(p.v(), "gw4", "MASTER", TAKEOVER);
        await().atMost(TAKEOVER).pollInterval(POLL).until(() -> "BACKUP".equals(p.k().states().get("gw4")));
        holds(() -> p.v().holdsVip() && !p.k().holdsAnyVip());
        assertEquals(2, count(p.k().log(), "(gw4) Entering BACKUP STATE"), p.k().log());
    }

    @Test
    void vrrpdSpeaksVrrpv2OnTheWireWithItsPasswordAsTsharkDecodesIt() {
        try (AdvertCapture cap = bl.capture(bl.client(), LAN_IF)) {
            Pair p = keepalivedMaster(PASSWORD);
            p.k().gracefulStop();
            awaitState(p.v(), "gw4", "MASTER", TAKEOVER);
            int seen = cap.packetCount();
            await().atMost(TAKEOVER).pollInterval(POLL).until(() -> cap.packetCount() >= seen + 3);
            List<AdvertCapture.Advert> ours = cap.from(bl.lanAddress(bl.r2(), Family.IPV4));
            List<AdvertCapture.Advert> theirs = cap.from(bl.lanAddress(bl.r1(), Family.IPV4));
            assertFalse(ours.isEmpty(), cap.summary());
            for (AdvertCapture.Advert a : ours) {
                assertEquals(2, a.version(), a.toString());
                assertEquals(1, a.intervalCentis(), "the interval in whole seconds: " + a);
                assertEquals(1, a.authType(), "simple password: " + a);
                assertTrue(a.checksumGood(), "a VRRPv2 checksum over the message alone: " + a);
                assertEquals(255, a.hopLimit(), a.toString());
            }
            assertTrue(theirs.stream().allMatch(a -> a.version() == 2 && a.authType() == 1), cap.summary());
        }
    }

    @Test
    void aWrongPasswordIsDroppedCountedAndChangesNothing() throws Exception {
        int port = 9405;
        VrrpdPeer v = track(() -> VrrpdPeer.start(bl.r1(), config(vrrpd(150, PASSWORD)),
                new VrrpdPeer.Launch(null, List.of("--metrics", "127.0.0.1:" + port), 1)));
        awaitState(v, "gw4", "MASTER");
        String peer = bl.lanAddress(bl.r2(), Family.IPV4);
        long arrived;
        try (AdvertCapture onR1 = bl.capture(bl.r1(), LAN_IF)) {
            // keepalived at a higher priority with another password: it drops vrrpd's adverts and, after its
            // master-down interval, claims the VIP at 200; vrrpd drops those and does not yield to them
            KeepalivedPeer k = keepalived(bl.r2(), keepalived(200, "wrongpw1"));
            awaitKeepalivedLog(k, "(gw4) Entering MASTER STATE");
            await().atMost(TAKEOVER).pollInterval(POLL).until(() -> authFailures(v) >= 1);
            holds(() -> v.state("gw4").equals("MASTER") && v.holdsVip());
            assertTrue(k.log().contains("(gw4) received an invalid passwd!"), "keepalived drops ours likewise:\n" + k.log());
            assertTrue(k.holdsVip(), "so both are master: what the operator sees (docs/migrating-from-keepalived.md)");
            arrived = onR1.from(peer).stream().filter(a -> a.priority() == 200).count();
        }
        // read after the capture stopped: every advert that reached r1 is counted (and any since)
        assertTrue(arrived >= 1, "keepalived's adverts reached r1");
        assertTrue(authFailures(v) >= arrived, "every advert is counted: " + arrived + " arrived; " + safeStatus(v));
        assertEquals(1, v.instance("gw4").path("counters").path("master-transitions").asLong(),
                "no state change on an advert it dropped: " + safeStatus(v));
        assertEquals("MASTER", v.state("gw4"));

        String log = v.log();
        assertEquals(1, count(log, "dropping adverts from " + peer + ": its VRRPv2 password is not ours"),
                "one warning, not one per advert:\n" + log);
        String status = v.vrrpctlStatus().toString();
        assertTrue(status.contains("vrrpStatsAuthFailures"), status);
        String metrics = scrape(bl.r1(), port);
        assertTrue(metrics.contains("vrrpd_packets_rejected_total{family=\"ipv4\",instance=\"gw4\",interface=\"eth0\","
                + "reason=\"vrrpStatsAuthFailures\""), metrics);
        for (String text : List.of(log, status, metrics)) {
            assertFalse(text.contains(PASSWORD), "vrrpd shows its password");
            assertFalse(text.contains("wrongpw1"), "vrrpd shows the peer's password");
        }
    }

    private static long authFailures(VrrpdPeer v) {
        return v.instance("gw4").path("counters").path("rejected").path("vrrpStatsAuthFailures").asLong();
    }

    /** The reason of the first transition to ACTIVATING or MASTER since the instance started. */
    private static String takeoverReason(VrrpdPeer v) {
        return v.transitions("gw4").stream().filter(t -> t.to().equals("ACTIVATING") || t.to().equals("MASTER"))
                .findFirst().orElseThrow().reason();
    }

    private static Path config(VrrpdPeer.Config c) {
        Path file = LabFiles.newDir("vrrpd-v2-").resolve("vrrpd.yaml");
        try {
            Files.writeString(file, VrrpdPeer.render(List.of(c)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** GET /metrics from inside {@code ns}. */
    private static String scrape(String ns, int port) throws Exception {
        return NetNamespace.callIn(ns, () -> {
            try (Socket sock = new Socket()) {
                sock.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                sock.setSoTimeout(5000);
                sock.getOutputStream().write("GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                try (InputStream in = sock.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        });
    }

    private static void holds(Callable<Boolean> condition) {
        await().during(STABLE).atMost(STABLE.plusSeconds(5)).pollInterval(Duration.ofMillis(100)).until(condition);
    }

    private static long count(String text, String what) {
        return text.lines().filter(l -> l.contains(what)).count();
    }
}
