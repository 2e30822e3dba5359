package io.vrrpd.hooks.builtin;

import io.vrrpd.core.IpText;

import java.net.InetAddress;

/** Addresses as operators write them: IPv6 in RFC 5952 form ({@code 2001:db8::1}), no scope suffix. */
final class Addresses {
    private Addresses() {
    }

    static String text(InetAddress a) {
        return IpText.format(a);
    }
}
