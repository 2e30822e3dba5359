package io.vrrpd.hooks.kernel.rtnetlink;

import io.vrrpd.hooks.kernel.KernelException;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.hooks.testlab.Lab;
import org.junit.jupiter.api.Assumptions;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Two hosts, {@code a} and {@code b}, joined by a veth pair ({@code eth0} on each side), with
 * an rtnetlink handle opened inside {@code a}. {@code ip -j} is the independent observer.
 */
final class KernelLab implements AutoCloseable {

    final Lab lab;
    final String a;
    final String b;
    final RtNetlinkKernel kernel;

    private KernelLab(Lab lab, String a, String b, RtNetlinkKernel kernel) {
        this.lab = lab;
        this.a = a;
        this.b = b;
        this.kernel = kernel;
    }

    static KernelLab create() throws KernelException {
        Lab lab = Lab.create("kn");
        try {
            Assumptions.assumeTrue(RtNetlink.isAvailable(), () -> "rtnetlink unavailable: " + RtNetlink.unavailabilityCause());
            String a = lab.addHost("a", false);
            String b = lab.addHost("b", false);
            lab.veth(a, "eth0", b, "eth0");
            return new KernelLab(lab, a, b, RtNetlinkKernel.openIn(a));
        } catch (RuntimeException | KernelException | Error e) {
            lab.close();
            throw e;
        }
    }

    /** {@code ip -j ARGS} inside {@code ns}, parsed; an empty array when ip printed nothing. */
    JsonNode ip(String ns, String... args) {
        return lab.ipJson(ns, args);
    }

    /** Runs a plain command in {@code ns} (fails the test when it fails). */
    String sh(String ns, String... cmd) {
        return lab.in(ns, cmd);
    }

    int ifindex(String ns, String name) {
        return ip(ns, "link", "show", "dev", name).get(0).get("ifindex").asInt();
    }

    String mac(String ns, String name) {
        return ip(ns, "link", "show", "dev", name).get(0).get("address").asText();
    }

    static InetAddress addr(String text) {
        try {
            return InetAddress.getByName(text); // literals only: no resolver is consulted
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Override
    public void close() {
        try {
            kernel.close();
        } catch (KernelException ignored) {
            // the namespace goes anyway
        } finally {
            lab.close();
        }
    }
}
