package io.vrrpd.hooks.kernel.rtnetlink;

import io.vrrpd.hooks.kernel.Address;
import io.vrrpd.hooks.kernel.KernelEvent;
import io.vrrpd.hooks.kernel.KernelListener;
import io.vrrpd.hooks.kernel.OperState;
import io.vrrpd.hooks.kernel.RouteSpec;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static io.vrrpd.hooks.kernel.rtnetlink.KernelLab.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The monitor reports what {@code ip} changes, as typed events, and its thread ends on close. */
class MonitorTest {
    private static final Duration BOUND = Duration.ofSeconds(5);

    private static final class Recorder implements KernelListener {
        final List<KernelEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(KernelEvent event) {
            events.add(event);
        }

        <T extends KernelEvent> T awaitEvent(Class<T> type, Predicate<T> match) {
            return org.awaitility.Awaitility.await().atMost(BOUND).until(() -> events.stream().filter(type::isInstance).map(type::cast)
                    .filter(match).findFirst().orElse(null), e -> e != null);
        }
    }

    @Test
    void reportsLinkDownUpRenameAndDeletion() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            int eth0 = k.ifindex(k.a, "eth0");
            Recorder rec = new Recorder();
            try (KernelMonitor monitor = k.kernel.watch(rec)) {
                k.sh(k.a, "ip", "link", "set", "dev", "eth0", "down");
                KernelEvent.LinkChanged down = rec.awaitEvent(KernelEvent.LinkChanged.class,
                        e -> e.link().index() == eth0 && !e.link().up());
                assertTrue(down.wentDown(), down::toString);
                assertEquals(OperState.DOWN, down.link().operState());

                k.sh(k.a, "ip", "link", "set", "dev", "eth0", "name", "lan0");
                KernelEvent.LinkRenamed renamed = rec.awaitEvent(KernelEvent.LinkRenamed.class, e -> e.index() == eth0);
                assertEquals(new KernelEvent.LinkRenamed(eth0, "eth0", "lan0"), renamed);

                k.sh(k.a, "ip", "link", "set", "dev", "lan0", "up");
                KernelEvent.LinkChanged up = rec.awaitEvent(KernelEvent.LinkChanged.class,
                        e -> e.link().index() == eth0 && e.link().usable());
                assertEquals("lan0", up.link().name());
                assertTrue(up.cameUp(), up::toString);

                k.sh(k.a, "ip", "link", "add", "v1", "type", "veth", "peer", "name", "v2");
                KernelEvent.LinkAdded added = rec.awaitEvent(KernelEvent.LinkAdded.class, e -> e.link().name().equals("v1"));
                int v1 = added.link().index();
                k.sh(k.a, "ip", "link", "del", "v1");
                assertEquals(new KernelEvent.LinkDeleted(v1, "v1"), rec.awaitEvent(KernelEvent.LinkDeleted.class, e -> e.index() == v1));
                rec.awaitEvent(KernelEvent.LinkDeleted.class, e -> e.name().equals("v2"));

                // the veth in b going away takes a's end with it
                k.sh(k.b, "ip", "link", "del", "eth0");
                assertEquals(new KernelEvent.LinkDeleted(eth0, "lan0"),
                        rec.awaitEvent(KernelEvent.LinkDeleted.class, e -> e.index() == eth0));
                assertTrue(monitor.isRunning());
            }
        }
    }

    @Test
    void reportsCarrierLossWhenThePeerGoesDown() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            int eth0 = k.ifindex(k.a, "eth0");
            Recorder rec = new Recorder();
            try (KernelMonitor monitor = k.kernel.watch(rec)) {
                k.sh(k.b, "ip", "link", "set", "dev", "eth0", "down");
                KernelEvent.LinkChanged lost = rec.awaitEvent(KernelEvent.LinkChanged.class,
                        e -> e.link().index() == eth0 && !e.link().lowerUp());
                assertTrue(lost.link().up(), "still administratively up");
                // DOWN or LOWERLAYERDOWN, depending on the peer's ifindex; ip decides which
                assertEquals(k.ip(k.a, "link", "show", "dev", "eth0").get(0).get("operstate").asText(),
                        lost.link().operState().name());
                assertTrue(lost.wentDown(), lost::toString);

                k.sh(k.b, "ip", "link", "set", "dev", "eth0", "up");
                rec.awaitEvent(KernelEvent.LinkChanged.class, e -> e.link().index() == eth0 && e.cameUp());
            }
        }
    }

    @Test
    void reportsTentativeAddressBecomingUsable() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            int eth0 = k.ifindex(k.a, "eth0");
            k.sh(k.a, "sysctl", "-qw", "net.ipv6.conf.eth0.accept_dad=1", "net.ipv6.conf.eth0.dad_transmits=1");
            Recorder rec = new Recorder();
            try (KernelMonitor monitor = k.kernel.watch(rec)) {
                k.kernel.addAddress(eth0, addr("2001:db8:1::12"), 64, false, 0);
                rec.awaitEvent(KernelEvent.AddressAdded.class,
                        e -> e.address().address().equals(addr("2001:db8:1::12")) && e.address().tentative());
                rec.awaitEvent(KernelEvent.AddressAdded.class,
                        e -> e.address().address().equals(addr("2001:db8:1::12")) && !e.address().tentative());
            }
        }
    }

    @Test
    void reportsAddressesAddedAndDeleted() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            int eth0 = k.ifindex(k.a, "eth0");
            Recorder rec = new Recorder();
            try (KernelMonitor monitor = k.kernel.watch(rec)) {
                k.sh(k.a, "ip", "addr", "add", "192.0.2.10/24", "dev", "eth0");
                k.sh(k.a, "ip", "addr", "add", "2001:db8:1::10/64", "dev", "eth0", "nodad");
                Address v4 = rec.awaitEvent(KernelEvent.AddressAdded.class,
                        e -> e.address().address().equals(addr("192.0.2.10"))).address();
                assertEquals(eth0, v4.ifindex());
                assertEquals(24, v4.prefixLength());
                Address v6 = rec.awaitEvent(KernelEvent.AddressAdded.class,
                        e -> e.address().address().equals(addr("2001:db8:1::10"))).address();
                assertEquals(64, v6.prefixLength());

                k.sh(k.a, "ip", "addr", "del", "192.0.2.10/24", "dev", "eth0");
                k.sh(k.a, "ip", "addr", "del", "2001:db8:1::10/64", "dev", "eth0");
                rec.awaitEvent(KernelEvent.AddressDeleted.class, e -> e.address().equals(v4));
                rec.awaitEvent(KernelEvent.AddressDeleted.class, e -> e.address().address().equals(addr("2001:db8:1::10"))
                        && e.address().ifindex() == eth0 && e.address().prefixLength() == 64);
            }
        }
    }

    @Test
    void reportsRoutesAddedAndDeleted() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            int eth0 = k.ifindex(k.a, "eth0");
            k.sh(k.a, "ip", "addr", "add", "198.51.100.10/24", "dev", "eth0");
            k.sh(k.a, "ip", "addr", "add", "2001:db8:ff::10/64", "dev", "eth0", "nodad");
            Recorder rec = new Recorder();
            try (KernelMonitor monitor = k.kernel.watch(rec)) {
                String proto = Integer.toString(RouteSpec.PROTOCOL_VRRPD);
                k.sh(k.a, "ip", "route", "add", "default", "via", "198.51.100.1", "table", "100", "metric", "50", "proto", proto);
                RouteSpec v4 = RouteSpec.defaultRoute(addr("198.51.100.1"), eth0, 100, 50);
                rec.awaitEvent(KernelEvent.RouteAdded.class, e -> e.route().equals(v4));
                k.sh(k.a, "ip", "route", "del", "default", "table", "100");
                rec.awaitEvent(KernelEvent.RouteDeleted.class, e -> e.route().equals(v4));

                // the kernel's events for our own calls arrive the same way
                RouteSpec v6 = RouteSpec.defaultRoute(addr("2001:db8:ff::1"), eth0, 100, 50);
                k.kernel.replaceRoute(v6);
                rec.awaitEvent(KernelEvent.RouteAdded.class, e -> e.route().equals(v6));
                k.kernel.deleteRoute(v6);
                rec.awaitEvent(KernelEvent.RouteDeleted.class, e -> e.route().equals(v6));
            }
        }
    }

    /**
     * A receive error other than an overrun (here EBADF: the events socket closed underneath the
     * thread) used to end the monitor for good, and nothing noticed. Now the monitor reopens its
     * socket, says that events may have been lost, and goes on reporting.
     */
    @Test
    void aReceiveErrorReopensTheSocketReportsTheGapAndEventsKeepComing() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            int eth0 = k.ifindex(k.a, "eth0");
            Recorder rec = new Recorder();
            try (KernelMonitor monitor = k.kernel.watch(rec)) {
                monitor.eventsSocket().close();   // the next receive fails with EBADF
                KernelEvent.EventsLost gap = rec.awaitEvent(KernelEvent.EventsLost.class, e -> true);
                assertTrue(gap.cause().contains("netlink socket is closed"), gap::toString);
                assertTrue(monitor.isRunning(), "the monitor goes on");
                k.sh(k.a, "ip", "link", "set", "dev", "eth0", "down");
                rec.awaitEvent(KernelEvent.LinkChanged.class, e -> e.link().index() == eth0 && !e.link().up());
                assertEquals(1, monitor.health().failures(), monitor.health()::toString);
                assertTrue(monitor.health().running());
                assertTrue(monitor.health().lastFailure().contains("netlink socket is closed"), monitor.health()::toString);
            }
        }
    }

    @Test
    void threadEndsOnClose() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            Recorder rec = new Recorder();
            KernelMonitor monitor = k.kernel.watch(rec);
            assertTrue(monitor.isRunning());
            monitor.close();
            assertFalse(monitor.isRunning(), "monitor thread still alive after close");
            monitor.close(); // idempotent
            int before = rec.events.size();
            k.sh(k.a, "ip", "link", "set", "dev", "eth0", "down");
            assertEquals(before, rec.events.size(), "events delivered after close");
        }
    }
}
