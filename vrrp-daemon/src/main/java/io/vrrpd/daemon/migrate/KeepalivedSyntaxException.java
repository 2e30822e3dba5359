package io.vrrpd.daemon.migrate;

/** The keepalived file cannot be read or is not valid keepalived syntax; {@link #getMessage()} starts with FILE:LINE. */
public final class KeepalivedSyntaxException extends Exception {

    private final transient Source source;

    public KeepalivedSyntaxException(Source source, String message) {
        super(source == null ? message : source + ": " + message);
        this.source = source;
    }

    /** Where the problem is; null when the main file itself cannot be read. */
    public Source source() {
        return source;
    }
}
