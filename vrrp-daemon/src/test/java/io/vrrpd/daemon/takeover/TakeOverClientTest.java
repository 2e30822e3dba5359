package io.vrrpd.daemon.takeover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the new process makes of the running daemon's answer to {@code hand-over}, over a real Unix
 * socket: a daemon that answers every request with one scripted line stands in for another build.
 */
class TakeOverClientTest {
    @TempDir
    Path dir;

    /** Serves {@code answer} to every connection that sends a line, until closed. */
    private static AutoCloseable daemonAnswering(Path socket, String answer) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread t = new Thread(() -> {
            while (server.isOpen()) {
                try (SocketChannel c = server.accept()) {
                    String line = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8))
                            .readLine();
                    if (line != null) {
                        c.write(ByteBuffer.wrap((answer + "\n").getBytes(StandardCharsets.UTF_8)));
                    }
                } catch (IOException e) {
                    return;   // closed
                }
            }
        }, "fake-daemon");
        t.setDaemon(true);
        t.start();
        return server::close;
    }

    @Test
    void nobodyOnTheSocketIsAnOrdinaryStart() {
        assertInstanceOf(TakeOverClient.Answer.NoneRunning.class, TakeOverClient.ask(dir.resolve("vrrpd.sock")));
    }

    @Test
    void aDaemonThatPredatesTakeOverIsARefusalThatSaysWhatToDo() throws Exception {
        Path socket = dir.resolve("vrrpd.sock");
        try (AutoCloseable old = daemonAnswering(socket, "{\"version\":1,\"ok\":false,\"error\":\"unknown command 'hand-over'"
                + " (known: status, watch, drain, undrain)\"}")) {
            TakeOverClient.Answer a = TakeOverClient.ask(socket);
            String why = assertInstanceOf(TakeOverClient.Answer.Refused.class, a).why();
            assertTrue(why.contains("cannot hand over (it predates --take-over"), why);
            assertTrue(why.contains("stop it first"), why);
        }
    }

    @Test
    void aStateOfANewerFormatIsReceivedAsUnreadableSoNothingIsAdopted() throws Exception {
        Path socket = dir.resolve("vrrpd.sock");
        try (AutoCloseable newer = daemonAnswering(socket, "{\"version\":1,\"ok\":true,\"result\":{\"version\":2,\"shards\":[]}}")) {
            TakeOverClient.Answer a = TakeOverClient.ask(socket);
            HandoverDecoding d = assertInstanceOf(TakeOverClient.Answer.Received.class, a).decoding();
            assertEquals(new HandoverDecoding.UnknownVersion(2, HandoverCodec.VERSION), d);
            assertTrue(TakeOverPlan.nothing(d.fallbackReason()).adopted().isEmpty());
        }
    }

    @Test
    void aStateOfThisFormatIsAccepted() throws Exception {
        Path socket = dir.resolve("vrrpd.sock");
        String state = "{\"version\":1,\"build\":\"vrrpd 1.0\",\"instances\":[{\"name\":\"gw4\",\"state\":\"MASTER\","
                + "\"masterAddress\":\"192.0.2.2\",\"adoptedIntervalCs\":10,\"configDigest\":\"sha256:00\","
                + "\"heldAddresses\":[\"192.0.2.1/24\"],\"heldRoutes\":[]}]}";
        try (AutoCloseable same = daemonAnswering(socket, "{\"version\":1,\"ok\":true,\"result\":" + state + "}")) {
            HandoverDecoding d = assertInstanceOf(TakeOverClient.Answer.Received.class, TakeOverClient.ask(socket)).decoding();
            HandoverState s = assertInstanceOf(HandoverDecoding.Accepted.class, d).state();
            assertEquals("gw4", s.instances().get(0).name());
            assertEquals("vrrpd 1.0", s.build());
        }
    }
}
