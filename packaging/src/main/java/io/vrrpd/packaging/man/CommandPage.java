package io.vrrpd.packaging.man;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static io.vrrpd.packaging.man.Troff.bold;
import static io.vrrpd.packaging.man.Troff.escape;
import static io.vrrpd.packaging.man.Troff.italic;

/**
 * The man page of a picocli command, read from its model ({@link CommandSpec}): the name and
 * description, a synopsis, every option and parameter with its description as {@code --help}
 * renders it (defaults filled in), every visible subcommand the same way, and the exit codes.
 * Nothing of it is written by hand, so the page says what the command accepts.
 */
final class CommandPage {
    private CommandPage() {
    }

    /**
     * The page of {@code command} in man section {@code section}; {@code seeAlso} are the other
     * pages ({@code vrrpctl(8)}), {@code files} pairs of a path and what it is.
     */
    static String render(CommandLine command, int section, String version, List<String> seeAlso,
                         Map<String, String> files) {
        CommandSpec spec = command.getCommandSpec();
        Troff t = new Troff();
        t.request("TH", escape(spec.name().toUpperCase()), Integer.toString(section), "",
                escape("vrrpd " + version), ManPages.sectionTitle(section));
        t.request("SH", "NAME").text(escape(spec.name()) + " \\- " + escape(summary(spec)));
        List<CommandSpec> subs = visibleSubcommands(spec);
        t.request("SH", "SYNOPSIS");
        synopsis(t, spec);
        for (CommandSpec sub : subs) {
            synopsis(t, sub);
        }
        t.request("SH", "DESCRIPTION").text(escape(description(spec)));
        if (!spec.options().isEmpty() || !spec.positionalParameters().isEmpty()) {
            t.request("SH", "OPTIONS");
            arguments(t, spec);
        }
        if (!subs.isEmpty()) {
            t.request("SH", "COMMANDS");
            for (CommandSpec sub : subs) {
                t.request("SS", escape(sub.qualifiedName()));
                t.text(escape(description(sub)));
                arguments(t, sub);
            }
        }
        Map<String, String> exitCodes = spec.usageMessage().exitCodeList();
        if (!exitCodes.isEmpty()) {
            t.request("SH", "EXIT STATUS");
            exitCodes.forEach((code, meaning) -> t.request("TP").text(bold(escape(code.trim()))).text(escape(meaning)));
        }
        if (!files.isEmpty()) {
            t.request("SH", "FILES");
            files.forEach((path, what) -> t.request("TP").text(italic(escape(path))).text(escape(what)));
        }
        ManPages.seeAlso(t, seeAlso);
        return t.toString();
    }

    /** The subcommands {@code --help} lists (aliases once, hidden ones left out), depth first. */
    static List<CommandSpec> visibleSubcommands(CommandSpec spec) {
        List<CommandSpec> all = new ArrayList<>();
        for (CommandLine sub : new LinkedHashSet<>(spec.subcommands().values())) {
            CommandSpec s = sub.getCommandSpec();
            if (!s.usageMessage().hidden()) {
                all.add(s);
                all.addAll(visibleSubcommands(s));
            }
        }
        return all;
    }

    /** The options and parameters {@code --help} lists for {@code spec}, inherited ones where they are declared. */
    static List<ArgSpec> visibleArguments(CommandSpec spec) {
        List<ArgSpec> args = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (!o.hidden() && !o.inherited()) {
                args.add(o);
            }
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden() && !p.inherited()) {
                args.add(p);
            }
        }
        return args;
    }

    private static void synopsis(Troff t, CommandSpec spec) {
        StringBuilder line = new StringBuilder(bold(escape(spec.qualifiedName())));
        for (ArgSpec a : visibleArguments(spec)) {
            if (a.group() == null) {
                line.append(' ').append(a.required() ? usage(a) : "[" + usage(a) + "]");
            }
        }
        for (ArgGroupSpec group : spec.argGroups()) {
            line.append(' ').append(usage(group));
        }
        if (!spec.subcommands().isEmpty() && spec.parent() == null) {
            line.append(' ').append(italic("COMMAND"));
        }
        t.request("PP").request("nh").request("ad", "l").text(line.toString()).request("ad", "b").request("hy");
    }

    /** {@code (--all | NAME...)} for a required exclusive group, {@code [...]} for an optional one. */
    private static String usage(ArgGroupSpec group) {
        List<String> parts = new ArrayList<>();
        for (ArgSpec a : group.args()) {
            if (!a.hidden()) {
                parts.add(usage(a));
            }
        }
        for (ArgGroupSpec sub : group.subgroups()) {
            parts.add(usage(sub));
        }
        String inside = String.join(group.exclusive() ? " | " : " ", parts);
        return group.multiplicity().min() > 0 ? "(" + inside + ")" : "[" + inside + "]";
    }

    private static String usage(ArgSpec a) {
        return a instanceof OptionSpec o ? names(o, "|") + label(a) : italic(escape(a.paramLabel())) + (a.isMultiValue() ? "..." : "");
    }

    private static void arguments(Troff t, CommandSpec spec) {
        for (ArgSpec a : visibleArguments(spec)) {
            String tag = a instanceof OptionSpec o ? names(o, ", ")
                    + label(a) : italic(escape(a.paramLabel()));
            t.request("TP").text(tag).text(escape(prose(a.renderedDescription())));
        }
    }

    private static String names(OptionSpec option, String separator) {
        return String.join(separator, Arrays.stream(option.names()).map(n -> bold(escape(n))).toList());
    }

    /** {@code " FILE"} for an option that takes a value, nothing for a flag. */
    private static String label(ArgSpec option) {
        return option.arity().max() == 0 ? "" : " " + italic(escape(option.paramLabel())) + (option.isMultiValue() ? "..." : "");
    }

    private static String description(CommandSpec spec) {
        return prose(spec.usageMessage().description());
    }

    /** The NAME line's part after the dash: the description, without its full stop. */
    private static String summary(CommandSpec spec) {
        String text = description(spec);
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    /** Help text lines as one paragraph: picocli's format escapes ({@code %n}, {@code %%}) undone. */
    private static String prose(String[] lines) {
        return String.join(" ", lines).replace("%n", " ").replace("%%", "%").strip();
    }
}
