package io.vrrpd.daemon.config;

import io.vrrpd.core.IpText;
import io.vrrpd.hooks.Durations;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A cursor on one value of the parsed YAML tree that knows its path, and typed readers that
 * report a problem (instead of throwing) and return the default or null, so that reading goes
 * on and every problem in the file is found in one pass. Public for the other YAML files of the
 * project (the rehearsal harness's scenarios), so they report problems the way a config does.
 */
public final class Node {

    private final JsonNode json;
    private final String path;
    private final String pointer;
    private final Problems problems;

    Node(JsonNode json, String path, String pointer, Problems problems) {
        this.json = json;
        this.path = path;
        this.pointer = pointer;
        this.problems = problems;
    }

    public static Node root(JsonNode json, Problems problems) {
        return new Node(json, "", "", problems);
    }

    public String path() {
        return path;
    }

    public String pointer() {
        return pointer;
    }

    public JsonNode json() {
        return json;
    }

    Problems problems() {
        return problems;
    }

    /** Absent, or written with no value ({@code vrid:}). */
    public boolean isMissing() {
        return json == null || json.isMissingNode() || json.isNull();
    }

    public Node field(String name) {
        JsonNode child = json == null ? null : json.get(name);
        return new Node(child, path.isEmpty() ? name : path + "." + name,
                pointer + "/" + Paths.escape(name), problems);
    }

    public Node element(int index) {
        JsonNode child = json == null ? null : json.get(index);
        return new Node(child, path + "[" + index + "]", pointer + "/" + index, problems);
    }

    public void problem(String message, String hint) {
        problems.atValue(pointer, path, message, hint);
    }

    public void keyProblem(String message, String hint) {
        problems.atKey(pointer, path, message, hint);
    }

    /** The scalar as the user wrote it, for messages: {@code 300}, {@code "100"}. */
    public String shown() {
        if (json == null) {
            return "nothing";
        }
        if (json.isTextual()) {
            return "\"" + json.asText() + "\"";
        }
        if (json.isContainerNode()) {
            return json.isObject() ? "a mapping" : "a list";
        }
        return json.asText();
    }

    /** The child {@code name}, reported as a missing required field when it is absent. */
    public Node requiredField(String name) {
        Node n = field(name);
        if (n.isMissing()) {
            n.required();
        }
        return n;
    }

    /** Reports {@code field is required} at this (missing) node. */
    public void required() {
        problem("missing required field", "");
    }

    /** True when this is a mapping; otherwise (present but not one) reports it. */
    public boolean expectObject(String hint) {
        if (isMissing()) {
            return false;
        }
        if (!json.isObject()) {
            problem(shown() + " is not a mapping", hint);
            return false;
        }
        return true;
    }

    /** Reports every key of this mapping not in {@code allowed} (listed in its order), each at its own line. */
    public void onlyFields(Collection<String> allowed) {
        if (json == null || !json.isObject()) {
            return;
        }
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                List<String> close = Names.closest(name, allowed);
                field(name).keyProblem("unknown field \"" + name + "\""
                                + (close.isEmpty() ? "" : "; did you mean " + String.join(", ", close) + "?"),
                        "one of " + String.join(", ", allowed));
            }
        }
    }

    /** The keys of this mapping in file order, as nodes. */
    public List<Map.Entry<String, Node>> entries() {
        List<Map.Entry<String, Node>> result = new ArrayList<>();
        if (json != null && json.isObject()) {
            json.fieldNames().forEachRemaining(n -> result.add(Map.entry(n, field(n))));
        }
        return result;
    }

    /** The elements of this list; a missing list is empty, a non-list is reported. */
    public List<Node> elements(String hint) {
        List<Node> result = new ArrayList<>();
        if (isMissing()) {
            return result;
        }
        if (!json.isArray()) {
            problem(shown() + " is not a list", hint);
            return result;
        }
        for (int i = 0; i < json.size(); i++) {
            result.add(element(i));
        }
        return result;
    }

    /** A string scalar, or null (reported when present but not a string). */
    public String text(String hint) {
        if (isMissing()) {
            return null;
        }
        if (!json.isTextual() || json.asText().isEmpty()) {
            problem(shown() + " is not a " + (json.isTextual() ? "non-empty " : "") + "string", hint);
            return null;
        }
        return json.asText();
    }

    /** An integer within [min, max], {@code dflt} when missing, null when invalid. */
    public Long integer(long min, long max, Long dflt) {
        if (isMissing()) {
            return dflt;
        }
        String range = min + "-" + max;
        if (!json.isIntegralNumber()) {
            problem(shown() + " is not an integer", range);
            return null;
        }
        if (!json.canConvertToLong() || json.asLong() < min || json.asLong() > max) {
            problem(json.asText() + " is out of range", range);
            return null;
        }
        return json.asLong();
    }

    /** Any integer, null when missing or not one (reported): for values whose range a hook's rules judge. */
    public Long integer() {
        return integer(Long.MIN_VALUE, Long.MAX_VALUE, null);
    }

    /** Any {@code int}, null when missing or not one (reported). */
    public Integer anyInt() {
        return intIn(Integer.MIN_VALUE, Integer.MAX_VALUE, null);
    }

    public Integer intIn(int min, int max, Integer dflt) {
        Long v = integer(min, max, dflt == null ? null : dflt.longValue());
        return v == null ? null : v.intValue();
    }

    /** A boolean, null when missing or not one (reported). */
    public Boolean bool() {
        return isMissing() ? null : bool(false);
    }

    public Boolean bool(boolean dflt) {
        if (isMissing()) {
            return dflt;
        }
        if (!json.isBoolean()) {
            problem(shown() + " is not a boolean", "true or false");
            return null;
        }
        return json.asBoolean();
    }

    /** A duration within [min, max], {@code dflt} when missing, null when invalid. */
    public Duration duration(Duration dflt, Duration min, Duration max) {
        if (isMissing()) {
            return dflt;
        }
        Duration d = duration();
        if (d != null && (d.compareTo(min) < 0 || d.compareTo(max) > 0)) {
            problem(json.asText() + " is out of range", Durations.format(min) + " to " + Durations.format(max));
            return null;
        }
        return d;
    }

    /** Any duration, null when missing or not one (reported): for values whose range a hook's rules judge. */
    public Duration duration() {
        if (isMissing()) {
            return null;
        }
        Optional<Duration> d = json.isTextual() ? Durations.parse(json.asText()) : Optional.empty();
        if (d.isEmpty()) {
            problem("\"" + json.asText() + "\" is not a duration", Durations.EXAMPLES);
            return null;
        }
        return d.get();
    }

    /** One of the keys of {@code choices}, {@code dflt} when missing, null when invalid. */
    public <E> E choice(Map<String, E> choices, E dflt) {
        if (isMissing()) {
            return dflt;
        }
        E e = json.isTextual() ? choices.get(json.asText()) : null;
        if (e == null) {
            problem(shown() + " is not a valid choice", "one of " + String.join(", ", new TreeSet<>(choices.keySet())));
        }
        return e;
    }

    /**
     * A constant of {@code type} written as its lower-case name ({@code DEMOTE} as {@code demote},
     * {@code ON_BACKUP} as {@code on-backup}), null when missing or not one (reported).
     */
    public <E extends Enum<E>> E choice(Class<E> type) {
        Map<String, E> byName = new java.util.LinkedHashMap<>();
        for (E e : type.getEnumConstants()) {
            byName.put(e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), e);
        }
        return choice(byName, null);
    }

    /** An IP address literal (no DNS), null when missing or invalid. */
    public InetAddress ip() {
        String s = text("an IP address, e.g. 198.51.100.1 or 2001:db8::1");
        if (s == null) {
            return null;
        }
        Optional<InetAddress> a = IpText.parse(s);
        if (a.isEmpty()) {
            problem(shown() + " is not an IP address", "an IP address, e.g. 198.51.100.1 or 2001:db8::1");
            return null;
        }
        return a.get();
    }
}
