package io.contextbus.replay;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;

/**
 * One source's part of a replay: the commits planned and those Service Bus has acknowledged
 * ({@code sent}, exact: it only ever counts acknowledged sends), and whether the source is done.
 */
public record SourceProgress(ContextName source, long planned, long sent, boolean done) {
    public SourceProgress {
        ValidationException.requireNonNull(source, "source");
        ValidationException.require(planned >= 0, "planned", "must be non-negative but was " + planned + ".");
        ValidationException.require(sent >= 0, "sent", "must be non-negative but was " + sent + ".");
    }
}
