package io.vrrpd.tests;

import io.vrrpd.hooks.kernel.LabUnavailableException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Every test in this module (registered through {@code META-INF/services}, with extension
 * autodetection on in {@code junit-platform.properties}): when the lab kit says it cannot be
 * built here ({@link LabUnavailableException}: not root, a tool or libpcap missing), the test is
 * skipped with that reason, which names what to install, never failed and never timed out.
 */
public final class LabUnavailableSkips implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw skipOrRethrow(throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw skipOrRethrow(throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw skipOrRethrow(throwable);
    }

    private static Throwable skipOrRethrow(Throwable throwable) {
        for (Throwable t = throwable; t != null; t = t.getCause()) {
            if (t instanceof LabUnavailableException e) {
                return new TestAbortedException(e.getMessage(), e);
            }
        }
        return throwable;
    }
}
