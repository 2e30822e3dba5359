package io.vrrpd.daemon.net;

import java.io.IOException;
import java.util.Locale;

/** A capture handle or socket could not be opened or used; the message says why and what to do. */
public final class PacketIoException extends IOException {
    private static final long serialVersionUID = 1L;

    public PacketIoException(String message, Throwable cause) {
        super(message, cause);
    }

    public PacketIoException(String message) {
        super(message);
    }

    /**
     * Turns libpcap's open error into a message an operator can act on. libpcap says
     * {@code socket: Operation not permitted} when the process lacks CAP_NET_RAW.
     */
    static PacketIoException openFailed(String interfaceName, Exception cause) {
        String detail = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        String lower = detail.toLowerCase(Locale.ROOT);
        String message;
        if (lower.contains("operation not permitted") || lower.contains("permission denied")
                || lower.contains("you don't have permission")) {
            message = "cannot open packet capture on interface " + interfaceName + ": " + detail
                    + ". vrrpd needs the CAP_NET_RAW capability to send and receive VRRP adverts (run it as root,"
                    + " or grant it: systemd AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN, or setcap cap_net_raw+ep"
                    + " on the java binary)";
        } else if (lower.contains("no such device")) {
            message = "cannot open packet capture on interface " + interfaceName + ": no such interface in this"
                    + " network namespace (" + detail + ")";
        } else {
            message = "cannot open packet capture on interface " + interfaceName + ": " + detail;
        }
        return new PacketIoException(message, cause);
    }
}
