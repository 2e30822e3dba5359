package io.vrrpd.daemon.control;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.channel.unix.PeerCredentials;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import io.netty.handler.timeout.WriteTimeoutHandler;
import io.vrrpd.hooks.kernel.TrustedPath;
import io.vrrpd.hooks.kernel.KernelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's control socket: a Unix domain socket (default {@code /run/vrrpd/vrrpd.sock},
 * mode 0660, optional group) served by Netty on its own thread, never on the event loop.
 *
 * <p>One request per connection. The caller is identified by the kernel ({@code SO_PEERCRED},
 * {@code SO_PEERGROUPS}) and judged by the {@link ControlPolicy}; every action is logged with
 * the caller's uid. What one client may cost is bounded by {@link ControlLimits}: connections
 * open at once, time to ask and to take an answer, and bytes queued for a watcher, which is
 * disconnected when it stops reading. {@code watch} events are serialised once, on this thread.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final SocketPath socket;
    private final EpollEventLoopGroup group;
    private final Channel channel;
    private final WatchHub watchers;
    private final AutoCloseable subscription;

    private ControlServer(SocketPath socket, EpollEventLoopGroup group, Channel channel, WatchHub watchers,
            AutoCloseable subscription) {
        this.socket = socket;
        this.group = group;
        this.channel = channel;
        this.watchers = watchers;
        this.subscription = subscription;
    }

    /** {@link #start(Path, String, ControlPolicy, ControlLimits, ControlHandler)} with root and this process's user acting, default limits. */
    public static ControlServer start(Path path, String groupName, ControlHandler handler) throws IOException {
        return start(path, groupName, ControlPolicy.ownerOnly(TrustedPath.effectiveUid()), ControlLimits.DEFAULTS, handler);
    }

    /**
     * Binds the socket at {@code path}, replacing a stale socket file left by a dead daemon.
     *
     * @param groupName group owning the socket, or null to keep the daemon's
     */
    public static ControlServer start(Path path, String groupName, ControlPolicy policy, ControlLimits limits,
            ControlHandler handler) throws IOException {
        SocketPath socket = SocketPath.prepare(path);
        EpollEventLoopGroup group = new EpollEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "control-socket");
            t.setDaemon(true);
            return t;
        });
        WatchHub watchers = new WatchHub();
        ConnectionBudget budget = new ConnectionBudget(limits);
        try {
            Channel ch = new ServerBootstrap()
                    .group(group)
                    .channel(EpollServerDomainSocketChannel.class)
                    // vrrpctl half-closes after its request; answers that take a loop turn (drain)
                    // must still be writable then
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(limits.watchBufferBytes() / 2, limits.watchBufferBytes()))
                    .childHandler(new ChannelInitializer<DomainSocketChannel>() {
                        @Override
                        protected void initChannel(DomainSocketChannel c) {
                            c.pipeline().addLast(new StringEncoder(StandardCharsets.UTF_8));
                            Caller caller;
                            try {
                                caller = caller(c);
                            } catch (IOException | KernelException e) {
                                LOG.warn("control: cannot tell who connected: {}", e.getMessage());
                                c.close();
                                return;
                            }
                            if (!policy.permits(caller, ControlRole.ACT)) {
                                String refusal = budget.admit(caller);
                                if (refusal != null) {
                                    c.writeAndFlush(encode(ControlProtocol.Response.error(refusal)))
                                            .addListener(ChannelFutureListener.CLOSE);
                                    return;
                                }
                                c.closeFuture().addListener(f -> budget.release(caller));
                            }
                            c.pipeline().addLast(
                                    new WriteTimeoutHandler(limits.writeTimeout().toMillis(), TimeUnit.MILLISECONDS),
                                    new LineBasedFrameDecoder(MAX_REQUEST_BYTES),
                                    new StringDecoder(StandardCharsets.UTF_8),
                                    new RequestHandler(handler, policy, limits, watchers, caller));
                        }
                    })
                    .bind(new DomainSocketAddress(socket.bindAt().toFile()))
                    .sync()
                    .channel();
            socket.publish(groupName);
            AutoCloseable subscription = handler.subscribe(group.next(), watchers::publish);
            LOG.info("control socket listening on {}", socket.path());
            return new ControlServer(socket, group, ch, watchers, subscription);
        } catch (InterruptedException e) {
            socket.abandon();
            group.shutdownGracefully();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding " + path, e);
        } catch (IOException | RuntimeException e) {
            socket.abandon();
            group.shutdownGracefully();
            throw new IOException("cannot serve the control socket on " + path + ": " + e.getMessage(), e);
        }
    }

    /** Refuses, as {@link #start} would, a {@code path} that holds anything but a stale socket of ours. */
    public static void checkPath(Path path) throws IOException {
        SocketPath.check(path.toAbsolutePath());
    }

    public Path path() {
        return socket.path();
    }

    /** Connections now watching; for tests and diagnosis. */
    public int watchers() {
        return group.next().submit(watchers::size).syncUninterruptibly().getNow();
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("watch subscription: {}", e.toString());
        }
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        socket.remove();
    }

    /** Who connected, as the kernel recorded it at connect(). */
    private static Caller caller(Channel ch) throws IOException, KernelException {
        EpollDomainSocketChannel domain = (EpollDomainSocketChannel) ch;
        PeerCredentials credentials = domain.peerCredentials();
        int gid = credentials.gids().length > 0 ? credentials.gids()[0] : -1;
        return new Caller(credentials.pid(), credentials.uid(), gid, UnixGroups.peerGroups(domain.fd().intValue()));
    }

    private static String encode(ControlProtocol.Response response) {
        try {
            return ControlProtocol.JSON.writeValueAsString(response) + "\n";
        } catch (IOException e) {
            return "{\"version\":1,\"ok\":false,\"error\":\"cannot encode answer\"}\n";
        }
    }

    private static final class RequestHandler extends SimpleChannelInboundHandler<String> {
        private final ControlHandler handler;
        private final ControlPolicy policy;
        private final ControlLimits limits;
        private final WatchHub watchers;
        private final Caller caller;
        private boolean asked;
        private boolean watching;

        RequestHandler(ControlHandler handler, ControlPolicy policy, ControlLimits limits, WatchHub watchers, Caller caller) {
            this.handler = handler;
            this.policy = policy;
            this.limits = limits;
            this.watchers = watchers;
            this.caller = caller;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            // the whole request within the bound, however slowly it trickles in
            ctx.executor().schedule(() -> {
                if (!asked) {
                    reply(ctx, ControlProtocol.Response.error("no request within " + limits.requestTimeout().toSeconds()
                            + " s; closing"));
                }
            }, limits.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            super.channelActive(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            if (asked) { // one request per connection: a second line is a client we do not serve
                ctx.close();
                return;
            }
            asked = true;
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
            ControlCommand command = ControlCommand.named(request.command()).orElse(null);
            if (command == null) {
                reply(ctx, ControlProtocol.Response.error("unknown command '" + request.command() + "' (known: "
                        + ControlCommand.known() + ")"));
                return;
            }
            if (!policy.permits(caller, command.role())) {
                LOG.warn("control: {} refused to {}: it may only read", command.wireName(), caller);
                reply(ctx, ControlProtocol.Response.error(policy.refusal(caller, command)));
                return;
            }
            Selection selection;
            List<String> adopted;
            try {
                selection = command.selection(request.args());
                adopted = command == ControlCommand.RETIRE ? command.adopted(request.args()) : null;
            } catch (IllegalArgumentException e) {
                reply(ctx, ControlProtocol.Response.error(e.getMessage()));
                return;
            }
            if (command == ControlCommand.WATCH) {
                watching = true;
                watchers.add(ctx.channel());
                // subscribed: every transition from here on reaches this watcher, which may now act
                ctx.writeAndFlush(encode(ControlProtocol.Response.ok(java.util.Map.of("watching", true))));
                return;
            }
            CompletableFuture<Object> answer = adopted != null ? handler.retire(adopted) : handler.handle(command, selection);
            Object what = adopted != null ? "adopted " + adopted : selection == null ? "" : selection;
            answer.orTimeout(limits.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .whenCompleteAsync((result, failure) -> {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                if (cause instanceof java.util.concurrent.TimeoutException) {
                    cause = new IllegalStateException("no answer within " + limits.requestTimeout().toSeconds()
                            + " s; the event loop is busy, and the command may still take effect");
                }
                if (command.role() == ControlRole.ACT) {
                    LOG.info("control: {} {} by {}: {}", command.wireName(), what, caller,
                            cause == null ? result : "failed: " + cause.getMessage());
                }
                io.netty.channel.ChannelFuture sent;
                if (cause != null) {
                    if (!(cause instanceof IllegalArgumentException)) {
                        LOG.warn("control command '{}' failed", command.wireName(), cause);
                    }
                    sent = reply(ctx, ControlProtocol.Response.error(cause.getMessage() != null ? cause.getMessage() : cause.toString()));
                } else {
                    sent = reply(ctx, ControlProtocol.Response.ok(result));
                }
                if (adopted != null) {
                    sent.addListener(f -> handler.retireAnswered());   // only now may the daemon close this socket
                }
            }, ctx.executor()); // answers are encoded here, never on the event loop that completed them
        }

        private static io.netty.channel.ChannelFuture reply(ChannelHandlerContext ctx, ControlProtocol.Response response) {
            return ctx.writeAndFlush(encode(response)).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            // half-closure is for one-shot requests (vrrpctl shuts its output after asking); a
            // watcher, or a client that never asked, that shuts its side has gone away
            if (event instanceof ChannelInputShutdownEvent && (!asked || watching)) {
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("control connection failed: {}", cause.toString());
            ctx.close();
        }
    }
}
