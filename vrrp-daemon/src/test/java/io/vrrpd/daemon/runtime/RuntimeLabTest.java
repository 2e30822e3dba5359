package io.vrrpd.daemon.runtime;

import io.vrrpd.daemon.status.Health;
import io.vrrpd.hooks.kernel.KernelEvent;
import io.vrrpd.hooks.kernel.rtnetlink.KernelMonitor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runtime against the real kernel and real pcap, on its own (no kernel monitor): a receive
 * thread that dies is noticed and its packet I/O reopened; address churn that cannot change an
 * advert source costs no reconcile; a VIP lost while kernel events were lost is put back.
 */
class RuntimeLabTest {
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final String BACKUP = """
            instances:
              gw4: {family: ipv4, interface: eth0, vrid: 51, priority: 100, advert-interval: 100ms,
                    virtual-addresses: [192.0.2.1/24]}
            """;
    private static final String MASTER = BACKUP.replace("priority: 100", "priority: 200");

    /**
     * The interface is deleted and made again with the same name and index: the kernel view is
     * unchanged, but the receive thread's handle died with the old device. No link event reaches
     * the runtime here; only the receive failure can bring the instance its peer's adverts back.
     * Before, the instance went deaf, and as a backup took over while the peer was still master.
     */
    @Test
    void aReceiveThreadThatDiesIsNoticedAndItsPacketIoReopened() throws Exception {
        try (RuntimeLab l = RuntimeLab.create()) {
            l.peerAdvertises(200);
            l.apply(BACKUP);
            await("gw4 hears the peer").atMost(BOUND).until(() -> l.status("gw4").state().equals("BACKUP")
                    && "192.0.2.3".equals(l.status("gw4").master()));

            l.recreateLinkWithSameIndex();
            await("the receive failure is seen").atMost(BOUND).until(() -> receive(l).failures() == 1);
            assertTrue(receive(l).lastFailure().error().contains("receive on eth0 failed"), receive(l)::toString);
            await("receiving again").atMost(BOUND).until(() -> receive(l).receiving());
            long heard = l.status("gw4").counters().advertsReceived();
            await("adverts arrive again").atMost(BOUND).until(() -> l.status("gw4").counters().advertsReceived() > heard + 5);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> l.status("gw4").state().equals("BACKUP"));
            assertEquals(0, l.status("gw4").counters().masterTransitions(), "never took over from the live peer");
        }
    }

    /**
     * SLAAC and privacy addresses come and go on a LAN interface all day. Each used to cost a full
     * reconcile of every instance on the loop; none can change an advert source.
     */
    @Test
    void globalIpv6AddressChurnCostsNoReconcile() throws Exception {
        try (RuntimeLab l = RuntimeLab.create()) {
            l.apply(MASTER);
            await().atMost(BOUND).until(() -> l.status("gw4").state().equals("MASTER"));
            int index = l.ifindex();
            long before = l.linkDumps.get();
            for (int n = 1; n <= 50; n++) {
                String a = "2001:db8:1::" + Integer.toHexString(0x1000 + n);
                l.lab.in(l.r, "ip", "addr", "add", a + "/64", "dev", "eth0", "nodad");
                io.vrrpd.hooks.kernel.Address added = new io.vrrpd.hooks.kernel.Address(index,
                        java.net.InetAddress.getByName(a), 64, 0, java.util.Set.of());
                l.loop.post(() -> l.runtime.onKernelEvent(new KernelEvent.AddressAdded(added)));
                l.loop.post(() -> l.runtime.onKernelEvent(new KernelEvent.AddressDeleted(added)));
            }
            l.loop.runAndWait(() -> { }, 10, TimeUnit.SECONDS);
            assertEquals(before, l.linkDumps.get(), "reconciles for 100 address events that change no source");

            // the primary IPv4 address going is different: the advert source changes
            io.vrrpd.hooks.kernel.Address primary = new io.vrrpd.hooks.kernel.Address(index,
                    java.net.InetAddress.getByName("192.0.2.2"), 24, 0, java.util.Set.of());
            l.lab.in(l.r, "ip", "addr", "del", "192.0.2.2/24", "dev", "eth0");
            l.loop.runAndWait(() -> l.runtime.onKernelEvent(new KernelEvent.AddressDeleted(primary)), 10, TimeUnit.SECONDS);
            assertTrue(l.linkDumps.get() > before, "a deleted source address is reconciled");
            await().atMost(BOUND).until(() -> l.status("gw4").state().equals("FAULT"));
            assertTrue(l.status("gw4").lastTransition().reason().contains("IPv4 address"),
                    l.status("gw4").lastTransition()::reason);
        }
    }

    /**
     * A VIP deleted while the monitor's events were lost (an overrun) produced no AddressDeleted,
     * so it stayed missing while the instance reported MASTER. The gap now triggers an audit.
     */
    @Test
    void aVipLostWhileEventsWereLostIsPutBackByTheAudit() throws Exception {
        try (RuntimeLab l = RuntimeLab.create()) {
            l.apply(MASTER);
            await().atMost(BOUND).until(() -> l.status("gw4").state().equals("MASTER") && vip(l));
            l.lab.in(l.r, "ip", "addr", "del", "192.0.2.1/24", "dev", "eth0");   // its event is "lost"
            l.loop.post(() -> l.runtime.onKernelEvent(new KernelEvent.EventsLost("socket buffer overrun (ENOBUFS)")));
            await("the VIP is back").atMost(Duration.ofSeconds(2)).until(() -> vip(l));
            await().atMost(BOUND).until(() -> l.status("gw4").counters().vipsRestored() == 1);
            Health.Kernel kernel = l.runtime.kernelHealth(new KernelMonitor.Health(true, 1, 0, null, null));
            assertEquals(1, kernel.auditRepairs(), kernel::toString);
            assertTrue(kernel.lastAudit() != null, kernel::toString);

            l.lab.in(l.r, "ip", "addr", "del", "192.0.2.1/24", "dev", "eth0");   // no event at all this time
            await("the periodic audit puts it back").atMost(VipAudit.PERIOD.plusSeconds(2)).until(() -> vip(l));
            assertEquals(2, l.status("gw4").counters().vipsRestored());
        }
    }

    private static boolean vip(RuntimeLab l) {
        return l.lab.ipJson(l.r, "addr", "show", "dev", "eth0").get(0).path("addr_info").findValuesAsText("local")
                .contains("192.0.2.1");
    }

    private static Health.Receive receive(RuntimeLab l) {
        List<Health.Receive> rows = l.board.health().interfaces();
        return rows.isEmpty() ? new Health.Receive("eth0", false, 0, null) : rows.get(0);
    }
}
