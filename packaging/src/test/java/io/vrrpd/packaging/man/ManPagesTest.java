package io.vrrpd.packaging.man;

import io.vrrpd.daemon.Vrrpd;
import io.vrrpd.daemon.vrrpctl.Vrrpctl;
import io.vrrpd.hooks.testlab.Lab;
import io.vrrpd.rehearse.Rehearse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.vrrpd.packaging.man.Troff.bold;
import static io.vrrpd.packaging.man.Troff.escape;
import static io.vrrpd.packaging.man.Troff.escapeCode;
import static io.vrrpd.packaging.man.Troff.italic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The package's man pages say everything their sources say, and groff renders them without a warning. */
class ManPagesTest {
    private static final Path REFERENCE = Path.of("../docs/configuration.md");

    private static Map<String, String> pages() throws IOException {
        return ManPages.pages("0.1.0-TEST", Files.readString(REFERENCE));
    }

    @Test
    void thePackageHasTheFourPages() throws IOException {
        assertEquals(List.of("vrrpd.8", "vrrpctl.8", "vrrp-rehearse.1", "vrrpd.yaml.5"), List.copyOf(pages().keySet()));
    }

    @Test
    void everyOptionParameterAndCommandOfEachCommandIsOnItsPage() throws IOException {
        Map<String, String> pages = pages();
        assertMentionsEverything(pages.get("vrrpd.8"), Vrrpd.commandLine());
        assertMentionsEverything(pages.get("vrrpctl.8"), new CommandLine(new Vrrpctl()));
        assertMentionsEverything(pages.get("vrrp-rehearse.1"), new CommandLine(new Rehearse()));
    }

    @Test
    void theDaemonsPageListsEveryExitCode() throws IOException {
        String page = pages().get("vrrpd.8");
        for (Map.Entry<String, String> e : Vrrpd.commandLine().getCommandSpec().usageMessage().exitCodeList().entrySet()) {
            assertTrue(page.contains(".TP\n" + bold(e.getKey().trim()) + "\n" + escape(e.getValue()) + "\n"),
                    "vrrpd.8 lacks exit code " + e.getKey() + ": " + e.getValue());
        }
    }

    @Test
    void theConfigurationPageHasEverySectionAndEveryFieldOfTheReference() throws IOException {
        String markdown = Files.readString(REFERENCE);
        String page = pages().get("vrrpd.yaml.5");
        List<String> missing = new ArrayList<>();
        Matcher heading = Pattern.compile("(?m)^(##+) (.+)$").matcher(markdown);
        while (heading.find()) {
            String title = heading.group(2).replace("`", "");
            String request = heading.group(1).length() == 2 ? ".SH " + quoted(escape(title.toUpperCase())) : ".SS " + quoted(escape(title));
            if (!page.contains(request + "\n")) {
                missing.add(request);
            }
        }
        Matcher field = Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(markdown);   // a table row's first cell
        int fields = 0;
        while (field.find()) {
            fields++;
            String tag = ".TP\n" + bold(escapeCode(field.group(1))) + "\n";
            if (!page.contains(tag)) {
                missing.add(tag.strip());
            }
        }
        assertTrue(fields > 50, "the reference's tables were not found (" + fields + " rows)");
        assertEquals(List.of(), missing, "vrrpd.yaml.5 lacks these parts of docs/configuration.md");
    }

    @Test
    void nestedFontsReturnToTheOuterFont() {
        String page = MarkdownPage.render("x", 5, "1", "x", "x", "- **With `a` set** and *see `b`* after\n", List.of());
        assertTrue(page.contains("\\fBWith \\fBa\\fB set\\fR and \\fIsee \\fBb\\fI\\fR after\n"), page);
    }

    @Test
    void groffRendersEveryPageWithoutAWarning(@TempDir Path dir) throws Exception {
        Lab.assumeTool("groff", "groff-base");
        for (Map.Entry<String, String> page : pages().entrySet()) {
            Path file = Files.writeString(dir.resolve(page.getKey()), page.getValue());
            Process groff = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-z", file.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String warnings = new String(groff.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, groff.waitFor(), page.getKey() + ": " + warnings);
            assertEquals("", warnings, page.getKey() + " renders with warnings");
        }
    }

    /**
     * Each visible subcommand as a subsection; in the OPTIONS section (the command's own) or in the
     * subcommand's subsection, each option's every name in bold, each parameter's label in italics.
     */
    private static void assertMentionsEverything(String page, CommandLine command) {
        List<String> missing = new ArrayList<>();
        CommandSpec root = command.getCommandSpec();
        missing.addAll(missingArguments(root, section(page, Pattern.quote(".SH OPTIONS\n"))));
        for (CommandSpec sub : CommandPage.visibleSubcommands(root)) {
            String section = section(page, Pattern.quote(".SS " + quoted(escape(sub.qualifiedName())) + "\n"));
            if (section.isEmpty()) {
                missing.add("command " + sub.qualifiedName());
            }
            missing.addAll(missingArguments(sub, section));
        }
        assertEquals(List.of(), missing, command.getCommandName() + "'s page lacks these");
    }

    private static List<String> missingArguments(CommandSpec spec, String section) {
        List<String> missing = new ArrayList<>();
        for (ArgSpec arg : spec.args()) {
            if (arg.hidden() || arg.inherited()) {
                continue;                                       // inherited: listed where it is declared
            }
            if (arg instanceof OptionSpec option) {
                for (String name : option.names()) {
                    if (!section.contains(".TP\n") || !section.contains(bold(escape(name)))) {
                        missing.add(spec.qualifiedName() + " " + name);
                    }
                }
            } else if (!section.contains(italic(escape(arg.paramLabel())))) {
                missing.add(spec.qualifiedName() + " " + arg.paramLabel());
            }
        }
        return missing;
    }

    /** From the line matching {@code start} to the next section or subsection; empty when there is none. */
    private static String section(String page, String start) {
        Matcher m = Pattern.compile("(?s)^" + start + "(.*?)(?=^\\.S[HS] |\\z)", Pattern.MULTILINE).matcher(page);
        return m.find() ? m.group(1) : "";
    }

    private static String quoted(String arg) {
        return arg.contains(" ") ? '"' + arg + '"' : arg;
    }
}
