package io.vrrpd.rehearse.lab;

import io.vrrpd.core.IpText;
import io.vrrpd.daemon.config.ConfigProblem;
import io.vrrpd.daemon.migrate.KeepalivedParser;
import io.vrrpd.daemon.migrate.KeepalivedSyntaxException;
import io.vrrpd.daemon.migrate.Statement;
import io.vrrpd.lab.Addresses;
import io.vrrpd.lab.Family;
import io.vrrpd.rehearse.scenario.Daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A keepalived.conf as the lab sees it, read with the project's keepalived parser (the one
 * {@code vrrpctl import-keepalived} uses): each {@code vrrp_instance}'s interface,
 * {@code virtual_router_id} and {@code virtual_ipaddress}, and the default routes of
 * {@code virtual_routes}. keepalived itself runs the file as it is; what the parser does not
 * need (scripts, tracking, timers) is left to keepalived.
 */
final class KeepalivedConfigFacts {
    private static final Set<String> DEFAULTS = Set.of("default", "0.0.0.0/0", "::/0", "default6");

    private KeepalivedConfigFacts() {
    }

    static BladeConfig read(Path file, List<ConfigProblem> problems) {
        KeepalivedParser.Parsed parsed;
        try {
            parsed = KeepalivedParser.parse(file);
        } catch (KeepalivedSyntaxException e) {
            problems.add(new ConfigProblem(file, "", e.source() == null ? 0 : e.source().line(), 0,
                    e.getMessage().replaceFirst("^\\S+:\\d+: ", ""), "keepalived.conf syntax"));
            return null;
        }
        List<BladeConfig.Instance> instances = new ArrayList<>();
        List<String> gateways = new ArrayList<>();
        String uplink = null;
        for (Statement s : parsed.statements()) {
            if (!s.keyword().equals("vrrp_instance")) {
                continue;
            }
            String name = s.args().isEmpty() ? "?" : s.args().get(0);
            String where = "vrrp_instance " + name;
            String ifname = null;
            Integer vrid = null;
            List<String> vips = new ArrayList<>();
            for (Statement c : s.children()) {
                switch (c.keyword()) {
                    case "interface" -> ifname = c.args().isEmpty() ? null : c.args().get(0);
                    case "virtual_router_id" -> vrid = parseVrid(c, file, where, problems);
                    case "virtual_ipaddress", "virtual_ipaddress_excluded" -> {
                        for (Statement v : c.children()) {
                            String cidr = v.keyword();
                            if (Addresses.parse(io.vrrpd.lab.LabPlan.bare(cidr)) == null) {
                                problems.add(problem(file, v, where + "." + c.keyword(),
                                        "\"" + cidr + "\" is not an address", "an address, e.g. 192.0.2.1/24"));
                            } else {
                                vips.add(cidr.contains("/") ? Addresses.canonical(cidr)
                                        : Addresses.canonical(cidr) + (cidr.contains(":") ? "/128" : "/32"));
                            }
                        }
                    }
                    case "virtual_routes" -> {
                        for (Statement r : c.children()) {
                            List<String> w = new ArrayList<>(List.of(r.keyword()));
                            w.addAll(r.args());
                            int via = w.indexOf("via");
                            int dev = w.indexOf("dev");
                            boolean isDefault = DEFAULTS.contains(w.get(0)) || (w.get(0).equals("to") && w.size() > 1
                                    && DEFAULTS.contains(w.get(1)));
                            if (isDefault && via >= 0 && via + 1 < w.size() && Addresses.parse(w.get(via + 1)) != null) {
                                String gw = IpText.format(Addresses.parse(w.get(via + 1)));
                                if (gateways.stream().noneMatch(o -> Family.of(o) == Family.of(gw))) {
                                    gateways.add(gw);
                                }
                                if (uplink == null && dev >= 0 && dev + 1 < w.size()) {
                                    uplink = w.get(dev + 1);
                                }
                            }
                        }
                    }
                    default -> {
                    }
                }
            }
            if (ifname == null) {
                problems.add(problem(file, s, where, "no interface", "interface NAME in the vrrp_instance"));
            }
            if (vrid == null && s.children().stream().noneMatch(c -> c.keyword().equals("virtual_router_id"))) {
                problems.add(problem(file, s, where, "no virtual_router_id", "virtual_router_id 1-255"));
            }
            if (vips.isEmpty()) {
                problems.add(problem(file, s, where, "no virtual_ipaddress", "at least one virtual address"));
            }
            if (ifname != null && vrid != null && !vips.isEmpty()) {
                instances.add(new BladeConfig.Instance(name, Family.of(vips.get(0)), ifname, null, vrid, vips));
            }
        }
        if (instances.isEmpty() && problems.isEmpty()) {
            problems.add(new ConfigProblem(file, "", 0, 0, "no vrrp_instance", "at least one vrrp_instance"));
        }
        return new BladeConfig(file, Daemon.KEEPALIVED, instances, gateways, uplink);
    }

    private static Integer parseVrid(Statement c, Path file, String where, List<ConfigProblem> problems) {
        try {
            int v = Integer.parseInt(c.args().get(0));
            if (v >= 1 && v <= 255) {
                return v;
            }
        } catch (RuntimeException e) {
            // reported below
        }
        problems.add(problem(file, c, where + ".virtual_router_id", "\"" + c.text() + "\" is not a VRID", "1-255"));
        return null;
    }

    private static ConfigProblem problem(Path file, Statement s, String path, String message, String hint) {
        return new ConfigProblem(s.source().file() != null ? s.source().file() : file, path, s.source().line(), 0,
                message, hint);
    }
}
