package io.vrrpd.rehearse.builtin;

import io.vrrpd.lab.LabFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scenarios that come with the harness, as resources under
 * {@code io/vrrpd/rehearse/scenarios/NAME/} (a {@code scenario.yaml} and the blade configs and
 * scripts it names), listed in {@code io/vrrpd/rehearse/scenarios/index}: one line per scenario,
 * its name, then its files. {@code run NAME} copies a scenario's files into a fresh directory
 * (scripts executable) and runs it from there, exactly as a scenario on disk.
 */
public final class BuiltinScenarios {
    private static final String BASE = "/io/vrrpd/rehearse/scenarios/";

    private BuiltinScenarios() {
    }

    /** Every built-in scenario: name to its files, in index order. */
    public static Map<String, List<String>> index() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (InputStream in = BuiltinScenarios.class.getResourceAsStream(BASE + "index")) {
            if (in == null) {
                return out;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] words = l.split("\\s+");
                out.put(words[0], List.of(words).subList(1, words.length));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The built-in scenario {@code name}, copied into a fresh directory: the path of its scenario.yaml. */
    public static Optional<Path> extract(String name) {
        List<String> files = index().get(name);
        if (files == null) {
            return Optional.empty();
        }
        Path dir = LabFiles.newDir("scenario-" + name + "-");
        for (String f : files) {
            try (InputStream in = BuiltinScenarios.class.getResourceAsStream(BASE + name + "/" + f)) {
                if (in == null) {
                    throw new IllegalStateException("built-in scenario " + name + " lists " + f + ", which is not in the jar");
                }
                Path to = dir.resolve(f);
                Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
                if (f.endsWith(".sh")) {
                    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.of(dir.resolve("scenario.yaml"));
    }

    /** The first sentence of the scenario's description. */
    public static String summary(String name) {
        try (InputStream in = BuiltinScenarios.class.getResourceAsStream(BASE + name + "/scenario.yaml")) {
            String d = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(in).path("description").asText("");
            int end = d.indexOf(". ");
            return (end < 0 ? d : d.substring(0, end + 1)).strip();
        } catch (IOException | RuntimeException e) {
            return "(cannot read its scenario.yaml: " + e.getMessage() + ")";
        }
    }

    /** The names, in index order. */
    public static List<String> names() {
        return new ArrayList<>(index().keySet());
    }
}
