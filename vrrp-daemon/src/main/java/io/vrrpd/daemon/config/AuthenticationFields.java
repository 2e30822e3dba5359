package io.vrrpd.daemon.config;

import io.vrrpd.core.VrrpVersion;
import io.vrrpd.core.packet.Authentication;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an instance's {@code authentication}: the simple password (RFC 2338 auth type 1,
 * keepalived's {@code auth_type PASS}) its VRRPv2 adverts carry, given inline ({@code password})
 * or in a file ({@code password-file}).
 *
 * <p>The password is a secret: no problem reported here, or anywhere the config goes, shows it
 * (not even its characters for a "not a string" problem), and the bytes read are wiped once the
 * {@link Authentication} holds them. A password file is checked like a key when the config is
 * loaded: an absolute path to a regular file, readable by the daemon, not readable or writable
 * by others, holding 1 to 8 bytes (one trailing newline is not part of it); offline the file is
 * the router's and is not read ({@link SkippedCheck#PASSWORD_FILES}).
 */
final class AuthenticationFields {
    static final List<String> FIELDS = List.of("type", "password", "password-file");
    private static final String SHAPE = "{type: pass, password-file: /etc/vrrpd/NAME.pass} or {type: pass, password: \"...\"}";
    private static final String LENGTH = "1 to " + Authentication.DATA_LENGTH + " bytes: a VRRPv2 advert carries "
            + Authentication.DATA_LENGTH + " bytes of authentication data";
    /** A password file larger than this is not a password file: refused without reading it all. */
    private static final long MAX_FILE_BYTES = 64;
    private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE);

    private static final byte[] OFFLINE_PLACEHOLDER = {'?'};

    private enum Type { PASS, AH }

    private AuthenticationFields() {
    }

    /**
     * {@link Authentication#NONE} when absent; null when invalid. Allowed where VRRPv2 adverts are
     * sent and heard: {@code version: 2}, or {@code version: 3} with {@code accept-v2}.
     */
    static Authentication read(Node n, VrrpVersion version, Boolean acceptV2, Reading r) {
        if (n.isMissing()) {
            return Authentication.NONE;
        }
        if (!n.json().isObject()) {
            n.problem("authentication is not a mapping", SHAPE);   // the value could be the password: not shown
            return null;
        }
        n.onlyFields(FIELDS);
        boolean ok = true;
        if (version == VrrpVersion.V3 && Boolean.FALSE.equals(acceptV2)) {
            n.problem("authentication on a version 3 instance without accept-v2: only VRRPv2 adverts carry"
                    + " authentication", "version: 2, or accept-v2: true while VRRPv2 routers remain, or no"
                    + " authentication");
            ok = false;
        }
        Node typeNode = n.requiredField("type");
        Type type = typeNode.choice(Map.of("pass", Type.PASS, "ah", Type.AH), null);
        if (type == Type.AH) {
            typeNode.problem("IP Authentication Header (keepalived's auth_type AH) is not implemented",
                    "type: pass, or no authentication");
            type = null;
        }
        byte[] password = password(n, n.field("password"), n.field("password-file"), r);
        try {
            return ok && type != null && password != null ? Authentication.simplePassword(password) : null;
        } finally {
            if (password != null) {
                Arrays.fill(password, (byte) 0);
            }
        }
    }

    private static byte[] password(Node auth, Node inline, Node file, Reading r) {
        if (inline.isMissing() && file.isMissing()) {
            auth.problem("no password", "password-file: PATH, or password: \"...\"");
            return null;
        }
        if (!inline.isMissing() && !file.isMissing()) {
            file.problem("both password and password-file are given", "one of them");
            return null;
        }
        return file.isMissing() ? inline(inline) : fromFile(file, r);
    }

    private static byte[] inline(Node n) {
        if (!n.json().isTextual()) {
            n.problem("the password is not a string", "a quoted string of " + LENGTH);
            return null;
        }
        return checkedLength(n, n.json().asText().getBytes(StandardCharsets.UTF_8), "the password");
    }

    private static byte[] fromFile(Node n, Reading r) {
        String text = n.text("an absolute path, e.g. /etc/vrrpd/gw4.pass");
        if (text == null) {
            return null;
        }
        Path path = Path.of(text);
        if (!path.isAbsolute()) {
            n.problem(text + " is not an absolute path", "an absolute path, e.g. /etc/vrrpd/gw4.pass");
            return null;
        }
        if (r.host.offline()) {
            // the file is the router's: not read here. The config of an offline check is never run,
            // so a placeholder stands for the password.
            r.skipped(SkippedCheck.PASSWORD_FILES, n, text);
            return OFFLINE_PLACEHOLDER.clone();
        }
        if (!Files.exists(path)) {
            n.problem(path + " does not exist", "a file holding the password, readable by the daemon only");
            return null;
        }
        if (!Files.isRegularFile(path)) {
            n.problem(path + " is not a regular file", "a file holding the password, readable by the daemon only");
            return null;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            if (perms.stream().anyMatch(OTHERS::contains)) {
                n.problem(path + " is " + (perms.contains(PosixFilePermission.OTHERS_READ) ? "readable" : "writable")
                                + " by others (" + PosixFilePermissions.toString(perms) + ")",
                        "a file only root and the daemon's group can read, as for a key: chmod 0640 " + path);
                return null;
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to judge the permissions by; reading it is the test
        }
        try {
            if (Files.size(path) > MAX_FILE_BYTES) {
                n.problem(path + " holds " + Files.size(path) + " bytes, too many for a password", LENGTH);
                return null;
            }
            byte[] raw = Files.readAllBytes(path);
            byte[] password = withoutTrailingNewline(raw);
            Arrays.fill(raw, (byte) 0);
            return checkedLength(n, password, "the password in " + path);
        } catch (IOException e) {
            n.problem("cannot read " + path + ": " + reason(e), "a file the daemon can read (it runs as root, or"
                    + " in the file's group)");
            return null;
        }
    }

    /** The password: the file's bytes but one trailing {@code \n} or {@code \r\n}, as an editor leaves it. */
    private static byte[] withoutTrailingNewline(byte[] raw) {
        int n = raw.length;
        if (n > 0 && raw[n - 1] == '\n') {
            n--;
            if (n > 0 && raw[n - 1] == '\r') {
                n--;
            }
        }
        return Arrays.copyOf(raw, n);
    }

    private static byte[] checkedLength(Node n, byte[] password, String what) {
        if (password.length < 1 || password.length > Authentication.DATA_LENGTH) {
            n.problem(what + " is " + password.length + " bytes long", LENGTH);
            Arrays.fill(password, (byte) 0);
            return null;
        }
        return password;
    }

    private static String reason(IOException e) {
        return e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getClass().getSimpleName();
    }
}
