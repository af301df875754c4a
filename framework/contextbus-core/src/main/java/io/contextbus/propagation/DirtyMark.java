package io.contextbus.propagation;

import io.contextbus.error.ValidationException;

/**
 * One entity whose state changed and has not yet been accepted by the sink: its key and the version
 * of its latest change (any number that grows with each change of the entity, such as the
 * commitSequence that caused it).
 */
public record DirtyMark(String entity, long version) {
    public DirtyMark {
        ValidationException.requireNonNull(entity, "entity");
        ValidationException.require(!entity.isBlank(), "entity", "cannot be blank.");
        ValidationException.require(version >= 0, "version", "must be at least 0 but was " + version + ".");
    }
}
