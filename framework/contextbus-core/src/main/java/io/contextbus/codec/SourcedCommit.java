package io.contextbus.codec;

import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;

/** A commit together with the context whose store it came from. */
public record SourcedCommit(ContextName source, Commit commit) {
    public SourcedCommit {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(commit, "commit");
    }
}
