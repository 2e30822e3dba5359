package io.vrrpd.daemon.control;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The connections that {@code watch}, and the one place events are written to them, on the
 * control socket's thread. An event is serialised once, whatever the number of watchers, and
 * the same bytes go to each. A watcher whose queue is over its bound (it stopped reading) is
 * disconnected instead of buffered for: it can reconnect and ask for status.
 */
final class WatchHub {
    private static final Logger LOG = LoggerFactory.getLogger(WatchHub.class);

    private final List<Channel> watchers = new ArrayList<>();

    /** Control thread. */
    void add(Channel ch) {
        watchers.add(ch);
        ch.closeFuture().addListener(f -> watchers.remove(ch)); // notified on the control thread
    }

    /** Control thread: one event, to every watcher that keeps up. */
    void publish(Object event) {
        if (watchers.isEmpty()) {
            return;
        }
        ByteBuf line;
        try {
            line = Unpooled.wrappedBuffer((ControlProtocol.JSON.writeValueAsString(ControlProtocol.Response.ok(event)) + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("watch: cannot encode {}: {}", event, e.toString());
            return;
        }
        try {
            for (Channel ch : List.copyOf(watchers)) {
                if (ch.isWritable()) {
                    ch.writeAndFlush(line.retainedDuplicate());
                } else {
                    LOG.info("watch: dropping a client that stopped reading ({} bytes queued)",
                            ch.unsafe().outboundBuffer() == null ? 0 : ch.unsafe().outboundBuffer().totalPendingWriteBytes());
                    ch.close();
                }
            }
        } finally {
            line.release();
        }
    }

    /** Control thread. */
    int size() {
        return watchers.size();
    }
}
