package io.vrrpd.daemon.metrics;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The {@code --metrics HOST:PORT} value. {@code 9405} and {@code :9405} mean loopback
 * (127.0.0.1); an explicit host ({@code 0.0.0.0:9405}, {@code 192.0.2.10:9405},
 * {@code [::1]:9405}) binds there.
 */
public final class MetricsEndpoint {
    private MetricsEndpoint() {
    }

    /** Parses {@code spec}; throws {@link IllegalArgumentException} with a message that says what is valid. */
    public static InetSocketAddress parse(String spec) {
        String s = spec == null ? "" : spec.trim();
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf("]:");
            if (close < 0) {
                throw invalid(spec);
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon >= 0 && s.indexOf(':') != colon) {
                throw invalid(spec); // a bare IPv6 address: the port would be ambiguous
            }
            host = colon < 0 ? "" : s.substring(0, colon);
            port = colon < 0 ? s : s.substring(colon + 1);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw invalid(spec);
        }
        if (p < 0 || p > 65535) {
            throw invalid(spec);
        }
        try {
            InetAddress address = host.isEmpty() ? InetAddress.getByAddress(new byte[] {127, 0, 0, 1})
                    : InetAddress.getByName(host);
            return new InetSocketAddress(address, p);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--metrics '" + spec + "': unknown host '" + host + "'");
        }
    }

    private static IllegalArgumentException invalid(String spec) {
        return new IllegalArgumentException("--metrics '" + spec + "' is not HOST:PORT; valid: 9405 or :9405 (loopback), "
                + "127.0.0.1:9405, 0.0.0.0:9405, [::1]:9405");
    }
}
