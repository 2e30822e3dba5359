package io.vrrpd.packaging.man;

/**
 * The man(7) source of a page, line by line: requests ({@code .SH}, {@code .TP}) and text lines,
 * the text escaped so that groff prints it as written (a backslash, a hyphen-minus one can copy
 * into a shell, a line that starts with a dot, any non-ASCII character).
 */
final class Troff {
    private final StringBuilder out = new StringBuilder();

    /** A request line such as {@code .TH}; its arguments, already escaped, quoted as needed. */
    Troff request(String name, String... args) {
        out.append('.').append(name);
        for (String a : args) {
            out.append(' ').append(quoted(a));
        }
        out.append('\n');
        return this;
    }

    /** Text lines, already escaped (by {@link #escape} and font changes); one per {@code \n}. */
    Troff text(String escaped) {
        for (String line : escaped.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith(".") || line.startsWith("'")) {
                out.append("\\&");
            }
            out.append(line).append('\n');
        }
        return this;
    }

    /** Lines of a literal block (no filling): {@code .nf}, each line escaped as code, {@code .fi}. */
    Troff literal(String code) {
        request("RS", "4").request("nf");
        String body = code.endsWith("\n") ? code.substring(0, code.length() - 1) : code;
        for (String line : body.split("\n", -1)) {
            String escaped = escapeCode(line);   // a leading ' is \(aq by now
            out.append(escaped.isEmpty() || escaped.startsWith(".") ? "\\&" + escaped : escaped).append('\n');
        }
        return request("fi").request("RE");
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** Prose: groff prints it as written, a {@code -} as the ASCII hyphen-minus. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> b.append("\\e");
                case '-' -> b.append("\\-");
                case '\n' -> b.append(' ');
                default -> {
                    if (c < 0x80) {
                        b.append((char) c);
                    } else {
                        b.append(String.format("\\[u%04X]", c));
                    }
                }
            }
        });
        return b.toString();
    }

    /** Code and command lines: as {@link #escape}, and quotes stay the ASCII ones a shell needs. */
    static String escapeCode(String s) {
        return escape(s).replace("'", "\\(aq").replace("`", "\\(ga");
    }

    /** {@code escaped} in bold (commands, options, literal values), then roman. */
    static String bold(String escaped) {
        return font('B', escaped, 'R');
    }

    /** {@code escaped} in italics (what the user replaces: FILE, PATH), then roman. */
    static String italic(String escaped) {
        return font('I', escaped, 'R');
    }

    /**
     * {@code escaped} in {@code font} ({@code R}, {@code B}, {@code I}), then {@code back}: named,
     * since groff's {@code \fP} remembers one font only and nesting would lose the outer one.
     */
    static String font(char font, String escaped, char back) {
        return "\\f" + font + escaped + "\\f" + back;
    }

    private static String quoted(String arg) {
        if (!arg.isEmpty() && arg.chars().noneMatch(c -> c == ' ' || c == '"')) {
            return arg;
        }
        return '"' + arg.replace("\"", "\\(dq") + '"';
    }
}
