package io.contextbus.replay.e2e;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the browser test when chromium is on the PATH (the build installs Debian's package where it
 * can: {@code src/test/scripts/ensure-chromium.sh}); otherwise one line says why it did not run.
 */
final class ChromiumAvailable implements ExecutionCondition {
    private static final AtomicBoolean SAID = new AtomicBoolean();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (HeadlessChromium.binary().isPresent()) {
            return ConditionEvaluationResult.enabled("chromium is installed");
        }
        if (SAID.compareAndSet(false, true)) {
            System.out.println(HeadlessChromium.UNAVAILABLE);
        }
        return ConditionEvaluationResult.disabled(HeadlessChromium.UNAVAILABLE);
    }
}
