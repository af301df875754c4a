package io.contextbus.dispatch;

import io.contextbus.error.LeaseLostException;
import io.contextbus.error.ValidationException;
import io.contextbus.model.Position;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Test fake: the dispatcher lease (epoch-fenced) and checkpoint, in memory. The kit's
 * DispatchCheckpointContract holds it to the stores' contract (contextbus-testkit's tests, through
 * core's test-jar).
 */
final class InMemoryCheckpointStore implements DispatchCheckpointStore {
    private DispatchLease current;
    private long epoch;
    private Position checkpoint = Position.BEGINNING;
    private int advances;

    @Override
    public synchronized Optional<DispatchLease> tryAcquireLease(String owner, Duration ttl) {
        ValidationException.requireNonNull(owner, "owner");
        ValidationException.require(!owner.isBlank(), "owner", "cannot be blank.");
        requirePositive(ttl);
        Instant now = Instant.now();
        if (current != null && !current.owner().equals(owner) && current.expiresAt().isAfter(now)) {
            return Optional.empty();
        }
        if (current == null || !current.owner().equals(owner)) {
            epoch++;
        }
        current = new DispatchLease(owner, epoch, now.plus(ttl));
        return Optional.of(current);
    }

    @Override
    public synchronized DispatchLease renewLease(DispatchLease lease, Duration ttl) {
        ValidationException.requireNonNull(lease, "lease");
        requirePositive(ttl);
        requireCurrent(lease, false);
        current = new DispatchLease(lease.owner(), lease.epoch(), Instant.now().plus(ttl));
        return current;
    }

    @Override
    public synchronized void releaseLease(DispatchLease lease) {
        ValidationException.requireNonNull(lease, "lease");
        if (current != null && current.epoch() == lease.epoch() && current.owner().equals(lease.owner())) {
            current = null;
        }
    }

    @Override
    public synchronized Position checkpoint() {
        return checkpoint;
    }

    @Override
    public synchronized void advanceCheckpoint(DispatchLease lease, Position position) {
        ValidationException.requireNonNull(lease, "lease");
        ValidationException.requireNonNull(position, "position");
        requireCurrent(lease, true);
        checkpoint = position;
        advances++;
    }

    /** Hands the lease to {@code owner} as if the holder's lease had expired and been taken. */
    synchronized void stealLease(String owner) {
        epoch++;
        current = new DispatchLease(owner, epoch, Instant.now().plus(Duration.ofMinutes(10)));
    }

    synchronized Optional<DispatchLease> currentLease() {
        return Optional.ofNullable(current);
    }

    synchronized int advances() {
        return advances;
    }

    private static void requirePositive(Duration ttl) {
        ValidationException.requireNonNull(ttl, "ttl");
        ValidationException.require(!ttl.isNegative() && !ttl.isZero(), "ttl", "must be positive but was " + ttl + ".");
    }

    private void requireCurrent(DispatchLease lease, boolean mustBeUnexpired) {
        boolean held = current != null && current.epoch() == lease.epoch() && current.owner().equals(lease.owner());
        if (!held || (mustBeUnexpired && !current.expiresAt().isAfter(Instant.now()))) {
            throw new LeaseLostException("Lease of '" + lease.owner() + "' (epoch " + lease.epoch() + ") is no longer current.");
        }
    }
}
