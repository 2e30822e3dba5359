package io.vrrpd.daemon.control;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The daemon's control socket: a Unix domain socket (default {@code /run/vrrpd/vrrpd.sock},
 * mode 0660, optional group) served by Netty on its own thread, never on the event loop.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final Path path;
    private final EpollEventLoopGroup group;
    private final Channel channel;

    private ControlServer(Path path, EpollEventLoopGroup group, Channel channel) {
        this.path = path;
        this.group = group;
        this.channel = channel;
    }

    /**
     * Binds the socket at {@code path}, replacing a stale socket file left by a dead daemon.
     *
     * @param groupName group owning the socket, or null to keep the daemon's
     */
    public static ControlServer start(Path path, String groupName, ControlHandler handler) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (Files.exists(path)) {
            if (ControlClient.answers(path)) {
                throw new IOException("another vrrpd already answers on " + path
                        + "; give this one its own --socket PATH");
            }
            Files.delete(path);
        }
        EpollEventLoopGroup group = new EpollEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "control-socket");
            t.setDaemon(true);
            return t;
        });
        try {
            Channel ch = new ServerBootstrap()
                    .group(group)
                    .channel(EpollServerDomainSocketChannel.class)
                    // vrrpctl half-closes after its request; answers that take a loop turn (drain)
                    // must still be writable then
                    .childOption(io.netty.channel.ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(new ChannelInitializer<DomainSocketChannel>() {
                        @Override
                        protected void initChannel(DomainSocketChannel c) {
                            c.pipeline().addLast(new LineBasedFrameDecoder(MAX_REQUEST_BYTES),
                                    new StringDecoder(StandardCharsets.UTF_8),
                                    new StringEncoder(StandardCharsets.UTF_8),
                                    new RequestHandler(handler));
                        }
                    })
                    .bind(new DomainSocketAddress(path.toFile()))
                    .sync()
                    .channel();
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
            if (groupName != null && !groupName.isBlank()) {
                GroupPrincipal gp = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(groupName);
                Files.getFileAttributeView(path, PosixFileAttributeView.class).setGroup(gp);
            }
            LOG.info("control socket listening on {}", path);
            return new ControlServer(path, group, ch);
        } catch (InterruptedException e) {
            group.shutdownGracefully();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding " + path, e);
        } catch (IOException | RuntimeException e) {
            group.shutdownGracefully();
            throw new IOException("cannot serve the control socket on " + path + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", path, e.getMessage());
        }
    }

    private static final class RequestHandler extends SimpleChannelInboundHandler<String> {
        private final ControlHandler handler;

        RequestHandler(ControlHandler handler) {
            this.handler = handler;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            ControlProtocol.Request request;
            try {
                request = ControlProtocol.JSON.readValue(line, ControlProtocol.Request.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                reply(ctx, ControlProtocol.Response.error("malformed request: " + e.getOriginalMessage()));
                return;
            }
            if (request.version() > ControlProtocol.VERSION) {
                reply(ctx, ControlProtocol.Response.error("request version " + request.version()
                        + " is newer than this daemon's (" + ControlProtocol.VERSION + "); upgrade vrrpd"));
                return;
            }
            if (request.command() == null) {
                reply(ctx, ControlProtocol.Response.error("request has no command"));
                return;
            }
            AutoCloseable subscription = handler.stream(request.command(), request.args(), event -> {
                try {
                    ctx.writeAndFlush(ControlProtocol.JSON.writeValueAsString(ControlProtocol.Response.ok(event)) + "\n");
                } catch (IOException e) {
                    ctx.close();
                }
            });
            if (subscription != null) {
                ctx.channel().closeFuture().addListener(f -> subscription.close());
                return;
            }
            handler.handle(request.command(), request.args()).whenComplete((result, failure) -> {
                if (failure != null) {
                    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (!(cause instanceof IllegalArgumentException)) {
                        LOG.warn("control command '{}' failed", request.command(), cause);
                    }
                    reply(ctx, ControlProtocol.Response.error(cause.getMessage() != null ? cause.getMessage() : cause.toString()));
                } else {
                    reply(ctx, ControlProtocol.Response.ok(result));
                }
            });
        }

        private static void reply(ChannelHandlerContext ctx, ControlProtocol.Response response) {
            String text;
            try {
                text = ControlProtocol.JSON.writeValueAsString(response) + "\n";
            } catch (IOException e) {
                text = "{\"version\":1,\"ok\":false,\"error\":\"cannot encode answer\"}\n";
            }
            ctx.writeAndFlush(text).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("control connection failed: {}", cause.toString());
            ctx.close();
        }
    }
}
