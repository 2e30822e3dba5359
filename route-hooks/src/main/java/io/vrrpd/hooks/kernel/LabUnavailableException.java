package io.vrrpd.hooks.kernel;

/**
 * A namespace lab cannot be built on this machine: not root, or a tool it runs is missing. The
 * message says what is missing and how to get it ({@code apt-get install PACKAGE}), so a test
 * can skip with it as the reason and a command can print it and exit.
 */
public final class LabUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LabUnavailableException(String message) {
        super(message);
    }

    /** {@code TOOL} is not installed: names the Debian package that has it. */
    public static LabUnavailableException missingTool(String tool, String debianPackage) {
        return new LabUnavailableException("the lab needs " + tool + " (apt-get install " + debianPackage + ")");
    }
}
