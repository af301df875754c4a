package io.contextbus.topology;

/**
 * One way a topology exceeds a limit of the official Service Bus emulator. {@code path} names the
 * JSON element as the topology file spells it. A {@link Severity#WARNING} is a value the emulator
 * export fits into the emulator's range (so the emulator then behaves differently from Azure in
 * exactly that respect, e.g. a PT10M dedupe window written as PT5M), or a limit the file cannot
 * show but running it would meet (more contexts than the emulator's 10 connections); an
 * {@link Severity#ERROR} is something the emulator would refuse and no export can fit (too many
 * entities, a filter over 1,024 characters).
 */
public record EmulatorLimitViolation(Severity severity, String path, String message) {
    public EmulatorLimitViolation {
        Checks.notNull(severity, "severity");
        Checks.notNull(path, "path");
        Checks.notNull(message, "message");
    }

    /** Whether the emulator export can fit the value ({@code WARNING}) or the emulator refuses it ({@code ERROR}). */
    public enum Severity {
        WARNING,
        ERROR
    }

    @Override
    public String toString() {
        return severity + " " + path + ": " + message;
    }
}
