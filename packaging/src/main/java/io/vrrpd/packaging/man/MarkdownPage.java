package io.vrrpd.packaging.man;

import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.ListBlock;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

import java.util.ArrayList;
import java.util.List;

import static io.vrrpd.packaging.man.Troff.escape;
import static io.vrrpd.packaging.man.Troff.escapeCode;
import static io.vrrpd.packaging.man.Troff.italic;

/**
 * A man page made from a Markdown document (CommonMark and GitHub's tables, parsed by
 * commonmark-java): its {@code #} title gives way to NAME, what comes before the first
 * {@code ##} is the DESCRIPTION, each {@code ##} a section and each {@code ###} a subsection.
 * A table becomes a list, one entry per row: the first cell is the tag, the middle cells are
 * labelled with their column's heading ({@code default: 1s}), the last cell is the text. Links
 * keep their text; raw HTML is left out.
 */
final class MarkdownPage {
    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create())).build();

    private final Troff t = new Troff();

    private MarkdownPage() {
    }

    /**
     * The page {@code name(section)}, whose NAME line says {@code summary}, from {@code markdown};
     * {@code synopsis} is the SYNOPSIS text, {@code seeAlso} the other pages ({@code vrrpd(8)}).
     */
    static String render(String name, int section, String version, String summary, String synopsis, String markdown,
                         List<String> seeAlso) {
        MarkdownPage page = new MarkdownPage();
        Troff t = page.t;
        t.request("TH", escape(name.toUpperCase()), Integer.toString(section), "", escape("vrrpd " + version),
                ManPages.sectionTitle(section));
        t.request("SH", "NAME").text(escape(name) + " \\- " + escape(summary));
        t.request("SH", "SYNOPSIS").text(italic(escape(synopsis)));
        t.request("SH", "DESCRIPTION");
        for (Node n = PARSER.parse(markdown).getFirstChild(); n != null; n = n.getNext()) {
            page.block(n);
        }
        ManPages.seeAlso(t, seeAlso);
        return t.toString();
    }

    private void block(Node n) {
        if (n instanceof Heading h) {
            switch (h.getLevel()) {
                case 1 -> { }                                   // the title: NAME says it
                case 2 -> t.request("SH", escape(plain(h).toUpperCase()));
                default -> t.request("SS", escape(plain(h)));
            }
        } else if (n instanceof Paragraph) {
            t.request("PP").text(inline(n));
        } else if (n instanceof FencedCodeBlock c) {
            t.request("PP").literal(c.getLiteral());
        } else if (n instanceof IndentedCodeBlock c) {
            t.request("PP").literal(c.getLiteral());
        } else if (n instanceof ListBlock list) {
            list(list);
        } else if (n instanceof BlockQuote) {
            t.request("RS", "4");
            for (Node c = n.getFirstChild(); c != null; c = c.getNext()) {
                block(c);
            }
            t.request("RE");
        } else if (n instanceof TableBlock table) {
            table(table);
        }
        // thematic breaks and raw HTML blocks print nothing
    }

    private void list(ListBlock list) {
        int number = list instanceof OrderedList o && o.getMarkerStartNumber() != null ? o.getMarkerStartNumber() : 1;
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            String tag = list instanceof BulletList ? "\\(bu" : (number++) + ".";
            boolean first = true;
            for (Node c = item.getFirstChild(); c != null; c = c.getNext()) {
                if (c instanceof Paragraph) {
                    t.request("IP", first ? tag : "", "4").text(inline(c));
                } else {
                    t.request("RS", "4");
                    block(c);
                    t.request("RE");
                }
                first = false;
            }
        }
    }

    private void table(TableBlock table) {
        List<String> headings = new ArrayList<>();
        for (Node part = table.getFirstChild(); part != null; part = part.getNext()) {
            for (Node row = part.getFirstChild(); row != null; row = row.getNext()) {
                List<String> cells = new ArrayList<>();
                for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                    cells.add(inline(cell).strip());
                }
                if (row.getFirstChild() instanceof TableCell c && c.isHeader()) {
                    headings.addAll(cells);
                } else if (row instanceof TableRow) {
                    row(headings, cells);
                }
            }
        }
    }

    private void row(List<String> headings, List<String> cells) {
        t.request("TP").text(cells.get(0));
        for (int i = 1; i < cells.size(); i++) {
            String cell = cells.get(i);
            if (cell.isEmpty()) {
                continue;
            }
            boolean last = i == cells.size() - 1;
            String heading = i < headings.size() ? headings.get(i) : "";
            t.text(last || heading.isEmpty() ? cell : italic(heading) + ": " + cell);
            if (!last) {
                t.request("br");
            }
        }
    }

    /** The inline content of {@code n} as escaped text in roman: code in bold, emphasis in italics. */
    private static String inline(Node n) {
        return inline(n, 'R');
    }

    /** The inline content of {@code n}, which is set in {@code font}; every font change returns to it. */
    private static String inline(Node n, char font) {
        StringBuilder b = new StringBuilder();
        for (Node c = n.getFirstChild(); c != null; c = c.getNext()) {
            if (c instanceof Text text) {
                b.append(escape(text.getLiteral()));
            } else if (c instanceof Code code) {
                b.append(Troff.font('B', escapeCode(code.getLiteral()), font));
            } else if (c instanceof Emphasis) {
                b.append(Troff.font('I', inline(c, 'I'), font));
            } else if (c instanceof StrongEmphasis) {
                b.append(Troff.font('B', inline(c, 'B'), font));
            } else if (c instanceof SoftLineBreak || c instanceof HardLineBreak) {
                b.append(' ');                                  // man fills its lines itself
            } else {
                b.append(inline(c, font));                      // a link's or an image's text
            }
        }
        return b.toString();
    }

    /** A heading's text without fonts, for {@code .SH} and {@code .SS}. */
    private static String plain(Node n) {
        StringBuilder b = new StringBuilder();
        for (Node c = n.getFirstChild(); c != null; c = c.getNext()) {
            b.append(c instanceof Text text ? text.getLiteral() : c instanceof Code code ? code.getLiteral() : plain(c));
        }
        return b.toString();
    }
}
