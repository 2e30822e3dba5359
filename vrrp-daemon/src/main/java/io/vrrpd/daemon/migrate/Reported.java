package io.vrrpd.daemon.migrate;

import java.util.Objects;

/**
 * A keepalived construct the importer did not convert (or converted only in part): where it
 * is, what it is, and why it was not carried over / what to do.
 *
 * @param source    file and line in the keepalived configuration
 * @param construct the keyword as written, e.g. {@code unicast_peer} or {@code virtual_ipaddress 192.0.2.1/24 dev eth0}
 * @param message   why it was not converted and what to do instead
 */
public record Reported(Source source, String construct, String message) {

    public Reported {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(construct, "construct");
        Objects.requireNonNull(message, "message");
    }

    /** {@code keepalived.conf:12: unicast_peer: vrrpd does not support unicast ...}. */
    @Override
    public String toString() {
        return source + ": " + construct + ": " + message;
    }
}
