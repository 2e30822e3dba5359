package io.vrrpd.daemon.instance;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.hooks.ReportedState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A loop task that throws for one instance puts that instance in FAULT with the failure as its
 * reason, releases what it held, and leaves every other instance on the same loop running.
 * Two owners (priority 255) advertise every 100 ms on one real event loop; the ports of one
 * start throwing on its next advert, as a bug in the send path would.
 */
class InstanceTaskFailureTest {
    private static final byte[] SOURCE = {(byte) 192, 0, 2, 2};
    private final EventLoop loop = EventLoop.start("failure-test");

    @AfterEach
    void close() {
        loop.close();
    }

    /** Ports that count adverts and record VIP removals, and throw on send once {@code broken} is set. */
    private static final class Ports implements InstancePorts {
        final AtomicBoolean broken = new AtomicBoolean();
        final AtomicLong adverts = new AtomicLong();
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void sendAdvert(int priority, int intervalCs, io.vrrpd.core.VrrpVersion version) {
            if (broken.get() && priority != 0) {
                throw new IllegalStateException("advert frame for vrid 51 has no room");
            }
            adverts.incrementAndGet();
            calls.add("advert " + priority);
        }

        @Override
        public void addVirtualAddresses(Runnable installed) {
            calls.add("add-vips");
            installed.run();
        }

        @Override
        public void removeVirtualAddresses() {
            calls.add("remove-vips");
        }

        @Override
        public void announce() {
        }

        @Override
        public void stopAnnouncing() {
        }

        @Override
        public void withdrawRouter() {
        }
    }

    private Instance owner(String name, int vrid, Ports ports) throws Exception {
        InstanceSpec spec = new InstanceSpec(name, AddressFamily.IPV4, vrid, "eth0", 255, 10, true, 0, true,
                List.of(InetAddress.getByName("192.0.2." + vrid)), List.of(24));
        return new Instance(spec, loop, ports, List.of(), new InstanceCounters());
    }

    private ReportedState stateOf(Instance i) throws InterruptedException {
        ReportedState[] s = new ReportedState[1];
        loop.runAndWait(() -> s[0] = i.reportedState(), 5, TimeUnit.SECONDS);
        return s[0];
    }

    @Test
    void aFailingAdvertTimerFaultsItsInstanceWithTheReasonAndTheOtherKeepsAdvertising() throws Exception {
        Ports brokenPorts = new Ports();
        Ports healthyPorts = new Ports();
        Instance broken = owner("gw4", 51, brokenPorts);
        Instance healthy = owner("up4", 52, healthyPorts);
        loop.runAndWait(() -> {
            broken.interfaceReady(SOURCE, "eth0");
            healthy.interfaceReady(SOURCE, "eth0");
        }, 5, TimeUnit.SECONDS);
        assertEquals(ReportedState.MASTER, stateOf(broken));

        brokenPorts.broken.set(true);
        await("gw4 in FAULT").atMost(Duration.ofSeconds(5)).until(() -> stateOf(broken) == ReportedState.FAULT);
        String[] reason = new String[1];
        loop.runAndWait(() -> reason[0] = broken.status().lastTransition().reason(), 5, TimeUnit.SECONDS);
        assertTrue(reason[0].contains("IllegalStateException: advert frame for vrid 51 has no room"), reason[0]);
        assertTrue(brokenPorts.calls.contains("remove-vips"), "a failed instance releases its VIPs: " + brokenPorts.calls);
        assertEquals(1, broken.counters().taskFailures(), "counted for the metrics");
        assertTrue(broken.failed());

        long before = healthyPorts.adverts.get();
        await("up4 keeps advertising").atMost(Duration.ofSeconds(5)).until(() -> healthyPorts.adverts.get() >= before + 5);
        assertEquals(ReportedState.MASTER, stateOf(healthy));

        long dead = brokenPorts.adverts.get();
        loop.runAndWait(() -> broken.interfaceReady(SOURCE, "eth0"), 5, TimeUnit.SECONDS);   // a reconcile
        assertEquals(ReportedState.FAULT, stateOf(broken), "only a restart brings a failed instance back");
        assertEquals(dead, brokenPorts.adverts.get(), "no advert after the failure");
    }
}
