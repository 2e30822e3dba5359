package io.vrrpd.daemon.vrrpctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vrrpd.daemon.control.ControlProtocol;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code vrrpctl drain NAME...|--all} and {@code vrrpctl undrain [NAME...|--all]}: hand
 * mastership over (priority 0) before maintenance, and take part in the election again after.
 */
final class DrainCommand {
    private DrainCommand() {
    }

    static final class Selection {
        @Parameters(paramLabel = "NAME", arity = "1..*", description = "Instances to act on.")
        List<String> names;

        @Option(names = "--all", required = true, description = "Every instance.")
        boolean all;
    }

    static int run(Vrrpctl parent, String command, Selection selection) throws Exception {
        ObjectNode args = ControlProtocol.JSON.createObjectNode();
        ArrayNode names = args.putArray("instances");
        if (selection != null && selection.names != null) {
            selection.names.forEach(names::add);
        }
        int[] exit = new int[1];
        JsonNode result = DaemonCall.call(parent.socket, command, args, exit);
        if (result != null) {
            String key = command.equals("drain") ? "drained" : "undrained";
            List<String> done = new java.util.ArrayList<>();
            result.path(key).forEach(n -> done.add(n.asText()));
            System.out.println(key + ": " + (done.isEmpty() ? "nothing" : String.join(", ", done)));
        }
        return exit[0];
    }

    @Command(name = "drain", description = {"Hand mastership over gracefully before maintenance: the instance advertises "
            + "priority 0, removes its addresses and stays out of the election until undrained."})
    static final class Drain implements Callable<Integer> {
        @ParentCommand
        Vrrpctl parent;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Selection selection;

        @Override
        public Integer call() throws Exception {
            return run(parent, "drain", selection);
        }
    }

    @Command(name = "undrain", description = "Take part in the election again (all drained instances when no NAME is given).")
    static final class Undrain implements Callable<Integer> {
        @ParentCommand
        Vrrpctl parent;

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Selection selection;

        @Override
        public Integer call() throws Exception {
            return run(parent, "undrain", selection);
        }
    }
}
