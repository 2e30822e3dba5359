package io.vrrpd.lab;

import io.vrrpd.core.IpText;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Address literals and prefixes as the lab works with them; never asks DNS. */
public final class Addresses {
    private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private Addresses() {
    }

    /** The address a literal denotes, or null when it is not one (a host name is not). */
    public static InetAddress parse(String text) {
        if (text == null || !(V4.matcher(text).matches() || V6.matcher(text).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(text); // a literal: no resolver is asked
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The canonical text of a literal ({@code 2001:db8::1}); the input when it is not one. */
    public static String canonical(String text) {
        InetAddress a = parse(LabPlan.bare(text));
        if (a == null) {
            return text;
        }
        int slash = text.indexOf('/');
        return IpText.format(a) + (slash < 0 ? "" : text.substring(slash));
    }

    /** The prefix length of a CIDR, or the full length when it has none. */
    public static int prefixLength(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash >= 0) {
            return Integer.parseInt(cidr.substring(slash + 1));
        }
        return cidr.contains(":") ? 128 : 32;
    }

    /** Whether {@code address} lies in {@code prefix} (a CIDR); false across families. */
    public static boolean contains(String prefix, InetAddress address) {
        InetAddress net = parse(LabPlan.bare(prefix));
        if (net == null || address == null || net.getAddress().length != address.getAddress().length) {
            return false;
        }
        int bits = prefixLength(prefix);
        int width = net.getAddress().length * 8;
        BigInteger mask = BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE)
                .shiftRight(bits).xor(BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE));
        return new BigInteger(1, net.getAddress()).and(mask).equals(new BigInteger(1, address.getAddress()).and(mask));
    }

    /** The network of a CIDR: {@code 192.0.2.1/24} gives {@code 192.0.2.0/24}. */
    public static String network(String cidr) {
        InetAddress a = parse(LabPlan.bare(cidr));
        int bits = prefixLength(cidr);
        int width = a.getAddress().length * 8;
        BigInteger all = BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE);
        BigInteger mask = all.shiftRight(bits).xor(all);
        return IpText.format(toAddress(new BigInteger(1, a.getAddress()).and(mask), width)) + "/" + bits;
    }

    /** Host {@code n} of a prefix: {@code host("192.0.2.0/24", 2)} is {@code 192.0.2.2}. */
    public static String host(String prefix, long n) {
        InetAddress a = parse(LabPlan.bare(network(prefix)));
        int width = a.getAddress().length * 8;
        return IpText.format(toAddress(new BigInteger(1, a.getAddress()).add(BigInteger.valueOf(n)), width));
    }

    /** Whether a literal is IPv6 link-local (fe80::/10). */
    public static boolean isLinkLocal(String address) {
        InetAddress a = parse(LabPlan.bare(address));
        return a != null && a.isLinkLocalAddress() && !(a instanceof Inet4Address);
    }

    private static InetAddress toAddress(BigInteger value, int width) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[width / 8];
        for (int i = 0; i < out.length && i < raw.length; i++) {
            out[out.length - 1 - i] = raw[raw.length - 1 - i];
        }
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }
}
