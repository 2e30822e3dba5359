package io.vrrpd.daemon.runtime;

import io.vrrpd.core.IpText;
import io.vrrpd.daemon.logging.LogLimit;
import io.vrrpd.hooks.kernel.Address;
import io.vrrpd.hooks.kernel.Kernel;
import io.vrrpd.hooks.kernel.KernelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit of what vrrpd owns in the kernel: every {@link #PERIOD}, and at once after a gap in
 * the kernel's events, each master's VIPs are compared with the addresses the kernel has, and the
 * missing ones are put back (counted in the instance's vips-restored). A VIP deleted while events
 * were lost (a netlink overrun, a reopened monitor socket) would otherwise stay missing while the
 * instance reports MASTER. Routes are audited by the hooks' own re-verification.
 *
 * <p>The check runs on the {@link AddressWorker}, after every VIP change queued before it: one
 * address dump for the whole daemon, so the loop never waits for the kernel.
 */
final class VipAudit {
    /** How often the audit runs while nothing suggests a gap. */
    static final Duration PERIOD = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(VipAudit.class);

    private final Kernel kernel;
    private final AddressWorker worker;
    private final AtomicLong repairs = new AtomicLong();
    private final LogLimit repairLog = new LogLimit();
    private volatile Instant lastAudit;

    /** What one instance should hold now, captured on the loop. */
    record Holder(WireInstancePorts ports, int ifindex) {
    }

    VipAudit(Kernel kernel, AddressWorker worker) {
        this.kernel = kernel;
        this.worker = worker;
    }

    /** Loop thread: queues one audit of {@code holders}; {@code why} is logged when something is missing. */
    void run(List<Holder> holders, String why) {
        worker.submit(() -> audit(holders, why));
    }

    /** Worker thread. */
    private void audit(List<Holder> holders, String why) {
        Map<Integer, Set<InetAddress>> present = new HashMap<>();
        if (!holders.isEmpty()) {
            try {
                for (Address a : kernel.addresses()) {
                    present.computeIfAbsent(a.ifindex(), k -> new HashSet<>()).add(a.address());
                }
            } catch (KernelException e) {
                LOG.warn("audit of the virtual addresses: cannot list addresses: {}", e.getMessage());
                return;
            }
        }
        for (Holder h : holders) {
            List<InetAddress> restored = h.ports().restoreMissing(h.ifindex(), present.getOrDefault(h.ifindex(), Set.of()));
            if (restored.isEmpty()) {
                continue;
            }
            repairs.addAndGet(restored.size());
            if (repairLog.permit(System.nanoTime())) {
                LOG.warn("{}: virtual address(es) {} were missing from the kernel ({}); put back{}", h.ports().name(),
                        restored.stream().map(IpText::format).toList(), why,
                        repairLog.heldBack() == 0 ? "" : " (" + repairLog.heldBack() + " more repairs since the last line)");
            }
        }
        lastAudit = Instant.now();
    }

    /** When the last audit finished, or null. */
    Instant lastAudit() {
        return lastAudit;
    }

    /** VIPs the audit found missing and put back. */
    long repairs() {
        return repairs.get();
    }
}
