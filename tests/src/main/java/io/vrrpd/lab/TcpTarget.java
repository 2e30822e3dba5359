package io.vrrpd.lab;

import io.vrrpd.hooks.kernel.rtnetlink.NetNamespace;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * What the client's {@link TcpProbe}s connect to: listening sockets on the upstream's targets,
 * opened inside the upstream namespace, each accepted connection closed at once. (Closed, not
 * reset: a reset from this side, racing the client's own, makes about a third of the next
 * connects fail on this kernel.)
 */
public final class TcpTarget implements AutoCloseable {
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    private TcpTarget() {
    }

    /** Listens on {@code port} of each of {@code targets} in {@code upstreamNs}. */
    public static TcpTarget start(String upstreamNs, List<String> targets, int port) {
        TcpTarget t = new TcpTarget();
        try {
            for (String target : targets) {
                ServerSocketChannel s = NetNamespace.callIn(upstreamNs, () -> {
                    ServerSocketChannel ch = ServerSocketChannel.open();
                    ch.bind(new InetSocketAddress(Addresses.parse(target), port), 1024);
                    return ch;
                });
                t.listeners.add(s);
                Thread th = new Thread(() -> accept(s), "tcp-target-" + target);
                th.setDaemon(true);
                th.start();
                t.threads.add(th);
            }
        } catch (Exception e) {
            t.close();
            throw new IllegalStateException("cannot listen on port " + port + " of " + targets + " in " + upstreamNs + ": " + e, e);
        }
        return t;
    }

    private static void accept(ServerSocketChannel s) {
        while (s.isOpen()) {
            try (SocketChannel c = s.accept()) {
                c.shutdownOutput();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // one connection gone wrong: keep accepting
            }
        }
    }

    @Override
    public void close() {
        for (ServerSocketChannel s : listeners) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
