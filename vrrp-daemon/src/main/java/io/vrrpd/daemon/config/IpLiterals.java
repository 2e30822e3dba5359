package io.vrrpd.daemon.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP address literals, parsed without ever asking DNS (InetAddress.getByName would look a
 * host name up, making a config check depend on the resolver).
 */
final class IpLiterals {

    private static final Pattern V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpLiterals() {}

    static Optional<InetAddress> parse(String text) {
        var m = V4.matcher(text);
        if (m.matches()) {
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(m.group(i + 1));
                if (octet > 255) {
                    return Optional.empty();
                }
                b[i] = (byte) octet;
            }
            return Optional.of(byAddress(b));
        }
        if (text.indexOf(':') >= 0 && V6.matcher(text).matches()) {
            try {
                InetAddress a = InetAddress.getByName(text); // a literal with ':' never reaches DNS
                if (a instanceof Inet6Address) {
                    return Optional.of(a);
                }
                // an IPv4-mapped literal (::ffff:a.b.c.d) comes back as Inet4Address: keep it IPv6
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(a.getAddress(), 0, mapped, 12, 4);
                return Optional.of(Inet6Address.getByAddress(null, mapped, null));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The address in its canonical text form; for IPv6 the RFC 5952 one ({@code 2001:db8::1}). */
    static String format(InetAddress a) {
        return io.vrrpd.core.IpText.format(a);
    }

    static String familyName(InetAddress a) {
        return a instanceof Inet4Address ? "ipv4" : "ipv6";
    }

    private static InetAddress byAddress(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }
}
