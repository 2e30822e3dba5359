package io.vrrpd.daemon.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves {@code GET /metrics} (Prometheus text format 0.0.4) with the JDK's HTTP server on its
 * own two threads: no codec pipeline to get wrong, and nothing here ever runs on, posts to or
 * waits for the event loop (a scrape reads snapshots and counters only).
 *
 * <p>A client has {@link #REQUEST_TIMEOUT} to send its request and as long to take the answer,
 * then it is disconnected (the JDK server's {@code sun.net.httpserver.maxReqTime} and
 * {@code maxRspTime}, set here unless given on the command line), so a client that dawdles
 * holds a thread for seconds, not for ever. A failed scrape answers 500 with no detail; the
 * detail goes to the log.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static final java.time.Duration REQUEST_TIMEOUT = java.time.Duration.ofSeconds(5);
    private static final int THREADS = 2;

    static {
        // read once, when the JDK's server is first used: before any HttpServer exists
        for (String bound : new String[] {"sun.net.httpserver.maxReqTime", "sun.net.httpserver.maxRspTime"}) {
            if (System.getProperty(bound) == null) {
                System.setProperty(bound, Long.toString(REQUEST_TIMEOUT.toSeconds()));
            }
        }
    }

    /** The exposition text, built on the server's thread. */
    public interface Scrape {
        String scrape();
    }

    /** Binds {@code address} (port 0: an ephemeral port) and starts serving {@code metrics}. */
    public static MetricsServer start(InetSocketAddress address, VrrpdMetrics metrics) throws IOException {
        return start(address, metrics::scrape);
    }

    /** Binds {@code address} (port 0: an ephemeral port) and starts serving {@code metrics}. */
    public static MetricsServer start(InetSocketAddress address, Scrape metrics) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new IOException("cannot serve metrics on " + address.getAddress().getHostAddress() + ":"
                    + address.getPort() + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "vrrpd-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, metrics));
        server.start();
        LOG.info("serving Prometheus metrics on http://{}:{}/metrics", address.getAddress().getHostAddress(),
                server.getAddress().getPort());
        return new MetricsServer(server, executor);
    }

    private static void handle(HttpExchange exchange, Scrape metrics) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!path.equals("/metrics")) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found; metrics are at /metrics\n");
                return;
            }
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
                return;
            }
            String body;
            try {
                body = metrics.scrape();
            } catch (RuntimeException e) {
                LOG.error("metrics scrape failed", e);
                send(exchange, 500, "text/plain; charset=utf-8", "scrape failed; see the daemon's log\n");
                return;
            }
            send(exchange, 200, CONTENT_TYPE, method.equals("HEAD") ? null : body);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The bound address (the real port when started on port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
