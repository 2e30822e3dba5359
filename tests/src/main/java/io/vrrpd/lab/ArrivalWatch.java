package io.vrrpd.lab;

import io.vrrpd.hooks.kernel.rtnetlink.NetNamespace;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;

import java.io.EOFException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;

/**
 * Which of the client's probes got out: on the upstream router's interface, every ICMP echo
 * request and TCP SYN that arrives, with the kernel's capture time, so a probe that got through
 * the blades but whose reply was lost on the way back (the return path) is told apart from one
 * that never got out. Captured with libpcap (pcap4j, immediate mode) in the upstream's namespace.
 */
public final class ArrivalWatch implements AutoCloseable {
    private static final String FILTER = "(icmp and icmp[icmptype] == 8) or (icmp6 and ip6[40] == 128)"
            + " or (tcp and tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn) or (ip6 and tcp and ip6[53] & 0x12 == 0x02)";

    private final PcapHandle handle;
    private final Thread thread;
    /** Per kind (icmp4, icmp6, tcp4, tcp6 as 0..3), per key (ICMP sequence or TCP source port), the arrival times. */
    private final Map<Integer, NavigableSet<Long>>[] arrivals;
    private volatile boolean closed;

    @SuppressWarnings("unchecked")
    private ArrivalWatch(PcapHandle handle, String ns) {
        this.handle = handle;
        this.arrivals = new Map[4];
        for (int i = 0; i < 4; i++) {
            arrivals[i] = new HashMap<>();
        }
        this.thread = new Thread(this::loop, "arrivals-" + ns);
        thread.setDaemon(true);
    }

    /** Starts capturing on {@code ifname} in {@code ns}; throws when libpcap cannot open it. */
    public static ArrivalWatch start(String ns, String ifname) {
        LabFiles.requireLibpcap();
        PcapHandle h;
        try {
            h = NetNamespace.callIn(ns, () -> {
                PcapHandle handle = new PcapHandle.Builder(ifname).snaplen(128)
                        .promiscuousMode(PcapNetworkInterface.PromiscuousMode.PROMISCUOUS).timeoutMillis(100)
                        .immediateMode(true).timestampPrecision(PcapHandle.TimestampPrecision.NANO).build();
                handle.setFilter(FILTER, BpfProgram.BpfCompileMode.OPTIMIZE);
                handle.setDirection(PcapHandle.PcapDirection.IN);
                return handle;
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot capture on " + ifname + " in " + ns + ": " + e.getMessage(), e);
        }
        ArrivalWatch w = new ArrivalWatch(h, ns);
        w.thread.start();
        return w;
    }

    private void loop() {
        while (!closed) {
            byte[] f;
            long at;
            try {
                f = handle.getNextRawPacketEx();
                Timestamp ts = handle.getTimestamp();
                at = ts.getTime() / 1000 * 1_000_000_000L + ts.getNanos();
            } catch (TimeoutException e) {
                continue;
            } catch (EOFException | PcapNativeException | NotOpenException | RuntimeException e) {
                break;
            }
            record(f, at);
        }
    }

    private void record(byte[] f, long at) {
        if (f.length < 34) {
            return;
        }
        int type = ((f[12] & 0xff) << 8) | (f[13] & 0xff);
        int proto;
        int p;
        boolean v6;
        if (type == 0x0800) {
            proto = f[23] & 0xff;
            p = 14 + (f[14] & 0x0f) * 4;
            v6 = false;
        } else if (type == 0x86dd) {
            proto = f[20] & 0xff;
            p = 54;
            v6 = true;
        } else {
            return;
        }
        if (f.length < p + 8) {
            return;
        }
        int kind;
        int key;
        if (proto == 1 || proto == 58) {
            kind = v6 ? 1 : 0;
            key = ((f[p + 6] & 0xff) << 8) | (f[p + 7] & 0xff);
        } else if (proto == 6) {
            kind = v6 ? 3 : 2;
            key = ((f[p] & 0xff) << 8) | (f[p + 1] & 0xff);
        } else {
            return;
        }
        synchronized (arrivals) {
            arrivals[kind].computeIfAbsent(key, k -> new TreeSet<>()).add(at);
        }
    }

    /**
     * When the probe with {@code key} sent at {@code sent} arrived (epoch nanoseconds), or -1 when
     * nothing with its key arrived within {@code timeout} after it (a 5 ms slack before the send
     * covers the two clocks' rounding).
     */
    public long arrival(boolean tcp, Family family, int key, long sent, long timeout) {
        int kind = (tcp ? 2 : 0) + (family == Family.IPV6 ? 1 : 0);
        synchronized (arrivals) {
            NavigableSet<Long> times = arrivals[kind].get(key);
            if (times == null) {
                return -1;
            }
            Long t = times.ceiling(sent - 5_000_000L);
            return t != null && t <= sent + timeout ? t : -1;
        }
    }

    /** Stops capturing (pcap_breakloop, then close). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            handle.breakLoop();
        } catch (NotOpenException ignored) {
            // closed already
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            handle.close();
        }
    }
}
