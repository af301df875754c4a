package io.contextbus.store.cosmos.implementation;

import com.azure.cosmos.CosmosException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.dispatch.DispatchCheckpointStore;
import io.contextbus.dispatch.DispatchLease;
import io.contextbus.error.LeaseLostException;
import io.contextbus.error.ValidationException;
import io.contextbus.model.Position;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The generic dispatcher's lease and checkpoint as one document in the context's container, changed
 * only by ETag-conditioned replaces: a write fenced by a lease fails once another owner (a newer
 * epoch) holds it. This keeps the core store dispatcher usable on Cosmos DB; the change feed
 * dispatcher ({@link io.contextbus.store.cosmos.CosmosChangeFeedDispatcher}) needs neither and keeps
 * its leases in the leases container.
 */
public final class CosmosDispatchCheckpointStore implements DispatchCheckpointStore {
    /** The partition of framework documents; no commit lives there (commit ids are numbers). */
    static final String PARTITION = "$contextbus";
    private static final String ID = "dispatch-lease";
    private static final String OPERATION = "checkpoint";

    private final Documents documents;

    public CosmosDispatchCheckpointStore(Documents documents) {
        this.documents = documents;
    }

    @Override
    public Optional<DispatchLease> tryAcquireLease(String owner, Duration ttl) {
        ValidationException.requireNonNull(owner, "owner");
        ValidationException.require(!owner.isBlank(), "owner", "cannot be blank.");
        requireTtl(ttl);
        for (int attempt = 0; attempt < 5; attempt++) {
            State s = read();
            Instant now = Instant.now();
            boolean free = s.owner == null || !now.isBefore(s.expiresAt);
            if (!free && !s.owner.equals(owner)) {
                return Optional.empty();
            }
            long epoch = s.owner != null && s.owner.equals(owner) && now.isBefore(s.expiresAt) ? s.epoch : s.epoch + 1;
            DispatchLease lease = new DispatchLease(owner, epoch, now.plus(ttl));
            if (write(s, lease.owner(), lease.epoch(), lease.expiresAt(), s.checkpoint)) {
                return Optional.of(lease);
            }
        }
        return Optional.empty();
    }

    @Override
    public DispatchLease renewLease(DispatchLease lease, Duration ttl) {
        ValidationException.requireNonNull(lease, "lease");
        requireTtl(ttl);
        for (int attempt = 0; attempt < 5; attempt++) {
            State s = read();
            requireHeld(s, lease, false);
            DispatchLease renewed = new DispatchLease(lease.owner(), lease.epoch(), Instant.now().plus(ttl));
            if (write(s, renewed.owner(), renewed.epoch(), renewed.expiresAt(), s.checkpoint)) {
                return renewed;
            }
        }
        throw new LeaseLostException("dispatch lease of " + documents.context() + " kept changing; renew failed");
    }

    @Override
    public void releaseLease(DispatchLease lease) {
        ValidationException.requireNonNull(lease, "lease");
        for (int attempt = 0; attempt < 5; attempt++) {
            State s = read();
            if (s.owner == null || !s.owner.equals(lease.owner()) || s.epoch != lease.epoch()) {
                return;
            }
            if (write(s, null, s.epoch, Instant.EPOCH, s.checkpoint)) {
                return;
            }
        }
    }

    @Override
    public Position checkpoint() {
        return new Position(read().checkpoint);
    }

    @Override
    public void advanceCheckpoint(DispatchLease lease, Position position) {
        ValidationException.requireNonNull(lease, "lease");
        ValidationException.requireNonNull(position, "position");
        for (int attempt = 0; attempt < 5; attempt++) {
            State s = read();
            requireHeld(s, lease, true);
            if (write(s, s.owner, s.epoch, s.expiresAt, position.token())) {
                return;
            }
        }
        throw new LeaseLostException("dispatch lease of " + documents.context() + " kept changing; checkpoint not moved");
    }

    private void requireHeld(State s, DispatchLease lease, boolean unexpired) {
        boolean held = s.owner != null && s.owner.equals(lease.owner()) && s.epoch == lease.epoch()
                && (!unexpired || Instant.now().isBefore(s.expiresAt));
        if (!held) {
            throw new LeaseLostException("dispatch lease of " + documents.context() + " is no longer held by "
                    + lease.owner() + " (epoch " + lease.epoch() + "); now owner=" + s.owner + " epoch=" + s.epoch);
        }
    }

    private static void requireTtl(Duration ttl) {
        ValidationException.requireNonNull(ttl, "ttl");
        ValidationException.require(!ttl.isNegative() && !ttl.isZero(), "ttl", "must be positive but was " + ttl + ".");
    }

    private State read() {
        try {
            return documents.read(ID, PARTITION, OPERATION).map(r -> State.of(r.document(), r.etag()))
                    .orElse(new State(null, 0, Instant.EPOCH, "", null));
        } catch (CosmosException e) {
            throw CosmosErrors.translate(e, OPERATION, null);
        }
    }

    /** Writes the lease conditioned on the state read; false when someone else wrote first. */
    private boolean write(State previous, String owner, long epoch, Instant expiresAt, String checkpoint) {
        ObjectNode doc = CommitDocuments.newDocument(ID, PARTITION, "dispatch");
        if (owner == null) {
            doc.putNull("owner");
        } else {
            doc.put("owner", owner);
        }
        doc.put("epoch", epoch);
        doc.put("expiresAt", expiresAt.toEpochMilli());
        doc.put("checkpoint", checkpoint);
        try {
            if (previous.etag == null) {
                documents.create(doc, PARTITION, OPERATION);
            } else {
                documents.replace(doc, ID, PARTITION, previous.etag, OPERATION);
            }
            return true;
        } catch (CosmosException e) {
            CosmosErrors.Kind kind = CosmosErrors.kind(e);
            if (kind == CosmosErrors.Kind.CONDITION_FAILED || kind == CosmosErrors.Kind.CONFLICT) {
                return false;
            }
            throw CosmosErrors.translate(e, OPERATION, null);
        }
    }

    private record State(String owner, long epoch, Instant expiresAt, String checkpoint, String etag) {
        static State of(JsonNode doc, String etag) {
            JsonNode owner = doc.get("owner");
            return new State(owner == null || owner.isNull() ? null : owner.asText(), doc.path("epoch").asLong(),
                    Instant.ofEpochMilli(doc.path("expiresAt").asLong()), doc.path("checkpoint").asText(""), etag);
        }
    }
}
