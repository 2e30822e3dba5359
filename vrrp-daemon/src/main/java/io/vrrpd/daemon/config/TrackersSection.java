package io.vrrpd.daemon.config;

import io.vrrpd.hooks.HookConfigProblem;
import io.vrrpd.hooks.builtin.ExecHookConfig;
import io.vrrpd.hooks.builtin.ExecHookProvider;
import io.vrrpd.hooks.kernel.InterfaceSelector;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an instance's {@code track} list and its shorthand {@code track-interfaces} (each name an
 * interface tracker without a weight) into one list of {@link TrackerConfig}. Each entry names
 * exactly one of {@code interface}, {@code file}, {@code process}, {@code exec}; an exec tracker's
 * program is judged as an exec hook's is (absolute path, trusted, user and capabilities).
 */
final class TrackersSection {
    private static final List<String> KINDS = List.of("interface", "file", "process", "exec");
    private static final List<String> EXEC_ONLY = List.of("interval", "rise", "fall");
    private static final String HINT = "{interface: eth1, weight: -60}, {file: /run/vrrpd/prio, weight: -1},"
            + " {process: haproxy}, {exec: {command: [/usr/local/bin/check]}, interval: 2s, rise: 2, fall: 3}";
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);

    private final Reading r;
    private final String instance;

    TrackersSection(Reading r, String instance) {
        this.r = r;
        this.instance = instance;
    }

    /** Both lists, {@code track-interfaces} first; null when any entry is invalid (each reported). */
    List<TrackerConfig> read(Node trackInterfaces, Node track) {
        List<TrackerConfig> result = new ArrayList<>();
        boolean ok = trackInterfaces.isMissing() || trackInterfaces.json().isArray();
        for (Node e : trackInterfaces.elements("a list of interface names, e.g. [eth1]")) {
            String name = e.text("an interface name");
            if (name == null || !r.requireInterface(e, new InterfaceSelector.ByName(name))) {
                ok = false;
            } else {
                result.add(new TrackerConfig.Interface(name, 0));
            }
        }
        ok &= track.isMissing() || track.json().isArray();
        for (Node e : track.elements("a list of trackers: " + HINT)) {
            TrackerConfig t = tracker(e);
            if (t == null) {
                ok = false;
            } else {
                result.add(t);
            }
        }
        return ok ? result : null;
    }

    private TrackerConfig tracker(Node n) {
        if (!n.expectObject(HINT)) {
            return null;
        }
        List<String> kinds = KINDS.stream().filter(k -> !n.field(k).isMissing()).toList();
        if (kinds.size() != 1) {
            n.problem(kinds.isEmpty() ? "a tracker names nothing to track"
                    : "a tracker names " + String.join(" and ", kinds) + "; one per entry",
                    "one of interface, file, process, exec");
            return null;
        }
        String kind = kinds.get(0);
        List<String> allowed = new ArrayList<>(List.of(kind, "weight"));
        if (kind.equals("exec")) {
            allowed.addAll(EXEC_ONLY);
        }
        n.onlyFields(allowed);
        Integer weight = n.field("weight").intIn(-TrackerConfig.MAX_WEIGHT, TrackerConfig.MAX_WEIGHT, 0);
        Node what = n.field(kind);
        TrackerConfig t = switch (kind) {
            case "interface" -> {
                String name = what.text("an interface name, e.g. eth1");
                yield name != null && r.requireInterface(what, new InterfaceSelector.ByName(name)) && weight != null
                        ? new TrackerConfig.Interface(name, weight) : null;
            }
            case "file" -> {
                Path p = absolutePath(what, "a file's absolute path, e.g. /run/vrrpd/gw4.prio");
                yield p != null && weight != null ? new TrackerConfig.File(p, weight) : null;
            }
            case "process" -> {
                String name = what.text("a process name as ps -e shows it, e.g. haproxy");
                if (name != null && (name.contains("/") || name.length() > 255)) {
                    what.problem(what.shown() + " is not a process name", "a name without /, e.g. haproxy");
                    name = null;
                }
                yield name != null && weight != null ? new TrackerConfig.Process(name, weight) : null;
            }
            default -> exec(n, what, weight);
        };
        return t;
    }

    private TrackerConfig exec(Node n, Node what, Integer weight) {
        Duration interval = n.field("interval").duration(TrackerConfig.Exec.DEFAULT_INTERVAL, MIN_INTERVAL, MAX_INTERVAL);
        Integer rise = n.field("rise").intIn(1, 100, TrackerConfig.Exec.DEFAULT_RISE);
        Integer fall = n.field("fall").intIn(1, 100, TrackerConfig.Exec.DEFAULT_FALL);
        if (!what.expectObject("{command: [/usr/local/bin/check-lb], timeout: 2s, user: nobody}")) {
            return null;
        }
        int before = r.problems.count();
        ExecHookConfig exec = ExecFields.read(what, List.of(instance), List.of());
        if (r.problems.count() != before) {
            return null;
        }
        if (what.field("timeout").isMissing() && interval != null) {
            // a tracker's program may run until its next turn, as keepalived's script timeout defaults to its interval
            exec = new ExecHookConfig(exec.instances(), exec.syncGroups(), exec.command(),
                    interval.compareTo(ExecHookConfig.DEFAULT_TIMEOUT) < 0 ? interval : ExecHookConfig.DEFAULT_TIMEOUT,
                    exec.user(), exec.capabilities());
        }
        ExecHookProvider judge = new ExecHookProvider();
        List<HookConfigProblem> problems = judge.validate(exec, List.of());
        if (problems.isEmpty()) {
            if (r.host.offline()) {
                r.skipped(SkippedCheck.PROGRAMS, what.field("command").element(0), exec.command().get(0));
            } else {
                problems = judge.checkOnHost(exec, r.interfaces());
            }
        }
        for (HookConfigProblem p : problems) {
            at(what, p.path()).problem(p.message(), p.expected());
        }
        if (!problems.isEmpty() || interval == null || rise == null || fall == null || weight == null) {
            return null;
        }
        if (exec.timeout().compareTo(interval) > 0) {
            what.field("timeout").problem("the program may run " + io.vrrpd.hooks.Durations.format(exec.timeout())
                    + ", longer than the tracker's interval", "a timeout no longer than interval ("
                    + io.vrrpd.hooks.Durations.format(interval) + ")");
            return null;
        }
        return new TrackerConfig.Exec(exec, interval, rise, fall, weight);
    }

    private static Path absolutePath(Node n, String hint) {
        String s = n.text(hint);
        if (s == null) {
            return null;
        }
        if (!s.startsWith("/")) {
            n.problem(n.shown() + " is not an absolute path", hint);
            return null;
        }
        return Path.of(s);
    }

    /** {@code command[0]} under {@code n}. */
    private static Node at(Node n, String path) {
        int bracket = path.indexOf('[');
        Node at = n.field(bracket < 0 ? path : path.substring(0, bracket));
        return bracket < 0 ? at : at.element(Integer.parseInt(path.substring(bracket + 1, path.length() - 1)));
    }
}
