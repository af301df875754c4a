package io.contextbus.emulatortests;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the system suite unless {@code CONTEXTBUS_TARGET=emulators} was asked for on a machine
 * without Docker: then the suite does not run, one line says so and why, and the build goes on.
 * The default target (local) and {@code azure} always run; a misconfigured {@code azure} fails.
 */
final class TargetAvailable implements ExecutionCondition {
    private static final AtomicBoolean SAID = new AtomicBoolean();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        TargetSettings settings = TargetSettings.fromEnvironment();
        if (settings.kind() != TargetSettings.Kind.EMULATORS) {
            return ConditionEvaluationResult.enabled("target " + settings.kind());
        }
        String reason = EmulatorContainers.unavailableReason();
        if (reason == null) {
            return ConditionEvaluationResult.enabled("Docker is available");
        }
        String line = "[emulator-tests] the system suite did not run: CONTEXTBUS_TARGET=emulators needs Docker, and "
                + reason + ".";
        if (SAID.compareAndSet(false, true)) {
            System.out.println(line);
        }
        return ConditionEvaluationResult.disabled(line);
    }
}
