package io.vrrpd.daemon.takeover;

import io.vrrpd.daemon.config.InstanceConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A digest of one instance's effective configuration, as both sides of a take-over load it: an
 * instance is adopted only when the new process's digest equals the old one's. It covers every
 * field of {@link InstanceConfig} as its {@code toString} shows it, which leaves out a VRRPv2
 * password: not even its hash leaves the process. A change of password alone is adopted, so it
 * belongs in a reload, not in an upgrade (docs/control-socket.md).
 */
public final class ConfigDigest {
    private ConfigDigest() {
    }

    /** {@code sha256:HEX} of {@code config}. */
    public static String of(InstanceConfig config) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(config.toString().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
