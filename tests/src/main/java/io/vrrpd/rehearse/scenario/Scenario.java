package io.vrrpd.rehearse.scenario;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rehearsal, read and checked: the blades with their configs, the steps in order, and what
 * must hold. Built only by {@link ScenarioReader}.
 *
 * @param name        the scenario's name (the file's, when it gives none)
 * @param description one paragraph for the report, or empty
 * @param file        the scenario file
 * @param lab         the {@code lab:} section, defaults filled in
 * @param blades      by name, in file order
 * @param steps       in order
 * @param expect      what must hold over the whole run
 */
public record Scenario(String name, String description, Path file, LabSettings lab, Map<String, BladeSpec> blades,
                       List<Step> steps, Expectations expect) {
    public Scenario {
        blades = Collections.unmodifiableMap(new LinkedHashMap<>(blades));
        steps = List.copyOf(steps);
    }
}
