package io.contextbus.dispatch;

import io.contextbus.error.ValidationException;
import java.time.Instant;

/**
 * Proof that {@code owner} is the one active dispatcher of a store until {@code expiresAt}.
 * {@code epoch} grows every time the lease changes hands; writes fenced by a lease fail once a
 * newer epoch exists.
 */
public record DispatchLease(String owner, long epoch, Instant expiresAt) {
    public DispatchLease {
        ValidationException.requireNonNull(owner, "owner");
        ValidationException.require(!owner.isBlank(), "owner", "cannot be blank.");
        ValidationException.requireNonNull(expiresAt, "expiresAt");
    }
}
