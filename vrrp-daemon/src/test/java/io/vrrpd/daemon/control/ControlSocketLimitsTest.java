package io.vrrpd.daemon.control;

import io.vrrpd.hooks.kernel.TrustedPath;
import io.vrrpd.daemon.status.InstanceStatus;
import io.vrrpd.daemon.status.TransitionFeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What one local client may cost the daemon, over a real Unix domain socket. */
class ControlSocketLimitsTest {
    private static final String WATCH = "{\"version\":1,\"command\":\"watch\",\"args\":{}}\n";

    @TempDir
    Path dir;

    private final TransitionFeed feed = new TransitionFeed();

    private ControlServer serve(ControlLimits limits) throws IOException {
        return ControlServer.start(dir.resolve("vrrpd.sock"), null, ControlPolicy.ownerOnly(TrustedPath.effectiveUid()), limits,
                new ControlHandler() {
                    @Override
                    public CompletableFuture<Object> handle(ControlCommand command, Selection selection) {
                        return CompletableFuture.completedFuture(java.util.Map.of("command", command.wireName()));
                    }

                    @Override
                    public AutoCloseable subscribe(java.util.concurrent.Executor executor, java.util.function.Consumer<Object> events) {
                        return feed.subscribe(executor, events::accept);
                    }
                });
    }

    private SocketChannel connect() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(dir.resolve("vrrpd.sock")));
        return ch;
    }

    private static void send(SocketChannel ch, String text) throws IOException {
        ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** What the server sent until it hung up; a reset (it closed with our bytes unread) is a hang-up too. */
    private static String readToEnd(SocketChannel ch) throws IOException {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        try {
            while (ch.read(buf.clear()) >= 0) {
                got.write(buf.array(), 0, buf.position());
            }
        } catch (java.net.SocketException reset) {
            // hung up
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    private static TransitionFeed.Entry entry(int n) {
        return new TransitionFeed.Entry("gw" + n, "ipv4", 51, new InstanceStatus.Transition("2026-12-07T00:00:00Z",
                "BACKUP", "MASTER", "no advert from a master within the master-down interval"));
    }

    /** A client that drains and watches must know when no transition can be missed any more. */
    @Test
    void aWatchsFirstLineSaysItIsSubscribedAndTheTransitionsFollowIt() throws Exception {
        try (ControlServer server = serve(ControlLimits.DEFAULTS); SocketChannel one = connect()) {
            send(one, WATCH);
            java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(
                    java.nio.channels.Channels.newInputStream(one), StandardCharsets.UTF_8));
            assertEquals("{\"version\":1,\"ok\":true,\"result\":{\"watching\":true}}", lines.readLine());
            assertEquals(1, server.watchers(), "subscribed before it said so");
            feed.publish(entry(1));
            assertTrue(lines.readLine().contains("\"instance\":\"gw1\""));
        }
    }

    @Test
    void oneConnectionIsOneWatchHoweverManyLinesItSends() throws Exception {
        try (ControlServer server = serve(ControlLimits.DEFAULTS); SocketChannel one = connect(); SocketChannel many = connect()) {
            send(one, WATCH);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.watchers() == 1);
            send(many, WATCH.repeat(200));
            // a second request on a connection is not served: the server hangs up after the first's subscription
            assertEquals("{\"version\":1,\"ok\":true,\"result\":{\"watching\":true}}\n", readToEnd(many));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.watchers() == 1);
            assertEquals(1, feed.subscribers(), "the server subscribes to the feed once, not per watcher");
        }
    }

    @Test
    void aClientThatNeverAsksIsClosedAfterTheRequestTimeout() throws Exception {
        try (ControlServer server = serve(new ControlLimits(4, 4, Duration.ofMillis(300), Duration.ofSeconds(10), 64 * 1024));
             SocketChannel silent = connect()) {
            send(silent, "{\"version\":1,"); // a request that never ends
            String answer = readToEnd(silent);
            assertTrue(answer.contains("no request within"), answer);
        }
    }

    @Test
    void aWatcherThatNeverReadsIsDroppedInsteadOfBufferedFor() throws Exception {
        int events = 20_000;
        try (ControlServer server = serve(new ControlLimits(4, 4, Duration.ofSeconds(10), Duration.ofSeconds(30), 4 * 1024));
             SocketChannel stuck = connect()) {
            send(stuck, WATCH);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.watchers() == 1);
            for (int i = 0; i < events; i++) {
                feed.publish(entry(i));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.watchers() == 0);
            String received = readToEnd(stuck); // what the kernel had taken before the server let go
            long lines = received.lines().count();
            System.out.println("a watcher that never read got " + lines + " of " + events + " events ("
                    + received.length() + " bytes) before it was dropped; " + feed.dropped() + " never left the loop");
            assertTrue(lines < events / 2, "the server kept buffering for a client that never reads: " + lines + " lines");
        }
    }
}
