package io.vrrpd.packaging.man;

import io.vrrpd.daemon.Vrrpd;
import io.vrrpd.daemon.vrrpctl.Vrrpctl;
import io.vrrpd.rehearse.Rehearse;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.vrrpd.packaging.man.Troff.bold;
import static io.vrrpd.packaging.man.Troff.escape;

/**
 * The package's man pages, made at build time (docs/packaging.md): vrrpd(8), vrrpctl(8) and
 * vrrp-rehearse(1) from the picocli commands, vrrpd.yaml(5) from the configuration reference.
 *
 * <pre>ManPages OUT_DIR VERSION CONFIGURATION_MD</pre>
 * writes {@code vrrpd.8}, {@code vrrpctl.8}, {@code vrrp-rehearse.1} and {@code vrrpd.yaml.5}
 * into OUT_DIR, uncompressed (build-deb gzips them into the package).
 */
public final class ManPages {
    static final String CONFIG_FILE = "/etc/vrrpd/vrrpd.yaml";
    static final String DOCS = "/usr/share/doc/vrrpd/";

    private ManPages() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: ManPages OUT_DIR VERSION CONFIGURATION_MD");
            System.exit(2);
        }
        Path out = Files.createDirectories(Path.of(args[0]));
        for (Map.Entry<String, String> page : pages(args[1], Files.readString(Path.of(args[2]))).entrySet()) {
            Files.writeString(out.resolve(page.getKey()), page.getValue());
        }
    }

    /** File name ({@code vrrpd.8}) to page source, for {@code version} and the reference's Markdown. */
    static Map<String, String> pages(String version, String configurationMarkdown) {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("vrrpd.8", CommandPage.render(Vrrpd.commandLine(), 8, version,
                List.of("vrrpctl(8)", "vrrpd.yaml(5)", "vrrp-rehearse(1)", "systemd.service(5)"),
                files(CONFIG_FILE, "the configuration, vrrpd.yaml(5); the package installs it holding comments only, "
                        + "and vrrpd.service does not start until it names something",
                        DOCS, "the configuration reference, the systemd unit and the package explained")));
        pages.put("vrrpctl.8", CommandPage.render(new CommandLine(new Vrrpctl()), 8, version,
                List.of("vrrpd(8)", "vrrpd.yaml(5)"), files()));
        pages.put("vrrp-rehearse.1", CommandPage.render(new CommandLine(new Rehearse()), 1, version,
                List.of("vrrpd(8)", "vrrpd.yaml(5)"), files()));
        pages.put("vrrpd.yaml.5", MarkdownPage.render("vrrpd.yaml", 5, version, "vrrpd configuration file",
                CONFIG_FILE, configurationMarkdown, List.of("vrrpd(8)", "vrrpctl(8)", "vrrp-rehearse(1)")));
        return pages;
    }

    private static Map<String, String> files(String... pathThenWhat) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < pathThenWhat.length; i += 2) {
            files.put(pathThenWhat[i], pathThenWhat[i + 1]);
        }
        return files;
    }

    /** The heading man prints in the page's top corners' middle, after man-pages(7). */
    static String sectionTitle(int section) {
        return switch (section) {
            case 1 -> "User Commands";
            case 5 -> "File Formats";
            case 8 -> "System Administration";
            default -> throw new IllegalArgumentException("no man section " + section + " here");
        };
    }

    /** The SEE ALSO section: {@code pages} as {@code name(section)}, each name in bold. */
    static void seeAlso(Troff t, List<String> pages) {
        List<String> refs = pages.stream().map(p -> {
            int paren = p.indexOf('(');
            return bold(escape(p.substring(0, paren))) + escape(p.substring(paren));
        }).toList();
        t.request("SH", "SEE ALSO").text(String.join(",\n", refs));
    }
}
