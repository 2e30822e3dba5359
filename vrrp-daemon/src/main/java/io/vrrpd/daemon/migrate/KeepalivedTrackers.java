package io.vrrpd.daemon.migrate;

import io.vrrpd.hooks.Durations;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * keepalived's tracking, converted to an instance's {@code track} list: {@code track_interface},
 * {@code track_script} (with its {@code vrrp_script}), {@code track_file} (with its
 * {@code vrrp_track_file}) and {@code track_process} (with its {@code vrrp_track_process}), each
 * with its weight. keepalived's weights mean what vrrpd's do (negative: added while failing;
 * positive: added while succeeding; none or 0: FAULT), so they carry over as written. What has
 * no vrrpd equivalent ({@code reverse}, a process quorum) is reported and the tracker left out.
 */
final class KeepalivedTrackers {
    /** A {@code vrrp_script}, {@code vrrp_track_file} or {@code vrrp_track_process}: its entry without the weight, and that weight. */
    private record Definition(String entry, Integer weight, Statement source) {
    }

    private final List<Reported> reported;
    private final Map<String, Definition> scripts = new HashMap<>();
    private final Map<String, Definition> files = new HashMap<>();
    private final Map<String, Definition> processes = new HashMap<>();

    KeepalivedTrackers(List<Reported> reported) {
        this.reported = reported;
    }

    /** Whether {@code s} is a top-level definition this class reads (read it before any instance). */
    boolean define(Statement s) {
        switch (s.keyword()) {
            case "vrrp_script" -> defineScript(s);
            case "vrrp_track_file" -> defineFile(s);
            case "vrrp_track_process" -> defineProcess(s);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** {@code track_interface { eth1 [weight N] }}: unweighted ones to {@code track-interfaces}, weighted ones to {@code track}. */
    void trackInterfaces(Statement block, KeepalivedConfig.Instance k) {
        if (!block.hasBlock()) {
            report(block, "expects a { } block of interface names; nothing converted");
            return;
        }
        for (Statement e : block.children()) {
            Integer weight = siteWeight(e, "track_interface");
            if (weight == null && e.args().contains("weight") || rejectsReverse(e, "track_interface")) {
                continue;
            }
            if (weight == null || weight == 0) {
                if (!k.track.contains(e.keyword())) {
                    k.track.add(e.keyword());
                }
            } else {
                k.trackers.add(new KeepalivedConfig.Track("{interface: " + VrrpdYaml.scalar(e.keyword()) + ", weight: "
                        + weight + "}", e.source(), "track_interface " + e.text()));
            }
        }
    }

    /** {@code track_script { NAME [weight N] }}. */
    void trackScripts(Statement block, KeepalivedConfig.Instance k) {
        track(block, k, "track_script", scripts, "vrrp_script");
    }

    /** {@code track_file { NAME [weight N] }}: keepalived's weight of a file is 1 unless given. */
    void trackFiles(Statement block, KeepalivedConfig.Instance k) {
        track(block, k, "track_file", files, "vrrp_track_file");
    }

    /** {@code track_process { NAME [weight N] }}. */
    void trackProcesses(Statement block, KeepalivedConfig.Instance k) {
        track(block, k, "track_process", processes, "vrrp_track_process");
    }

    private void track(Statement block, KeepalivedConfig.Instance k, String keyword, Map<String, Definition> defined,
                       String definition) {
        if (!block.hasBlock()) {
            report(block, "expects a { } block of " + definition + " names; nothing converted");
            return;
        }
        for (Statement e : block.children()) {
            Definition d = defined.get(e.keyword());
            if (d == null) {
                reported.add(new Reported(e.source(), keyword + " " + e.text(), "no " + definition + " " + e.keyword()
                        + " was converted (it is not defined, or was reported where it is); not converted"));
                continue;
            }
            Integer weight = siteWeight(e, keyword);
            if (weight == null && e.args().contains("weight") || rejectsReverse(e, keyword)) {
                continue;
            }
            int w = weight != null ? weight : d.weight() != null ? d.weight() : 0;
            String entry = w == 0 ? d.entry() : d.entry().substring(0, d.entry().length() - 1) + ", weight: " + w + "}";
            k.trackers.add(new KeepalivedConfig.Track(entry, e.source(), keyword + " " + e.text()));
        }
    }

    /** {@code vrrp_script NAME { script "..."; interval; timeout; weight; rise; fall; user }}. */
    private void defineScript(Statement s) {
        String name = named(s);
        if (name == null) {
            return;
        }
        List<String> command = null;
        String interval = null;
        String timeout = null;
        Integer weight = null;
        Integer rise = null;
        Integer fall = null;
        String user = null;
        for (Statement c : s.children()) {
            switch (c.keyword()) {
                case "script" -> command = words(c.args());
                case "interval" -> interval = seconds(c, 100, 3_600_000);
                case "timeout" -> timeout = seconds(c, 100, 3_600_000);
                case "weight" -> {
                    weight = integer(c, -253, 253);
                    if (c.args().contains("reverse")) {
                        report(c, "reverse has no vrrpd equivalent; " + name + " is not converted");
                        return;
                    }
                }
                case "rise" -> rise = integer(c, 1, 100);
                case "fall" -> fall = integer(c, 1, 100);
                case "user" -> {
                    user = c.args().isEmpty() ? null : c.args().get(0);
                    if (c.args().size() > 1) {
                        report(c, "the program runs with the user's own groups in vrrpd; the group is not carried over");
                    }
                }
                case "init_fail" -> { } // vrrpd counts a tracker not checked yet as failing anyway
                default -> report(c, "no vrrpd equivalent; not carried over");
            }
        }
        if (command == null || command.isEmpty()) {
            report(s, "has no script; not converted");
            return;
        }
        String process = processCheck(command);
        String entry;
        if (process != null) {
            entry = "{process: " + VrrpdYaml.scalar(process) + "}";
            reported.add(new Reported(s.source(), "vrrp_script " + name, "its script " + String.join(" ", command)
                    + " checks that a process runs: converted to a process tracker, which reads /proc instead of"
                    + " starting a program every interval"));
        } else if (!command.get(0).startsWith("/")) {
            report(s, "its script " + command.get(0) + " is found on keepalived's PATH; vrrpd runs programs by absolute"
                    + " path only: not converted (write the tracker with the program's full path)");
            return;
        } else {
            StringBuilder b = new StringBuilder("{exec: {command: [");
            b.append(String.join(", ", command.stream().map(a -> VrrpdYaml.scalar(a)).toList())).append(']');
            if (timeout != null) {
                b.append(", timeout: ").append(timeout);
            }
            if (user != null) {
                b.append(", user: ").append(VrrpdYaml.scalar(user));
            }
            b.append('}');
            b.append(", interval: ").append(interval == null ? "1s" : interval);
            if (rise != null) {
                b.append(", rise: ").append(rise);
            }
            if (fall != null) {
                b.append(", fall: ").append(fall);
            }
            entry = b.append('}').toString();
        }
        scripts.put(name, new Definition(entry, weight, s));
    }

    /** {@code vrrp_track_file NAME { file PATH; weight N }}: keepalived's default weight is 1. */
    private void defineFile(Statement s) {
        String name = named(s);
        if (name == null) {
            return;
        }
        String path = null;
        Integer weight = 1;
        for (Statement c : s.children()) {
            switch (c.keyword()) {
                case "file" -> path = c.args().isEmpty() ? null : c.args().get(0);
                case "weight" -> {
                    weight = integer(c, -253, 253);
                    if (c.args().contains("reverse")) {
                        report(c, "reverse has no vrrpd equivalent; " + name + " is not converted");
                        return;
                    }
                }
                case "init_file" -> report(c, "vrrpd does not create the file; a missing file counts as 0 (with a"
                        + " weight) or as failing (without one): create it before vrrpd starts");
                default -> report(c, "no vrrpd equivalent; not carried over");
            }
        }
        if (path == null || !path.startsWith("/")) {
            report(s, "has no absolute file path; not converted");
            return;
        }
        files.put(name, new Definition("{file: " + VrrpdYaml.scalar(path) + "}", weight == null ? 1 : weight, s));
    }

    /** {@code vrrp_track_process NAME { process NAME; weight N; quorum N }}. */
    private void defineProcess(Statement s) {
        String name = named(s);
        if (name == null) {
            return;
        }
        String process = null;
        Integer weight = null;
        for (Statement c : s.children()) {
            switch (c.keyword()) {
                case "process" -> {
                    process = c.args().isEmpty() ? null : c.args().get(0);
                    if (c.args().size() > 1) {
                        report(c, "vrrpd matches the process name only, not its arguments; not converted");
                        return;
                    }
                }
                case "weight" -> {
                    weight = integer(c, -253, 253);
                    if (c.args().contains("reverse")) {
                        report(c, "reverse has no vrrpd equivalent; " + name + " is not converted");
                        return;
                    }
                }
                case "quorum" -> {
                    if (!c.args().equals(List.of("1"))) {
                        report(c, "vrrpd asks for one process at least; a quorum of more is not converted");
                        return;
                    }
                }
                case "delay", "terminate_delay", "fork_delay" -> report(c, "vrrpd reads the process table every "
                        + Durations.format(io.vrrpd.daemon.track.Trackers.POLL) + " and has no delays; not carried over");
                default -> report(c, "no vrrpd equivalent; not carried over");
            }
        }
        if (process == null) {
            report(s, "names no process; not converted");
            return;
        }
        String base = process.substring(process.lastIndexOf('/') + 1);
        processes.put(name, new Definition("{process: " + VrrpdYaml.scalar(base) + "}", weight, s));
    }

    /** {@code killall -0 NAME}, {@code pidof NAME}, {@code pgrep [-x] NAME}: the process they look for, or null. */
    private static String processCheck(List<String> command) {
        String program = command.get(0).substring(command.get(0).lastIndexOf('/') + 1);
        List<String> args = command.subList(1, command.size());
        if (program.equals("killall") && args.size() == 2 && args.get(0).equals("-0")
                || program.equals("pgrep") && args.size() == 2 && args.get(0).equals("-x")) {
            return args.get(1);
        }
        if ((program.equals("pidof") || program.equals("pgrep")) && args.size() == 1 && !args.get(0).startsWith("-")) {
            return args.get(0);
        }
        return null;
    }

    /** The weight written after a tracked name ({@code eth1 weight -20}); null when none or invalid (reported). */
    private Integer siteWeight(Statement e, String keyword) {
        int w = e.args().indexOf("weight");
        if (w < 0) {
            return null;
        }
        String v = w + 1 < e.args().size() ? e.args().get(w + 1) : "";
        if (!v.matches("-?[0-9]{1,3}") || Math.abs(Integer.parseInt(v)) > 253) {
            reported.add(new Reported(e.source(), keyword + " " + e.text(), "weight " + v
                    + " is not an integer from -253 to 253; not converted"));
            return null;
        }
        return Integer.parseInt(v);
    }

    private boolean rejectsReverse(Statement e, String keyword) {
        if (e.args().contains("reverse")) {
            reported.add(new Reported(e.source(), keyword + " " + e.text(), "reverse has no vrrpd equivalent"
                    + " (a negative weight applies while failing, a positive one while succeeding); not converted"));
            return true;
        }
        return false;
    }

    private String named(Statement s) {
        if (s.args().isEmpty()) {
            report(s, "has no name; skipped");
            return null;
        }
        return s.args().get(0);
    }

    /** One quoted argument is split at spaces (keepalived splits it likewise); several are taken as they are. */
    private static List<String> words(List<String> args) {
        if (args.size() != 1) {
            return args;
        }
        List<String> words = new ArrayList<>();
        for (String w : args.get(0).trim().split("\\s+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    private Integer integer(Statement c, int min, int max) {
        String v = c.args().isEmpty() ? "" : c.args().get(0);
        if (!v.matches("-?[0-9]{1,9}") || Integer.parseInt(v) < min || Integer.parseInt(v) > max) {
            report(c, v + " is not an integer from " + min + " to " + max + "; not converted");
            return null;
        }
        return Integer.parseInt(v);
    }

    /** Seconds as keepalived writes them (decimals allowed), in vrrpd's form; null when out of range (reported). */
    private String seconds(Statement c, long minMs, long maxMs) {
        String v = c.args().isEmpty() ? "" : c.args().get(0);
        try {
            long ms = new BigDecimal(v).movePointRight(3).longValueExact();
            if (ms >= minMs && ms <= maxMs) {
                return Durations.format(Duration.ofMillis(ms));
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        report(c, v + " is not a number of seconds from " + Durations.format(Duration.ofMillis(minMs)) + " to "
                + Durations.format(Duration.ofMillis(maxMs)) + "; not converted");
        return null;
    }

    private void report(Statement s, String message) {
        reported.add(new Reported(s.source(), s.text(), message));
    }
}
