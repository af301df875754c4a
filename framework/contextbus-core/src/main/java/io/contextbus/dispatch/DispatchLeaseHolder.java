package io.contextbus.dispatch;

import io.contextbus.error.LeaseLostException;
import io.contextbus.model.ContextName;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dispatcher's hold on its store's {@link DispatchLease}: takes it when it is free, renews it
 * (before every publish attempt, and every {@link DispatcherOptions#leaseCheckInterval()} while
 * idle), forgets it when the store says it was lost, and releases it on close. Only while it holds
 * the lease may the dispatcher publish, and the lease fences its checkpoint writes. Used by the
 * dispatcher's one worker thread only. It logs under {@link StoreDispatcher}'s name: its lines are
 * the dispatcher's.
 */
final class DispatchLeaseHolder {
    private static final Logger LOG = LoggerFactory.getLogger(StoreDispatcher.class);

    private final DispatchCheckpointStore checkpoints;
    private final ContextName context;
    private final String owner;
    private final DispatcherOptions options;
    private DispatchLease lease;
    private Instant renewedAt;

    DispatchLeaseHolder(DispatchCheckpointStore checkpoints, ContextName context, String owner,
                        DispatcherOptions options) {
        this.checkpoints = checkpoints;
        this.context = context;
        this.owner = owner;
        this.options = options;
    }

    boolean held() {
        return lease != null;
    }

    /** The lease held, for a write it fences; null when none is held. */
    DispatchLease current() {
        return lease;
    }

    /** Takes the lease if it is free (or already this owner's); true when it is now held. */
    boolean tryAcquire() {
        Optional<DispatchLease> acquired = checkpoints.tryAcquireLease(owner, options.leaseTtl());
        if (acquired.isEmpty()) {
            return false;
        }
        lease = acquired.get();
        renewedAt = Instant.now();
        LOG.info("dispatcher lease acquired context={} owner={} epoch={}", context, owner, lease.epoch());
        return true;
    }

    /** @throws LeaseLostException when another owner took it meanwhile */
    void renew() {
        lease = checkpoints.renewLease(lease, options.leaseTtl());
        renewedAt = Instant.now();
    }

    /** Renews when a lease check interval has passed since the last renewal (an idle dispatcher). */
    void renewIfDue() {
        if (Duration.between(renewedAt, Instant.now()).compareTo(options.leaseCheckInterval()) >= 0) {
            renew();
        }
    }

    /** The store refused a write fenced by the lease: it is someone else's now. */
    void lost(Object at, LeaseLostException e) {
        LOG.warn("dispatcher lost its lease, publishing stops context={} owner={} at={} error=\"{}\"",
                context, owner, at, e.getMessage());
        lease = null;
    }

    /** Gives the lease back so that a standby can take over at once; a failure only logs (it expires by itself). */
    void release() {
        if (lease == null) {
            return;
        }
        try {
            checkpoints.releaseLease(lease);
            LOG.info("dispatcher lease released context={} owner={} epoch={}", context, owner, lease.epoch());
        } catch (RuntimeException e) {
            // It expires by itself after leaseTtl; a standby waits that long at most.
            LOG.warn("dispatcher lease release failed context={} owner={} error=\"{}\"", context, owner, e.toString());
        } finally {
            lease = null;
        }
    }
}
