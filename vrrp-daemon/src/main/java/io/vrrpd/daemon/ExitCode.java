package io.vrrpd.daemon;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How {@code vrrpd} ends, as systemd and scripts see it. The numbers are a contract (the unit's
 * {@code RestartPreventExitStatus=} lists 2 and 3, docs/systemd.md); {@code vrrpd --help} prints
 * this table.
 */
public enum ExitCode {
    /** Stopped cleanly on SIGTERM, or {@code --check} found the config valid. */
    OK(0, "stopped cleanly, or --check found the config valid"),
    /**
     * Failed while running: the control socket or metrics endpoint could not be served; or
     * {@code --take-over} found a vrrpd that would not hand over (nothing was started).
     */
    FAILURE(1, "runtime failure"),
    /** The configuration, a hook plugin or the command line is invalid; nothing was started. */
    CONFIG(2, "invalid configuration or usage"),
    /**
     * The host lacks something native the daemon needs (capabilities, raw sockets, rtnetlink,
     * libpcap, JNA's stub); one line on standard error names it and the fix; nothing was started.
     */
    PRIVILEGES(3, "the host lacks a capability, raw sockets, rtnetlink or a native library");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }

    /** What it means, for the help text. */
    public String meaning() {
        return meaning;
    }

    /** The help text's exit-code table: status to meaning, in order. */
    static Map<String, String> helpTable() {
        Map<String, String> table = new LinkedHashMap<>();
        for (ExitCode e : values()) {
            table.put(Integer.toString(e.code), e.meaning);
        }
        return table;
    }
}
