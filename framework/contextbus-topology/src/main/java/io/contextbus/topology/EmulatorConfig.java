package io.contextbus.topology;

import java.util.List;

/**
 * A Config.json for the official Service Bus emulator, and the list of changes made to fit the
 * emulator's limits (each names the JSON path, the value in the topology and the value written),
 * so a caller can log them: the emulator then behaves differently from Azure in exactly those ways.
 */
public record EmulatorConfig(String json, List<String> adjustments) {
    public EmulatorConfig {
        Checks.notNull(json, "json");
        adjustments = List.copyOf(Checks.notNull(adjustments, "adjustments"));
    }
}
