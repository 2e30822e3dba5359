package io.vrrpd.daemon.config;

/** Conversions between JSON pointers and the dotted paths shown to users. */
final class Paths {

    private Paths() {}

    /** {@code /hooks/1/instances/0} to {@code hooks[1].instances[0]}. */
    static String fromPointer(String pointer) {
        StringBuilder b = new StringBuilder();
        for (String raw : pointer.split("/")) {
            if (raw.isEmpty()) {
                continue;
            }
            String seg = raw.replace("~1", "/").replace("~0", "~");
            if (seg.chars().allMatch(Character::isDigit) && b.length() > 0) {
                b.append('[').append(seg).append(']');
            } else {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(seg);
            }
        }
        return b.toString();
    }

    static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }
}
