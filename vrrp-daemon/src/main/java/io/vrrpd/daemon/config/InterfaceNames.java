package io.vrrpd.daemon.config;

import java.nio.charset.StandardCharsets;

/**
 * What the Linux kernel accepts as an interface name ({@code dev_valid_name}): 1 to 15 bytes
 * (IFNAMSIZ less the terminating NUL), not {@code .} or {@code ..}, without {@code /}, {@code :}
 * or whitespace. A fact of Linux, not of a host, so {@code --check --offline} still checks it.
 */
final class InterfaceNames {
    static final String RULE = "1-15 bytes, no '/', ':' or whitespace, not '.' or '..'";
    private static final int MAX_BYTES = 15;

    private InterfaceNames() {
    }

    /** Why {@code name} cannot name a Linux interface, or null when it can. */
    static String problem(String name) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0) {
            return "it is empty";
        }
        if (bytes > MAX_BYTES) {
            return "it is " + bytes + " bytes long";
        }
        if (name.equals(".") || name.equals("..")) {
            return "it is a directory name";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':' || Character.isWhitespace(c)) {
                return "it contains '" + (Character.isWhitespace(c) ? "whitespace" : String.valueOf(c)) + "'";
            }
        }
        return null;
    }
}
