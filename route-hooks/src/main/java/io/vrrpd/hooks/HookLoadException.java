package io.vrrpd.hooks;

/** Hook providers could not be loaded: a bad plugin jar, or two providers of one type. */
public class HookLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    public HookLoadException(String message) {
        super(message);
    }

    public HookLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
