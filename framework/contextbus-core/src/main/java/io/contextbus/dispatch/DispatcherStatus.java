package io.contextbus.dispatch;

import io.contextbus.model.Position;
import java.time.Instant;
import java.util.Optional;

/**
 * A point-in-time view of a {@link Dispatcher}, for health checks and metrics. Counters count
 * since it started.
 *
 * @param owner             the lease owner id this dispatcher uses
 * @param state             what it is doing
 * @param checkpoint        the position up to which it has published and checkpointed; empty while
 *                          it has not read the checkpoint (standby), and always for a dispatcher
 *                          whose checkpoint is not a store position (the Cosmos DB change feed's
 *                          leases)
 * @param caughtUp          true when its last read found no commit after the checkpoint. The exact
 *                          lag is not offered: positions are opaque (a change-feed token for Cosmos
 *                          DB), so counting commits behind costs a scan
 * @param commitsDispatched commits published and checkpointed
 * @param batchesDispatched pages published and checkpointed
 * @param retries           publish attempts and publish cycles that were retried
 * @param lastError         the last failure, {@code "<exception class>: <message>"}
 * @param lastErrorAt       when it happened
 */
public record DispatcherStatus(
        String owner,
        DispatcherState state,
        Optional<Position> checkpoint,
        boolean caughtUp,
        long commitsDispatched,
        long batchesDispatched,
        long retries,
        Optional<String> lastError,
        Optional<Instant> lastErrorAt) {
}
