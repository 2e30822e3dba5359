package io.vrrpd.lab;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import io.vrrpd.hooks.kernel.rtnetlink.NetNamespace;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The client's ICMP egress as the rehearsal harness samples it: an echo request to the target
 * every interval from an ICMP datagram socket ("ping socket") opened in the client namespace,
 * each answered by its echo reply or lost after the timeout. Unlike {@code ping} (see
 * {@link ClientProbe}), it never stops sending while the gateway is unreachable: a send the
 * kernel cannot queue is a lost probe, not a pause. The client's namespace must allow ping
 * sockets for root ({@code net.ipv4.ping_group_range}, which {@link BladeLab} sets).
 */
public final class IcmpProbe implements AutoCloseable {
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int IPPROTO_ICMP = 1;
    private static final int IPPROTO_ICMPV6 = 58;
    private static final int MSG_DONTWAIT = 0x40;
    private static final short POLLIN = 1;

    private static final class LibC {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native int socket(int domain, int type, int protocol);

        static native long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen);

        static native long recv(int fd, byte[] buf, long len, int flags);

        static native int poll(byte[] fds, long nfds, int timeout);

        static native int close(int fd);
    }

    private final int fd;
    private final boolean v6;
    private final byte[] sockaddr;
    private final Duration interval;
    private final Duration timeout;
    private final ProbeLog log = new ProbeLog();
    /** Probes not yet decided, by ICMP sequence number, to their index in the log (probe thread only). */
    private final Map<Integer, Integer> pending = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    private IcmpProbe(int fd, InetAddress target, Duration interval, Duration timeout) {
        this.fd = fd;
        this.v6 = target instanceof Inet6Address;
        this.sockaddr = sockaddr(target);
        this.interval = interval;
        this.timeout = timeout;
        this.thread = new Thread(this::loop, "icmp-probe-" + target.getHostAddress());
        thread.setDaemon(true);
    }

    /** Starts probing {@code target} from {@code clientNs} every {@code interval}. */
    public static IcmpProbe start(String clientNs, String target, Duration interval, Duration timeout) {
        InetAddress to = Addresses.parse(target);
        boolean v6 = to instanceof Inet6Address;
        int fd;
        try {
            fd = NetNamespace.callIn(clientNs, () -> LibC.socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC,
                    v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP));
        } catch (Exception e) {
            throw new IllegalStateException("cannot open an ICMP socket in " + clientNs + ": " + e, e);
        }
        if (fd < 0) {
            throw new IllegalStateException("cannot open an ICMP socket in " + clientNs + " (errno " + Native.getLastError()
                    + "; is net.ipv4.ping_group_range set there?)");
        }
        IcmpProbe p = new IcmpProbe(fd, to, interval, timeout);
        p.thread.start();
        return p;
    }

    private static byte[] sockaddr(InetAddress a) {
        byte[] raw = a.getAddress();
        byte[] s = new byte[raw.length == 4 ? 16 : 28];
        s[0] = (byte) (raw.length == 4 ? AF_INET : AF_INET6); // sa_family, little-endian host order
        System.arraycopy(raw, 0, s, raw.length == 4 ? 4 : 8, raw.length);
        return s;
    }

    private void loop() {
        byte[] echo = new byte[16];
        byte[] reply = new byte[1500];
        byte[] pollfd = new byte[8];
        pollfd[0] = (byte) fd;
        pollfd[1] = (byte) (fd >> 8);
        pollfd[2] = (byte) (fd >> 16);
        pollfd[3] = (byte) (fd >> 24);
        pollfd[4] = (byte) POLLIN;
        long next = System.nanoTime();
        int seq = 0;
        while (running) {
            long now = System.nanoTime();
            if (now >= next) {
                next += interval.toNanos();
                if (next < now) {
                    next = now + interval.toNanos(); // fell behind: no burst
                }
                seq++;
                echo[0] = (byte) (v6 ? 128 : 8);
                echo[6] = (byte) (seq >> 8);
                echo[7] = (byte) seq;
                pending.put(seq & 0xffff, log.sent(seq, seq & 0xffff, LabClock.epochNanos()));
                LibC.sendto(fd, echo, echo.length, MSG_DONTWAIT, sockaddr, sockaddr.length); // a failed send is a lost probe
            }
            int wait = (int) Math.max(0, (next - System.nanoTime()) / 1_000_000);
            pollfd[6] = 0;
            pollfd[7] = 0;
            if (LibC.poll(pollfd, 1, wait) > 0) {
                long n;
                while ((n = LibC.recv(fd, reply, reply.length, MSG_DONTWAIT)) >= 8) {
                    int type = reply[0] & 0xff;
                    if (type == (v6 ? 129 : 0)) {
                        answered(((reply[6] & 0xff) << 8) | (reply[7] & 0xff));
                    }
                }
            }
            decideLost();
        }
    }

    private void answered(int seq16) {
        Integer index = pending.remove(seq16);
        if (index != null) {
            log.answered(index);
        }
    }

    private void decideLost() {
        long cutoff = LabClock.epochNanos() - timeout.toNanos();
        pending.values().removeIf(index -> {
            if (log.sentAt(index) < cutoff) {
                log.lost(index);
                return true;
            }
            return false;
        });
    }

    /** Every probe so far, in order. */
    public List<ProbeOutcome> outcomes() {
        return log.outcomes();
    }

    /** When the last answer came (epoch nanoseconds), or -1 before the first. */
    public long lastReply() {
        return log.lastReply();
    }

    /** Stops probing and closes the socket; probes still open are left undecided. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LibC.close(fd);
    }
}
