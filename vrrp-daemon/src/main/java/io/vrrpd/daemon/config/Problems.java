package io.vrrpd.daemon.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects problems for one file and knows where every key and value of it starts, so a
 * problem found long after parsing (a semantic check) still gets its line and column.
 * Locations are keyed by JSON pointer ({@code /instances/gw4/vrid}). Public, with {@link Node},
 * for the project's other YAML files (the rehearsal harness's scenarios).
 */
public final class Problems {

    private record Location(int line, int column) {}

    private final Path file;
    private final Map<String, Location> keys = new HashMap<>();
    private final Map<String, Location> values = new HashMap<>();
    private final List<ConfigProblem> problems = new ArrayList<>();

    public Problems(Path file) {
        this.file = file;
    }

    /**
     * Records where each key and value of {@code text} starts, and reports duplicate keys
     * (YAML keeps the last silently, which hides a second instance of the same name) and
     * aliases (Jackson does not resolve them), and zero-padded integers (YAML 1.1 octal).
     */
    public void scan(String text, YAMLFactory factory) throws IOException {
        try (JsonParser p = factory.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                JsonStreamContext c = p.getParsingContext();
                JsonLocation l = p.currentTokenLocation();
                Location here = new Location(l.getLineNr(), l.getColumnNr());
                switch (t) {
                    case FIELD_NAME -> {
                        String pointer = c.pathAsPointer().toString();
                        if (keys.putIfAbsent(pointer, here) != null) {
                            problems.add(new ConfigProblem(file, Paths.fromPointer(pointer), here.line, here.column,
                                    "duplicate key \"" + p.currentName() + "\" (the later one would win silently)",
                                    "each key once per mapping"));
                        }
                    }
                    case START_OBJECT, START_ARRAY -> values.put(c.getParent().pathAsPointer().toString(), here);
                    case END_OBJECT, END_ARRAY -> { }
                    default -> {
                        String pointer = c.pathAsPointer().toString();
                        values.put(pointer, here);
                        if (t == JsonToken.VALUE_NUMBER_INT && p.getText().matches("[-+]?0[0-7_]+")) {
                            // YAML 1.1 reads 010 as octal 8: a zero-padded VRID would silently differ
                            problems.add(new ConfigProblem(file, Paths.fromPointer(pointer), here.line,
                                    here.column, isSecret(pointer) ? "a zero-padded number is octal in YAML"
                                            : p.getText() + " is octal in YAML (it means " + p.getValueAsLong() + ")",
                                    "a decimal number without leading zeros"));
                        }
                        if (p instanceof YAMLParser y && y.isCurrentAlias()) {
                            // Jackson reads an alias as the anchor's name, a string: refuse it
                            // rather than let "*defaults" stand in for a mapping or a number
                            problems.add(new ConfigProblem(file, Paths.fromPointer(pointer), here.line,
                                    here.column, "YAML alias *" + p.getText() + " is not supported",
                                    "the value written out in full"));
                        }
                    }
                }
            }
        }
    }

    /** Whether the value at {@code pointer} is a secret (a VRRPv2 password), never shown in a problem. */
    static boolean isSecret(String pointer) {
        return pointer.endsWith("/authentication/password");
    }

    /**
     * {@link #scan}s {@code text} and parses it with {@code mapper}; returns the tree, or null
     * when it is not YAML (that problem is recorded at the line and column the parser names).
     */
    public JsonNode readTree(String text, YAMLMapper mapper) {
        try {
            scan(text, mapper.getFactory());
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            atLocation("", l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                    "not valid YAML: " + withoutSource(e.getOriginalMessage()), "");
        } catch (IOException e) {
            atFile("cannot parse: " + e, "");
        }
        return null;
    }

    /**
     * The YAML reader's message without the lines of the file it quotes (each {@code in 'reader',
     * line N, column M:} is followed by the line and a caret): the location is given anyway, and
     * the quoted line could hold a password.
     */
    static String withoutSource(String message) {
        if (message == null) {
            return "";
        }
        List<String> kept = new java.util.ArrayList<>();
        String[] lines = message.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith(" in '")) {
                i += 2;   // the quoted line and its caret
            } else if (!lines[i].isBlank()) {
                kept.add(lines[i].strip());
            }
        }
        return String.join("; ", kept);
    }

    /** The line where the key (else the value) at {@code pointer} starts; 0 when unknown. */
    public int lineOf(String pointer) {
        Location l = keys.getOrDefault(pointer, values.get(pointer));
        return l == null ? 0 : l.line;
    }

    /** A problem with the value at {@code pointer} (falling back to its key, then its parents). */
    public void atValue(String pointer, String path, String message, String hint) {
        add(pointer, path, message, hint, values, keys);
    }

    /** A problem with the key at {@code pointer} (an unknown or misplaced field). */
    public void atKey(String pointer, String path, String message, String hint) {
        add(pointer, path, message, hint, keys, values);
    }

    /** A problem with no place in the file (unreadable file, empty document). */
    public void atFile(String message, String hint) {
        problems.add(new ConfigProblem(file, "", 0, 0, message, hint));
    }

    public void atLocation(String path, int line, int column, String message, String hint) {
        problems.add(new ConfigProblem(file, path, line, column, message, hint));
    }

    private void add(String pointer, String path, String message, String hint,
            Map<String, Location> first, Map<String, Location> second) {
        String p = pointer;
        Location l = first.getOrDefault(p, second.get(p));
        while (l == null && !p.isEmpty()) {
            // a missing field: point at the key of the mapping it is missing from
            p = p.substring(0, p.lastIndexOf('/'));
            l = keys.getOrDefault(p, values.get(p));
        }
        problems.add(new ConfigProblem(file, path, l == null ? 0 : l.line, l == null ? 0 : l.column, message, hint));
    }

    public int count() {
        return problems.size();
    }

    /** The paths of the problems reported after the first {@code count}. */
    List<String> pathsSince(int count) {
        return problems.subList(count, problems.size()).stream().map(ConfigProblem::path).toList();
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public Path file() {
        return file;
    }

    /** Every problem in file order; those without a location last. */
    public List<ConfigProblem> sorted() {
        List<ConfigProblem> result = new ArrayList<>(problems);
        result.sort(Comparator.comparingInt((ConfigProblem c) -> c.line() == 0 ? Integer.MAX_VALUE : c.line())
                .thenComparingInt(ConfigProblem::column));
        return List.copyOf(result);
    }
}
