package io.vrrpd.daemon.migrate;

import static io.vrrpd.daemon.migrate.KeepalivedFixtures.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** keepalived's grammar: tokens, blocks, comments, quotes, includes, and syntax errors with their line. */
class KeepalivedParserTest {

    private static List<Statement> parse(String text) throws KeepalivedSyntaxException {
        return KeepalivedParser.parse(Path.of("t.conf"), text).statements();
    }

    @Test
    void blocksNestAndKeepTheirLines() throws Exception {
        List<Statement> s = parse("""
                vrrp_instance A {
                    interface eth0
                    virtual_ipaddress {
                        192.0.2.1/24 dev eth0
                    }
                }
                """);
        assertEquals(1, s.size());
        Statement a = s.get(0);
        assertEquals("vrrp_instance", a.keyword());
        assertEquals(List.of("A"), a.args());
        assertEquals(1, a.source().line());
        assertEquals(2, a.children().size());
        assertNull(a.children().get(0).block());
        Statement vip = a.children().get(1).children().get(0);
        assertEquals("192.0.2.1/24", vip.keyword());
        assertEquals(List.of("dev", "eth0"), vip.args());
        assertEquals(4, vip.source().line());
    }

    @Test
    void commentsQuotesAndBracesAgainstWords() throws Exception {
        List<Statement> s = parse("""
                # hash comment
                ! bang comment
                global_defs { router_id r1 }  # one line
                vrrp_instance "two words"{   ! comment after a brace
                    notify "/bin/x a#b !c"
                    priority 5!comment
                    virtual_ipaddress
                    {
                        192.0.2.1
                    }
                }
                """);
        assertEquals(2, s.size());
        assertEquals(List.of("router_id"), s.get(0).children().stream().map(Statement::keyword).toList());
        assertEquals(List.of("r1"), s.get(0).children().get(0).args());
        Statement i = s.get(1);
        assertEquals(List.of("two words"), i.args());
        assertEquals(List.of("/bin/x a#b !c"), i.children().get(0).args());
        assertEquals(List.of("5"), i.children().get(1).args());
        Statement vips = i.children().get(2);
        assertTrue(vips.hasBlock(), "a block opened on the next line belongs to the statement before it");
        assertEquals("192.0.2.1", vips.children().get(0).keyword());
    }

    @Test
    void syntaxErrorsNameTheFileAndLine() {
        var unclosed = assertThrows(KeepalivedSyntaxException.class,
                () -> KeepalivedParser.parse(resource("syntax/unclosed.conf")));
        assertEquals(1, unclosed.source().line());
        assertTrue(unclosed.getMessage().startsWith("syntax/unclosed.conf:1: ") || unclosed.getMessage()
                .startsWith("unclosed.conf:1: "), unclosed.getMessage());
        assertTrue(unclosed.getMessage().contains("never closed"), unclosed.getMessage());

        var extra = assertThrows(KeepalivedSyntaxException.class,
                () -> KeepalivedParser.parse(resource("syntax/extra-brace.conf")));
        assertEquals(4, extra.source().line());
        assertTrue(extra.getMessage().contains("closes no block"), extra.getMessage());

        var quote = assertThrows(KeepalivedSyntaxException.class,
                () -> KeepalivedParser.parse(resource("syntax/quote.conf")));
        assertEquals(3, quote.source().line());
        assertTrue(quote.getMessage().contains("unterminated quoted string"), quote.getMessage());

        var brace = assertThrows(KeepalivedSyntaxException.class, () -> parse("a\n\n{ }\n{ }\n"));
        assertEquals(4, brace.source().line());
    }

    @Test
    void includeSplicesFilesInPlaceSortedAndSkipsNonMatches() throws Exception {
        var p = KeepalivedParser.parse(resource("includes/keepalived.conf"));
        assertEquals(List.of("global_defs", "vrrp_instance", "vrrp_instance"),
                p.statements().stream().map(Statement::keyword).toList());
        assertEquals("conf.d/a.conf", p.statements().get(1).source().shown());
        assertEquals("conf.d/b.conf", p.statements().get(2).source().shown());
        assertEquals(List.of(5, 6), p.reported().stream().map(r -> r.source().line()).toList());
    }

    @Test
    void unreadableFileIsASyntaxException() {
        var e = assertThrows(KeepalivedSyntaxException.class,
                () -> KeepalivedParser.parse(Path.of("/nonexistent/keepalived.conf")));
        assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
    }

    @Test
    void arbitraryInputIsParsedOrRefusedWithALineNeverAnythingElse() {
        String alphabet = "{}\"#! \t\n\\avxyz019./:-_";
        String[] words = {"vrrp_instance ", "virtual_ipaddress ", "vrrp_sync_group ", "group ", "include ",
            "virtual_routes ", "default via 198.51.100.1 dev eth1 ", "192.0.2.1/24 ", "fe80::1 ", "interface eth0 ",
            "virtual_router_id 7 ", "advert_int 0.1 ", "track_interface ", "global_defs "};
        java.util.Random random = new java.util.Random(9568);
        for (int n = 0; n < 3000; n++) {
            StringBuilder b = new StringBuilder();
            int len = random.nextInt(80);
            for (int k = 0; k < len; k++) {
                b.append(random.nextInt(4) == 0 ? words[random.nextInt(words.length)]
                        : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
            }
            String text = b.toString();
            try {
                KeepalivedImporter.importText(Path.of("fuzz.conf"), text);
            } catch (KeepalivedSyntaxException e) {
                assertTrue(e.source() != null && e.source().line() >= 1, text);
            } catch (RuntimeException e) {
                throw new AssertionError("unexpected " + e + " for:\n" + text, e);
            }
        }
    }
}
