package io.vrrpd.tests;

import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.KeepalivedPeer;
import io.vrrpd.lab.RouterPeer;
import io.vrrpd.lab.VrrpdPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/**
 * One {@link BladeLab} per test class, shared by its tests, with a reset after every test so one
 * test's failure cannot poison the next: every peer the test started is stopped (by force if
 * need be), VIPs and default routes are removed from both routers, and both LAN interfaces are
 * back as {@code eth0}, up. If the reset itself fails, the lab is torn down and rebuilt.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SharedLabSupport {
    static final Duration CONVERGE = Duration.ofSeconds(10);
    static final Duration POLL = Duration.ofMillis(20);
    private static final List<String> ALL_VIPS = List.of(BladeLab.VIP4 + "/24", BladeLab.VIP6_LINK_LOCAL + "/64",
            BladeLab.VIP6 + "/64");

    protected BladeLab bl;
    private final Deque<RouterPeer> peers = new ArrayDeque<>();
    /** Interface names a test renamed eth0 to, per router namespace, so the reset can undo it. */
    protected final java.util.Map<String, String> renamed = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    void buildLab() {
        bl = newLab();
    }

    /** The lab each test class builds; override to name its namespaces apart from other classes'. */
    protected BladeLab newLab() {
        return BladeLab.create();
    }

    @AfterAll
    void closeLab() {
        if (bl != null) {
            bl.close();
        }
    }

    @BeforeEach
    void ensureLab() {
        if (bl == null) {
            bl = newLab();
        }
    }

    @AfterEach
    void resetLab() {
        while (!peers.isEmpty()) {
            RouterPeer p = peers.pop();
            try {
                if (p.isRunning()) {
                    p.crash();
                }
                p.close();   // after the crash: only what the peer set up besides its process (FRR's macvlans)
            } catch (RuntimeException e) {
                System.err.println("reset: stopping " + p + ": " + e);
            }
        }
        try {
            for (String r : List.of(bl.r1(), bl.r2())) {
                String name = renamed.remove(r);
                if (name != null) {
                    bl.in(r, "ip", "link", "set", name, "down");
                    bl.in(r, "ip", "link", "set", name, "name", BladeLab.LAN_IF);
                }
                bl.in(r, "ip", "link", "set", BladeLab.LAN_IF, "up");
                for (String vip : ALL_VIPS) {
                    bl.removeAddress(r, BladeLab.LAN_IF, vip);
                }
                bl.clearDefaultRoute(r, Family.IPV4);
                bl.clearDefaultRoute(r, Family.IPV6);
            }
        } catch (RuntimeException e) {
            System.err.println("reset failed (" + e + "); rebuilding the lab");
            try {
                bl.close();
            } finally {
                bl = null;
            }
        }
    }

    /** Starts vrrpd in {@code ns}; stopped after the test whatever happens. */
    protected VrrpdPeer vrrpd(String ns, VrrpdPeer.Config first, VrrpdPeer.Config... more) {
        return track(() -> bl.vrrpd(ns, first, more));
    }

    /** Starts keepalived in {@code ns}; stopped after the test whatever happens. */
    protected KeepalivedPeer keepalived(String ns, KeepalivedPeer.Config first, KeepalivedPeer.Config... more) {
        return track(() -> bl.keepalived(ns, first, more));
    }

    protected <T extends RouterPeer> T track(Supplier<T> start) {
        T peer = start.get();
        peers.push(peer);
        return peer;
    }

    /** Waits until {@code name} on {@code peer} reports {@code state}; the message shows the last status and log. */
    protected static void awaitState(VrrpdPeer peer, String name, String state) {
        awaitState(peer, name, state, CONVERGE);
    }

    protected static void awaitState(VrrpdPeer peer, String name, String state, Duration bound) {
        try {
            await().atMost(bound).pollInterval(POLL).until(() -> state.equals(peer.stateOrDown(name)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(name + " on " + peer.namespace() + " not " + state + " within " + bound
                    + "; status: " + safeStatus(peer) + "\nlog:\n" + peer.log(), e);
        }
    }

    /** Waits until {@code name} on {@code peer} reports {@code address} (zone index ignored) as the master. */
    protected static void awaitMasterAddress(VrrpdPeer peer, String name, String address) {
        try {
            await().atMost(CONVERGE).pollInterval(POLL).until(() -> address.equals(masterAddress(peer, name)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(name + " on " + peer.namespace() + " does not report master " + address + " within "
                    + CONVERGE + "; status: " + safeStatus(peer) + "\nlog:\n" + peer.log(), e);
        }
    }

    /** The {@code master} field without a zone index, or null. */
    protected static String masterAddress(VrrpdPeer peer, String name) {
        try {
            com.fasterxml.jackson.databind.JsonNode m = peer.instance(name).path("master");
            if (m.isNull() || m.isMissingNode()) {
                return null;
            }
            String a = m.asText();
            int pct = a.indexOf('%');
            return pct < 0 ? a : a.substring(0, pct);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String safeStatus(VrrpdPeer peer) {
        try {
            return peer.status().toPrettyString();
        } catch (RuntimeException e) {
            return "(no status: " + e.getMessage() + ")";
        }
    }

    /** Waits until keepalived's log shows {@code text}; the message holds the whole log. */
    protected static void awaitKeepalivedLog(KeepalivedPeer k, String text) {
        try {
            await().atMost(CONVERGE).pollInterval(POLL).until(() -> k.log().contains(text));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("keepalived in " + k.namespace() + " never logged '" + text + "':\n" + k.log(), e);
        }
    }

    /**
     * keepalived {@code k} (instances gw4 and gw6) becomes MASTER, then vrrpd started by
     * {@code startVrrpd} reports BACKUP with k's router as master, and that holds; returns the vrrpd.
     */
    protected VrrpdPeer keepalivedMasterVrrpdBackup(KeepalivedPeer k, Supplier<VrrpdPeer> startVrrpd) {
        awaitKeepalivedLog(k, "(gw4) Entering MASTER STATE");
        awaitKeepalivedLog(k, "(gw6) Entering MASTER STATE");
        VrrpdPeer v = startVrrpd.get();
        awaitState(v, "gw4", "BACKUP");
        awaitState(v, "gw6", "BACKUP");
        awaitMasterAddress(v, "gw4", bl.lanAddress(k.namespace(), Family.IPV4));
        awaitMasterAddress(v, "gw6", bl.linkLocal(k.namespace()));
        holdsStable(() -> v.state("gw4").equals("BACKUP") && v.state("gw6").equals("BACKUP")
                && k.holdsVip() && !v.holdsAnyVip());
        return v;
    }

    /** Holds for 1.5 s (four master-down intervals at 100 ms). */
    protected static void holdsStable(java.util.concurrent.Callable<Boolean> condition) {
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(condition);
    }

    /** The source address of a router's adverts: its LAN address (IPv4) or link-local address (IPv6). */
    protected String advertSource(String routerNs, Family family) {
        return family == Family.IPV4 ? bl.lanAddress(routerNs, family) : bl.linkLocal(routerNs);
    }
}
