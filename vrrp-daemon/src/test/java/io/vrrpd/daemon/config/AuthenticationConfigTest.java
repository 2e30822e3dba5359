package io.vrrpd.daemon.config;

import static io.vrrpd.daemon.config.Configs.paths;
import static io.vrrpd.daemon.config.Configs.problems;
import static io.vrrpd.daemon.config.VrrpV2ConfigTest.gw4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vrrpd.core.packet.Authentication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code authentication: {type: pass, password | password-file}}: where it is allowed, how the
 * password file is checked, and that the password shows nowhere — not in a problem, a hint, a
 * config's {@code toString}, a diff or a YAML syntax error.
 */
class AuthenticationConfigTest {
    /** Every config below uses this password (or one that starts with it); no output may contain it. */
    private static final String SECRET = "Zq7#pW2k";

    @TempDir
    Path dir;

    private static Authentication password(String p) {
        return Authentication.simplePassword(p.getBytes(StandardCharsets.UTF_8));
    }

    private static String v2(String auth) {
        return gw4("    version: 2\n    authentication: " + auth + "\n");
    }

    private Path passwordFile(String content, String mode) throws Exception {
        Path f = dir.resolve("gw4.pass");
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void anInlinePasswordLoadsOnAVersion2Instance() throws Exception {
        InstanceConfig c = Configs.load(v2("{type: pass, password: \"" + SECRET + "\"}")).instances().get("gw4");
        assertEquals(password(SECRET), c.authentication());
        assertFalse(c.toString().contains(SECRET), c::toString);
        assertTrue(c.toString().contains("simple password (not shown)"), c::toString);
    }

    @Test
    void aMixedModeInstanceMayAuthenticateItsVrrpv2Adverts() throws Exception {
        InstanceConfig c = Configs.load(gw4("    accept-v2: true\n    authentication: {type: pass, password: \""
                + SECRET + "\"}\n")).instances().get("gw4");
        assertEquals(password(SECRET), c.authentication(), "so a PASS pair leaves VRRPv2 one router at a time");
    }

    @Test
    void aVrrpv3InstanceWithoutAcceptV2HasNoAuthentication() {
        List<ConfigProblem> p = problems(gw4("    authentication: {type: pass, password: \"" + SECRET + "\"}\n"));
        assertEquals(List.of("instances.gw4.authentication"), paths(p), p::toString);
        assertTrue(p.get(0).message().contains("only VRRPv2 adverts carry authentication"), p.get(0).message());
        assertTrue(p.get(0).hint().contains("accept-v2: true"), p.get(0).hint());
    }

    @Test
    void aPasswordFileLoadsWithoutItsTrailingNewline() throws Exception {
        Path f = passwordFile(SECRET + "\n", "rw-r-----");
        InstanceConfig c = Configs.load(v2("{type: pass, password-file: " + f + "}")).instances().get("gw4");
        assertEquals(password(SECRET), c.authentication());
        Files.writeString(f, SECRET + "\r\n");
        assertEquals(password(SECRET), Configs.load(v2("{type: pass, password-file: " + f + "}")).instances()
                .get("gw4").authentication(), "a CRLF editor's file too");
    }

    @Test
    void aPasswordFileIsCheckedLikeAKey() throws Exception {
        Path f = passwordFile(SECRET, "rw-r--r--");
        ConfigProblem others = only(v2("{type: pass, password-file: " + f + "}"));
        assertEquals("instances.gw4.authentication.password-file", others.path());
        assertEquals(f + " is readable by others (rw-r--r--)", others.message());
        assertTrue(others.hint().contains("chmod 0640 " + f), others.hint());

        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw--w-"));
        assertTrue(only(v2("{type: pass, password-file: " + f + "}")).message().contains("writable by others"));

        assertEquals(dir.resolve("nope") + " does not exist",
                only(v2("{type: pass, password-file: " + dir.resolve("nope") + "}")).message());
        assertEquals(dir + " is not a regular file", only(v2("{type: pass, password-file: " + dir + "}")).message());
        assertEquals("gw4.pass is not an absolute path", only(v2("{type: pass, password-file: gw4.pass}")).message());
    }

    @Test
    void aPasswordMustBeOneToEightBytes() throws Exception {
        ConfigProblem nine = only(v2("{type: pass, password: \"" + SECRET + "9\"}"));
        assertEquals("instances.gw4.authentication.password", nine.path());
        assertEquals("the password is 9 bytes long", nine.message());
        assertTrue(nine.hint().startsWith("1 to 8 bytes"), nine.hint());
        assertEquals("the password is 9 bytes long", only(v2("{type: pass, password: \"pässwör\"}")).message(),
                "bytes, not characters: what the advert carries");

        Path f = passwordFile(SECRET + SECRET + "\n", "rw-------");
        assertEquals("the password in " + f + " is 16 bytes long",
                only(v2("{type: pass, password-file: " + f + "}")).message());
        Files.writeString(f, "\n");
        assertEquals("the password in " + f + " is 0 bytes long", only(v2("{type: pass, password-file: " + f + "}"))
                .message());
    }

    @Test
    void typeAndPasswordAreRequiredOnceEach() throws Exception {
        Path f = passwordFile(SECRET, "rw-------");
        List<ConfigProblem> p = problems("""
                instances:
                  a: {family: ipv4, interface: lan0, vrid: 1, version: 2, virtual-addresses: [192.0.2.1],
                      authentication: {password: "%1$s"}}
                  b: {family: ipv4, interface: lan0, vrid: 2, version: 2, virtual-addresses: [192.0.2.2],
                      authentication: {type: ah, password: "%1$s"}}
                  c: {family: ipv4, interface: lan0, vrid: 3, version: 2, virtual-addresses: [192.0.2.3],
                      authentication: {type: pass}}
                  d: {family: ipv4, interface: lan0, vrid: 4, version: 2, virtual-addresses: [192.0.2.4],
                      authentication: {type: pass, password: "%1$s", password-file: %2$s}}
                  e: {family: ipv4, interface: lan0, vrid: 5, version: 2, virtual-addresses: [192.0.2.5],
                      authentication: {type: pass, pasword: "%1$s"}}
                """.formatted(SECRET, f));
        assertEquals(List.of("instances.a.authentication.type", "instances.b.authentication.type",
                "instances.c.authentication", "instances.d.authentication.password-file",
                "instances.e.authentication", "instances.e.authentication.pasword"), paths(p), p::toString);
        assertEquals("IP Authentication Header (keepalived's auth_type AH) is not implemented", p.get(1).message());
        assertEquals("no password", p.get(2).message());
        assertEquals("both password and password-file are given", p.get(3).message());
        assertTrue(p.get(5).message().contains("did you mean password?"), p.get(5).message());
        assertSecretNowhere(p.toString());
    }

    @Test
    void thePasswordIsInNoProblemInNoDiffAndInNoYamlError() throws Exception {
        List<String> outputs = new ArrayList<>();
        for (String bad : List.of(
                v2(SECRET),                                                   // the password where the mapping goes
                v2("{type: pass, password: " + SECRET.substring(0, 7) + "}") + "    priority: 0\n",   // and another problem
                v2("{type: pass, password: \"" + SECRET + "X\"}"),          // too long
                gw4("    authentication: {type: pass, password: \"" + SECRET + "\"}\n"),   // on VRRPv3
                gw4("    version: 2\n    authentication:\n      type: pass\n      password: \"" + SECRET + "\n"),
                gw4("    version: 2\n    authentication: [type: pass, password: " + SECRET + ": x\n"))) {   // syntax
            InvalidConfigException e = assertThrows(InvalidConfigException.class,
                    () -> ConfigLoader.withBuiltInHooks().parse(Configs.FILE, bad, Configs.LAB));
            outputs.add(e.getMessage() + "\n" + e.problems());
        }
        outputs.forEach(AuthenticationConfigTest::assertSecretNowhere);
        assertFalse(only(v2("{type: pass, password: 12345678}")).toString().contains("12345678"),
                "a password written as a number is not shown either");
        List<ConfigProblem> octal = problems(v2("{type: pass, password: 01234567}"));
        assertEquals("a zero-padded number is octal in YAML", octal.get(0).message());
        assertFalse(octal.toString().contains("1234567"), octal::toString);

        VrrpdConfig before = Configs.load(v2("{type: pass, password: \"" + SECRET + "\"}"));
        VrrpdConfig after = Configs.load(v2("{type: pass, password: \"" + SECRET.substring(0, 7) + "\"}"));
        assertNotEquals(before.instances().get("gw4"), after.instances().get("gw4"),
                "a new password restarts the instance on reload");
        List<String> diff = ConfigDiff.between(before, after).stream().map(Object::toString).toList();
        assertEquals(List.of("  changed gw4: authentication password changed (not shown)"), diff);
        assertEquals(List.of("  changed gw4: authentication simple password (not shown) -> none"),
                ConfigDiff.between(before, Configs.load(gw4("    version: 2\n"))).stream().map(Object::toString)
                        .toList());
    }

    private static ConfigProblem only(String yaml) {
        List<ConfigProblem> p = problems(yaml);
        assertEquals(1, p.size(), p::toString);
        assertSecretNowhere(p.toString());
        return p.get(0);
    }

    private static void assertSecretNowhere(String text) {
        for (int i = 0; i + 4 <= SECRET.length(); i++) {
            String part = SECRET.substring(i, i + 4);
            assertFalse(text.contains(part), () -> "shows part of the password (" + part + "): " + text);
        }
    }
}
