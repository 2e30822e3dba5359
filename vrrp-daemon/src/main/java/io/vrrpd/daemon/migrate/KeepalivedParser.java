package io.vrrpd.daemon.migrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads keepalived's configuration grammar into a tree of {@link Statement}s.
 *
 * <p>The grammar, as keepalived reads it: a file is a sequence of lines; {@code #} and
 * {@code !} start a comment that runs to the end of the line (anywhere outside a quoted
 * string); words are separated by blanks; {@code "..."} quotes a word that holds blanks or
 * comment characters; {@code {} and {@code }} delimit blocks and are tokens of their own
 * even when written against a word ({@code VI_1{}). A statement is the words of one line; if
 * it is followed (on the same or a later line) by {@code {}, the statements up to the
 * matching {@code }} are its block. {@code include PATTERN...} splices other files in at
 * that point, relative to the directory of the file that includes them; a pattern that
 * matches nothing is reported, not fatal (keepalived carries on too). Each file is read once,
 * however many includes or paths reach it (again is reported), and what includes may read is
 * capped: {@value #MAX_INCLUDED_FILES} files, 16 MiB, 16 levels deep.
 *
 * <p>Unbalanced braces, an unterminated quote and an unreadable file are
 * {@link KeepalivedSyntaxException}s naming the file and line.
 */
public final class KeepalivedParser {

    private static final int MAX_INCLUDE_DEPTH = 16;
    /** Files read in all, the main one included: fan-out within the depth limit is capped too. */
    static final int MAX_INCLUDED_FILES = 256;
    /** Bytes read in all. */
    static final long MAX_INCLUDED_BYTES = 16L * 1024 * 1024;

    private enum Kind { WORD, OPEN, CLOSE, EOL, EOF }

    private record Token(Kind kind, String text, Source source) {}

    private final Path baseDir;
    private final List<Reported> reported = new ArrayList<>();
    private final Deque<Path> including = new ArrayDeque<>();
    /** Every file read so far, by its real path: one file reached by several paths is one file. */
    private final Set<Path> read = new HashSet<>();
    private long bytesRead;
    private List<Token> tokens;
    private int pos;

    private KeepalivedParser(Path mainFile) {
        Path abs = mainFile.toAbsolutePath().normalize();
        this.baseDir = abs.getParent() == null ? abs : abs.getParent();
    }

    /** The parsed file with its includes spliced in, and what could not be included. */
    public record Parsed(List<Statement> statements, List<Reported> reported) {
        public Parsed {
            statements = List.copyOf(statements);
            reported = List.copyOf(reported);
        }
    }

    /** Parses {@code file} and everything it includes. */
    public static Parsed parse(Path file) throws KeepalivedSyntaxException {
        KeepalivedParser p = new KeepalivedParser(file);
        String text;
        try {
            text = read(file);
        } catch (IOException e) {
            throw new KeepalivedSyntaxException(null, file + ": cannot read the file: " + e.getMessage());
        }
        return p.run(file, text);
    }

    /** The file as UTF-8; bytes that are not (a Latin-1 comment, say) become U+FFFD instead of failing. */
    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    /** Parses {@code text} as if it were the content of {@code file} (includes resolve next to {@code file}). */
    public static Parsed parse(Path file, String text) throws KeepalivedSyntaxException {
        return new KeepalivedParser(file).run(file, text);
    }

    private Parsed run(Path file, String text) throws KeepalivedSyntaxException {
        List<Token> out = new ArrayList<>();
        Path abs = file.toAbsolutePath().normalize();
        Path real = realPath(abs);
        read.add(real);
        bytesRead += text.length();
        including.push(real);
        int lastLine = tokenize(abs, text, out, 1);
        including.pop();
        out.add(new Token(Kind.EOF, "end of file", new Source(abs, shown(abs), Math.max(1, lastLine))));
        tokens = out;
        pos = 0;
        List<Statement> statements = block(null);
        return new Parsed(statements, reported);
    }

    private String shown(Path abs) {
        if (abs.startsWith(baseDir)) {
            return baseDir.relativize(abs).toString();
        }
        return abs.toString();
    }

    // ---- tokens -------------------------------------------------------------------------

    /** Appends the tokens of {@code text} (the content of {@code file}) to {@code out}; returns the number of lines. */
    private int tokenize(Path file, String text, List<Token> out, int depth) throws KeepalivedSyntaxException {
        String shown = shown(file);
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Source at = new Source(file, shown, i + 1);
            List<Token> line = lineTokens(lines[i], at);
            if (!line.isEmpty() && line.get(0).kind == Kind.WORD && line.get(0).text.equals("include")
                    && !quotedFirst(lines[i])) {
                include(line, at, out, depth);
            } else {
                out.addAll(line);
            }
            out.add(new Token(Kind.EOL, "end of line", at));
        }
        return lines.length;
    }

    private static boolean quotedFirst(String line) {
        return line.stripLeading().startsWith("\"");
    }

    private static List<Token> lineTokens(String line, Source at) throws KeepalivedSyntaxException {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '#' || c == '!') {
                break;
            }
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '{') {
                out.add(new Token(Kind.OPEN, "{", at));
                i++;
            } else if (c == '}') {
                out.add(new Token(Kind.CLOSE, "}", at));
                i++;
            } else if (c == '"') {
                StringBuilder word = new StringBuilder();
                int j = i + 1;
                boolean closed = false;
                while (j < n) {
                    char d = line.charAt(j);
                    if (d == '\\' && j + 1 < n && (line.charAt(j + 1) == '"' || line.charAt(j + 1) == '\\')) {
                        word.append(line.charAt(j + 1));
                        j += 2;
                    } else if (d == '"') {
                        closed = true;
                        j++;
                        break;
                    } else {
                        word.append(d);
                        j++;
                    }
                }
                if (!closed) {
                    throw new KeepalivedSyntaxException(at, "unterminated quoted string (a \" opened in column "
                            + (i + 1) + " is not closed on this line)");
                }
                out.add(new Token(Kind.WORD, word.toString(), at));
                i = j;
            } else {
                int j = i;
                while (j < n) {
                    char d = line.charAt(j);
                    if (Character.isWhitespace(d) || d == '{' || d == '}' || d == '"' || d == '#' || d == '!') {
                        break;
                    }
                    j++;
                }
                if (j == i) { // cannot happen: every character that ends a word is handled above
                    throw new IllegalStateException("tokenizer made no progress at " + at + " column " + (i + 1));
                }
                out.add(new Token(Kind.WORD, line.substring(i, j), at));
                i = j;
            }
        }
        return out;
    }

    private void include(List<Token> line, Source at, List<Token> out, int depth) throws KeepalivedSyntaxException {
        if (line.size() < 2) {
            reported.add(new Reported(at, "include", "names no file; nothing was included"));
            return;
        }
        for (Token t : line.subList(1, line.size())) {
            if (t.kind != Kind.WORD) {
                reported.add(new Reported(at, "include " + t.text, "not a file name; nothing was included"));
                continue;
            }
            for (Path f : resolve(t.text, at)) {
                Path abs = f.toAbsolutePath().normalize();
                Path real = realPath(abs);
                if (including.contains(real)) {
                    reported.add(new Reported(at, "include " + t.text, shown(abs)
                            + " includes itself (directly or through other files); included once only"));
                    continue;
                }
                if (read.contains(real)) {
                    reported.add(new Reported(at, "include " + t.text, shown(abs)
                            + " is already included (by this path or another); included once only"));
                    continue;
                }
                if (depth >= MAX_INCLUDE_DEPTH) {
                    throw new KeepalivedSyntaxException(at, "includes nested deeper than " + MAX_INCLUDE_DEPTH);
                }
                if (read.size() >= MAX_INCLUDED_FILES) {
                    throw new KeepalivedSyntaxException(at, "includes reach more than " + MAX_INCLUDED_FILES
                            + " files; convert the configuration in parts");
                }
                String text;
                try {
                    text = read(abs);
                } catch (IOException e) {
                    throw new KeepalivedSyntaxException(at, "cannot read included file " + shown(abs) + ": " + e);
                }
                bytesRead += text.length();
                if (bytesRead > MAX_INCLUDED_BYTES) {
                    throw new KeepalivedSyntaxException(at, "includes add up to more than " + MAX_INCLUDED_BYTES / (1024 * 1024)
                            + " MiB; convert the configuration in parts");
                }
                read.add(real);
                out.add(new Token(Kind.EOL, "end of line", at));
                including.push(real);
                tokenize(abs, text, out, depth + 1);
                including.pop();
            }
        }
    }

    /** Where {@code abs} really is (links resolved); itself when it cannot be resolved. */
    private static Path realPath(Path abs) {
        try {
            return abs.toRealPath();
        } catch (IOException e) {
            return abs;
        }
    }

    /** The files {@code pattern} names, sorted; unresolvable patterns are reported and give none. */
    private List<Path> resolve(String pattern, Source at) {
        Path dir = at.file().getParent();
        Path p = dir == null ? Path.of(pattern) : dir.resolve(pattern);
        String construct = "include " + pattern;
        if (!hasGlob(pattern)) {
            if (!Files.isRegularFile(p)) {
                reported.add(new Reported(at, construct, "the file " + shown(p.toAbsolutePath().normalize())
                        + " does not exist; nothing was included (convert it separately, or fix the path)"));
                return List.of();
            }
            return List.of(p);
        }
        Path parent = p.getParent();
        if (parent == null || hasGlob(parent.toString())) {
            reported.add(new Reported(at, construct, "cannot resolve wildcards in directory names; nothing was"
                    + " included (name the directory literally, e.g. include conf.d/*.conf)"));
            return List.of();
        }
        String name = p.getFileName().toString();
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
        } catch (IllegalArgumentException e) {
            reported.add(new Reported(at, construct, "is not a pattern the importer understands (" + e.getMessage()
                    + "); nothing was included"));
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(parent)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent)) {
                for (Path f : ds) {
                    if (Files.isRegularFile(f) && matcher.matches(f.getFileName())) {
                        found.add(f);
                    }
                }
            } catch (IOException e) {
                reported.add(new Reported(at, construct, "cannot list " + parent + ": " + e.getMessage()
                        + "; nothing was included"));
                return List.of();
            }
        }
        if (found.isEmpty()) {
            reported.add(new Reported(at, construct, "matches no file; nothing was included"));
        }
        found.sort(null);
        return found;
    }

    private static boolean hasGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    // ---- block tree ---------------------------------------------------------------------

    private Token peek() {
        return tokens.get(pos);
    }

    /** Statements up to the {@code }} closing {@code opener}, or to the end when {@code opener} is null. */
    private List<Statement> block(Token opener) throws KeepalivedSyntaxException {
        List<Statement> out = new ArrayList<>();
        while (true) {
            Token t = peek();
            switch (t.kind) {
                case EOL -> pos++;
                case EOF -> {
                    if (opener != null) {
                        throw new KeepalivedSyntaxException(opener.source,
                                "the block opened here is never closed (missing })");
                    }
                    return out;
                }
                case CLOSE -> {
                    if (opener == null) {
                        throw new KeepalivedSyntaxException(t.source, "} closes no block (one } too many)");
                    }
                    pos++;
                    return out;
                }
                case OPEN -> throw new KeepalivedSyntaxException(t.source, "{ without a keyword before it");
                case WORD -> out.add(statement());
                default -> throw new IllegalStateException(t.kind.toString());
            }
        }
    }

    private Statement statement() throws KeepalivedSyntaxException {
        Token first = tokens.get(pos++);
        List<String> args = new ArrayList<>();
        while (peek().kind == Kind.WORD && peek().source.equals(first.source)) {
            args.add(tokens.get(pos++).text);
        }
        // a block may open on this line or on a later one
        int look = pos;
        while (tokens.get(look).kind == Kind.EOL) {
            look++;
        }
        List<Statement> block = null;
        if (tokens.get(look).kind == Kind.OPEN) {
            Token open = tokens.get(look);
            pos = look + 1;
            block = block(open);
        }
        return new Statement(first.text, args, block, first.source);
    }
}
