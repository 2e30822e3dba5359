package io.vrrpd.daemon.control;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The commands of the control protocol (docs/control-socket.md), each with the role it needs and
 * the arguments it takes. Arguments are checked strictly: an unknown or misspelled name is an
 * error, so a typo can never widen what a command does.
 */
public enum ControlCommand {
    STATUS("status", ControlRole.READ, false),
    WATCH("watch", ControlRole.READ, false),
    DRAIN("drain", ControlRole.ACT, true),
    UNDRAIN("undrain", ControlRole.ACT, true),
    /** {@code vrrpd --take-over}, first step: the running daemon's state, to be adopted; nothing changes. */
    HAND_OVER("hand-over", ControlRole.ACT, false),
    /**
     * {@code vrrpd --take-over}, last step: the running daemon stops without priority 0, leaving the
     * VIPs and routes of the {@code adopted} instances in the kernel, releases the others as on
     * SIGTERM, and exits 0.
     */
    RETIRE("retire", ControlRole.ACT, false);

    private static final List<String> SELECTION_ARGS = List.of("instances", "all");
    private static final String ADOPTED_ARG = "adopted";

    private final String wireName;
    private final ControlRole role;
    private final boolean selects;

    ControlCommand(String wireName, ControlRole role, boolean selects) {
        this.wireName = wireName;
        this.role = role;
        this.selects = selects;
    }

    /** The name in a request's {@code command}. */
    public String wireName() {
        return wireName;
    }

    public ControlRole role() {
        return role;
    }

    /** The command called {@code name}, if there is one. */
    public static Optional<ControlCommand> named(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName.equals(name)).findFirst();
    }

    /** {@code status, watch, drain, undrain, hand-over, retire}: for error messages. */
    public static String known() {
        return String.join(", ", Arrays.stream(values()).map(ControlCommand::wireName).toList());
    }

    /**
     * The instances {@code args} select, for a command that acts on instances; null for one that
     * takes no arguments.
     *
     * @throws IllegalArgumentException naming the argument that is wrong, and what would be valid
     */
    public Selection selection(JsonNode args) {
        List<String> allowed = selects ? SELECTION_ARGS : this == RETIRE ? List.of(ADOPTED_ARG) : List.of();
        if (args != null && !args.isNull() && !args.isObject()) {
            throw new IllegalArgumentException(wireName + ": args must be an object, not " + args.getNodeType());
        }
        if (args != null) {
            for (Iterator<String> it = args.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!allowed.contains(name)) {
                    throw new IllegalArgumentException(wireName + ": unknown argument '" + name + "' ("
                            + (allowed.isEmpty() ? "it takes none" : "known: " + String.join(", ", allowed)) + ")");
                }
            }
        }
        if (!selects) {
            return null;
        }
        JsonNode all = args == null ? null : args.get("all");
        JsonNode instances = args == null ? null : args.get("instances");
        if (all != null && !all.isBoolean()) {
            throw new IllegalArgumentException(wireName + ": 'all' must be true or false, not " + all);
        }
        List<String> names = new ArrayList<>();
        if (instances != null) {
            if (!instances.isArray()) {
                throw new IllegalArgumentException(wireName + ": 'instances' must be a list of names, not " + instances);
            }
            for (JsonNode n : instances) {
                if (!n.isTextual() || n.asText().isBlank()) {
                    throw new IllegalArgumentException(wireName + ": 'instances' holds " + n + ", not an instance name");
                }
                names.add(n.asText());
            }
        }
        boolean everyInstance = all != null && all.asBoolean();
        if (everyInstance && !names.isEmpty()) {
            throw new IllegalArgumentException(wireName + ": name instances or say \"all\": true, not both");
        }
        if (!everyInstance && names.isEmpty()) {
            throw new IllegalArgumentException(wireName + ": which instances? name them in 'instances', or say \"all\": true"
                    + " (vrrpctl " + wireName + " NAME... or --all)");
        }
        return everyInstance ? Selection.everyInstance() : Selection.of(names);
    }

    /**
     * {@code retire}'s {@code adopted}: the instances the new process runs now, possibly none
     * (it adopted nothing and starts every instance afresh).
     *
     * @throws IllegalArgumentException when it is missing or not a list of names
     */
    public List<String> adopted(JsonNode args) {
        selection(args);   // no other argument
        JsonNode adopted = args == null ? null : args.get(ADOPTED_ARG);
        if (adopted == null || !adopted.isArray()) {
            throw new IllegalArgumentException(wireName + ": '" + ADOPTED_ARG
                    + "' must be a list of the instances the new process adopted (possibly empty), not " + adopted);
        }
        List<String> names = new ArrayList<>();
        for (JsonNode n : adopted) {
            if (!n.isTextual() || n.asText().isBlank()) {
                throw new IllegalArgumentException(wireName + ": '" + ADOPTED_ARG + "' holds " + n + ", not an instance name");
            }
            names.add(n.asText());
        }
        return List.copyOf(names);
    }
}
