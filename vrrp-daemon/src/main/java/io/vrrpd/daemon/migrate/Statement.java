package io.vrrpd.daemon.migrate;

import java.util.List;
import java.util.Objects;

/**
 * One keepalived statement: a keyword, its arguments on the same line, and, when it opens a
 * {@code { }} block, the statements inside it ({@code null} when it has no block).
 */
public record Statement(String keyword, List<String> args, List<Statement> block, Source source) {

    public Statement {
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(source, "source");
        args = List.copyOf(args);
        block = block == null ? null : List.copyOf(block);
    }

    public boolean hasBlock() {
        return block != null;
    }

    /** The statements of the block, or none. */
    public List<Statement> children() {
        return block == null ? List.of() : block;
    }

    /** The keyword and its arguments, as one line (used in reports). */
    public String text() {
        return args.isEmpty() ? keyword : keyword + " " + String.join(" ", args);
    }
}
