package io.vrrpd.lab;

import io.vrrpd.hooks.kernel.rtnetlink.NetNamespace;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The client's TCP egress: from the client namespace, a connect to {@code target:port} every
 * interval, each answered when the handshake completes (or the target refuses: it was reached),
 * lost when neither happens within the timeout. Connections are reset at once (linger 0), so
 * nothing piles up in TIME_WAIT. One thread, entered into the client's namespace; only
 * documentation addresses are ever the target.
 */
public final class TcpProbe implements AutoCloseable {
    private final String target;
    private final int port;
    private final Duration interval;
    private final Duration timeout;
    private final ProbeLog log = new ProbeLog();
    private final Thread thread;
    private volatile boolean running = true;

    private TcpProbe(String clientNs, String target, int port, Duration interval, Duration timeout) {
        this.target = target;
        this.port = port;
        this.interval = interval;
        this.timeout = timeout;
        this.thread = new Thread(() -> {
            try {
                NetNamespace.callIn(clientNs, () -> {
                    loop();
                    return null;
                });
            } catch (Exception e) {
                System.err.println("TcpProbe to " + target + ": " + e);
            }
        }, "tcp-probe-" + target);
        thread.setDaemon(true);
    }

    /** Starts probing {@code target:port} from {@code clientNs} every {@code interval}. */
    public static TcpProbe start(String clientNs, String target, int port, Duration interval, Duration timeout) {
        TcpProbe p = new TcpProbe(clientNs, target, port, interval, timeout);
        p.thread.start();
        return p;
    }

    private record Pending(int index, SocketChannel channel, long sent) {
    }

    private void loop() throws IOException {
        InetSocketAddress to = new InetSocketAddress(Addresses.parse(target), port);
        try (Selector selector = Selector.open()) {
            List<Pending> pending = new ArrayList<>();
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
                    SocketChannel ch = SocketChannel.open();
                    ch.configureBlocking(false);
                    ch.setOption(StandardSocketOptions.SO_LINGER, 0);
                    ch.bind(null); // the source port is the key the probe's SYN is known by on the way
                    int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
                    long sent = LabClock.epochNanos();
                    int index = log.sent(seq, port, sent);
                    try {
                        if (ch.connect(to)) {
                            answered(index, ch);
                        } else {
                            ch.register(selector, SelectionKey.OP_CONNECT, new Pending(index, ch, sent));
                        }
                    } catch (IOException e) {
                        ch.close();   // unreachable at once: lost (decided at the timeout)
                        pending.add(new Pending(index, null, sent));
                    }
                }
                selector.select(Math.max(1, (next - System.nanoTime()) / 1_000_000));
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey k = it.next();
                    it.remove();
                    Pending p = (Pending) k.attachment();
                    k.cancel();
                    try {
                        p.channel().finishConnect();
                        answered(p.index(), p.channel());
                    } catch (ConnectException e) {
                        if (String.valueOf(e.getMessage()).contains("refused")) {
                            answered(p.index(), p.channel()); // a reset from the target: it was reached
                        } else {
                            p.channel().close();
                            pending.add(new Pending(p.index(), null, p.sent()));
                        }
                    } catch (IOException e) {
                        p.channel().close();
                        pending.add(new Pending(p.index(), null, p.sent()));
                    }
                }
                long cutoff = LabClock.epochNanos() - timeout.toNanos();
                for (SelectionKey k : selector.keys()) {
                    Pending p = (Pending) k.attachment();
                    if (p.sent() < cutoff) {
                        k.cancel();
                        p.channel().close();
                        decideLost(p.index());
                    }
                }
                pending.removeIf(p -> {
                    if (p.sent() < cutoff) {
                        decideLost(p.index());
                        return true;
                    }
                    return false;
                });
            }
            for (SelectionKey k : selector.keys()) {
                ((Pending) k.attachment()).channel().close();
            }
        }
    }

    private void answered(int index, SocketChannel ch) throws IOException {
        log.answered(index);
        ch.close();
    }

    private void decideLost(int index) {
        log.lost(index);
    }

    /** Every probe so far, in order (see {@link ProbeOutcome}). */
    public List<ProbeOutcome> outcomes() {
        return log.outcomes();
    }

    /** When the last answer came (epoch nanoseconds), or -1 before the first. */
    public long lastReply() {
        return log.lastReply();
    }

    /** Stops probing; probes still open are left undecided. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
