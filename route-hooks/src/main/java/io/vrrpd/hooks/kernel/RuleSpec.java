package io.vrrpd.hooks.kernel;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.IpText;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A policy routing rule that sends what it matches to a table ({@code ip rule add from X to Y
 * table T priority P}): what {@link Kernel#addRule} installs and {@link Kernel#deleteRule}
 * removes, and what the kernel reports back.
 *
 * @param family     the rule's address family; {@code from} and {@code to}, when given, are of it
 * @param from       source prefix's network address, or null for any source
 * @param fromLength its length (0 when {@code from} is null)
 * @param to         destination prefix's network address, or null for any destination
 * @param toLength   its length (0 when {@code to} is null)
 * @param table      the table looked up, 1..2^32-1
 * @param priority   FRA_PRIORITY, the order of the rule (lower first); 0: none given, the kernel picks one just
 *                   before the first rule after its {@code local} rule, and any priority matches on delete
 * @param protocol   FRA_PROTOCOL; {@link RouteSpec#PROTOCOL_VRRPD} marks rules this daemon installed
 */
public record RuleSpec(AddressFamily family, InetAddress from, int fromLength, InetAddress to, int toLength, int table,
                       int priority, int protocol) {
    public RuleSpec {
        Objects.requireNonNull(family, "family");
        checkPrefix(family, from, fromLength, "from");
        checkPrefix(family, to, toLength, "to");
        if (table == 0) {
            throw new IllegalArgumentException("table 0 (expected: 1..4294967295, 254 is main)");
        }
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol " + protocol + " (expected: 0..255)");
        }
    }

    private static void checkPrefix(AddressFamily family, InetAddress a, int length, String what) {
        if (a == null) {
            if (length != 0) {
                throw new IllegalArgumentException(what + " length " + length + " without an address (expected: 0)");
            }
            return;
        }
        if (AddressFamily.of(a) != family) {
            throw new IllegalArgumentException(what + " " + IpText.format(a) + " in an " + family.configName()
                    + " rule (expected: the rule's family)");
        }
        int max = family == AddressFamily.IPV6 ? 128 : 32;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException(what + " length " + length + " (expected: 0.." + max + ")");
        }
    }

    /** Whether vrrpd installed this rule (its protocol tag is {@link RouteSpec#PROTOCOL_VRRPD}). */
    public boolean installedByVrrpd() {
        return protocol == RouteSpec.PROTOCOL_VRRPD;
    }

    @Override
    public String toString() {
        return (from == null ? "from all" : "from " + IpText.format(from) + "/" + fromLength)
                + (to == null ? "" : " to " + IpText.format(to) + "/" + toLength)
                + " table " + Integer.toUnsignedString(table) + (priority == 0 ? "" : " priority " + Integer.toUnsignedString(priority))
                + " proto " + protocol + (family == AddressFamily.IPV6 ? " (ipv6)" : "");
    }
}
