package io.vrrpd.rehearse.run;

import io.vrrpd.hooks.kernel.rtnetlink.NetNamespace;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.ClientProbe;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.KeepalivedPeer;
import io.vrrpd.lab.VrrpdPeer;
import io.vrrpd.rehearse.lab.LabDerivation;
import io.vrrpd.rehearse.scenario.Action;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code show} step: what an operator at the blade would look at. The real
 * {@code vrrpctl status} (keepalived: the state each instance last entered), the blade's default
 * routes ({@code ip route show default}), log lines and Prometheus metrics lines matching a
 * pattern (metrics from the address the blade's {@code --metrics} argument names, inside its
 * namespace), and whether the client reaches the upstream targets.
 */
final class Show {
    private static final Pattern LOG_PREFIX = Pattern.compile("^\\S+ +[A-Z]+ +\\[[^]]+] ");

    private final PrintStream out;
    private final BladeLab lab;
    private final LabDerivation.Derived derived;

    Show(PrintStream out, BladeLab lab, LabDerivation.Derived derived) {
        this.out = out;
        this.lab = lab;
        this.derived = derived;
    }

    void show(BladeRuntime b, Action.Show s) {
        if (s.status()) {
            out.println("    --- status of " + b.name());
            if (b.peer() instanceof VrrpdPeer v) {
                indent(v.vrrpctl("status"));
            } else if (b.peer() instanceof KeepalivedPeer k) {
                k.states().forEach((i, st) -> out.println("      " + i + "  " + st));
            }
        }
        if (s.routes()) {
            out.println("    --- default routes of " + b.name());
            indent(lab.in(b.namespace(), "ip", "route", "show", "default") + lab.in(b.namespace(), "ip", "-6", "route", "show", "default"));
        }
        if (s.log() != null && b.logFile() != null) {
            out.println("    --- " + b.name() + "'s log, lines matching " + s.log().pattern());
            try {
                List<String> lines = Files.readAllLines(b.logFile()).stream().filter(l -> s.log().matcher(l).find())
                        .map(l -> LOG_PREFIX.matcher(l).replaceFirst("")).toList();
                lines.subList(Math.max(0, lines.size() - 8), lines.size()).forEach(l -> out.println("      " + l));
            } catch (IOException e) {
                out.println("      (no log: " + e.getMessage() + ")");
            }
        }
        if (s.metrics() != null) {
            out.println("    --- a Prometheus scrape of " + b.name() + ", lines matching " + s.metrics().pattern());
            String text = scrape(b);
            text.lines().filter(l -> !l.startsWith("#") && s.metrics().matcher(l).find()).sorted()
                    .forEach(l -> out.println("      " + l));
        }
        if (s.client()) {
            for (Family f : derived.topology().probedFamilies()) {
                String target = derived.plan().upstream().target(f);
                String via = derived.topology().clientGateway(f);
                boolean ok = ClientProbe.reachable(lab.client(), f, target);
                out.println("    client " + (ok ? "reaches " : "does NOT reach ") + target + " through " + via);
            }
        }
    }

    private void indent(String text) {
        text.lines().forEach(l -> out.println("      " + l));
    }

    /** GET /metrics from the address of the blade's {@code --metrics HOST:PORT}, inside its namespace. */
    private String scrape(BladeRuntime b) {
        String address = b.metricsAddress();
        if (address == null) {
            return "(the blade runs without --metrics HOST:PORT)";
        }
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        try {
            return NetNamespace.callIn(b.namespace(), () -> {
                try (Socket sock = new Socket()) {
                    sock.connect(new InetSocketAddress(host, port), 2000);
                    sock.setSoTimeout(5000);
                    sock.getOutputStream().write(("GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    try (InputStream in = sock.getInputStream()) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            });
        } catch (Exception e) {
            return "(no metrics answered: " + e.getMessage() + ")";
        }
    }
}
