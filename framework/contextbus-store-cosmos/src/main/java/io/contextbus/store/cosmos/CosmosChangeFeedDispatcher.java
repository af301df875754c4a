package io.contextbus.store.cosmos;

import com.azure.cosmos.ChangeFeedProcessor;
import com.azure.cosmos.ChangeFeedProcessorBuilder;
import com.azure.cosmos.CosmosAsyncClient;
import com.azure.cosmos.CosmosAsyncDatabase;
import com.azure.cosmos.models.ChangeFeedProcessorItem;
import com.azure.cosmos.models.ChangeFeedProcessorOptions;
import io.contextbus.dispatch.CommitPublisher;
import io.contextbus.dispatch.DispatchLag;
import io.contextbus.dispatch.Dispatcher;
import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.dispatch.DispatcherState;
import io.contextbus.dispatch.DispatcherStatus;
import io.contextbus.error.ValidationException;
import io.contextbus.implementation.ResilientPublisher;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.store.cosmos.implementation.CommitDocuments;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every commit of a context's container through the Cosmos DB change feed processor.
 * The processor's lease (in the leases container) is the dispatcher checkpoint: it advances only
 * after {@link CommitPublisher#publish} returned for the whole batch; when publishing fails (after
 * our retry and circuit breaker) the batch is read again from the lease and re-sent. So: at least
 * once, in commit order per stream, and no per-commit "dispatched" write. Instances of one context
 * with different host names share the work by leases (one lease per physical partition). Start with
 * {@link #start()}, stop with {@link #close()}. {@link CosmosEventStore#startDispatcher} starts one
 * from the core's {@link DispatcherOptions}, which is how the {@code ContextBus} builder dispatches a
 * Cosmos DB store.
 */
public final class CosmosChangeFeedDispatcher implements Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(CosmosChangeFeedDispatcher.class);

    private final ContextName context;
    private final CosmosAsyncClient client;
    private final ChangeFeedProcessor processor;
    private final ResilientPublisher publisher;
    private final String hostName;
    private final int maxItemCount;
    private final LongAdder commitsDispatched = new LongAdder();
    private final LongAdder batchesDispatched = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private volatile DispatcherState state = DispatcherState.NEW;
    private volatile boolean caughtUp;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    /** The batches handed to the publisher and not yet published (one per leased partition at most). */
    private final Map<Object, InFlight> inFlight = new ConcurrentHashMap<>();

    private CosmosChangeFeedDispatcher(Builder b) {
        this.context = b.context;
        this.hostName = b.hostName;
        this.maxItemCount = b.maxItemCount;
        // Make sure both containers exist, through the synchronous client of the stores.
        b.stores.eventStore(b.context);
        b.stores.leasesContainer(b.context);
        CosmosStoreOptions options = b.stores.options();
        // The change feed processor requires write responses with content (it reads leases back from them).
        this.client = CosmosStores.clientBuilder(options).contentResponseOnWriteEnabled(true).buildAsyncClient();
        CosmosAsyncDatabase database = client.getDatabase(options.database());
        this.publisher = new ResilientPublisher(b.publisher, "cosmos-dispatch-" + b.context.value(),
                DispatcherOptions.DEFAULT.withBackoff(b.backoff).withBreaker(b.breaker), retries);
        ChangeFeedProcessorOptions cfp = new ChangeFeedProcessorOptions()
                .setLeasePrefix(b.context.value() + ".")
                .setStartFromBeginning(true)
                .setFeedPollDelay(b.pollDelay)
                .setLeaseAcquireInterval(b.leaseAcquireInterval)
                .setLeaseRenewInterval(b.leaseRenewInterval)
                .setLeaseExpirationInterval(b.leaseExpirationInterval)
                .setMaxItemCount(b.maxItemCount);
        this.processor = new ChangeFeedProcessorBuilder()
                .hostName(b.hostName)
                .feedContainer(database.getContainer(options.containerName(b.context.value())))
                .leaseContainer(database.getContainer(options.leasesContainerName(b.context.value())))
                .options(cfp)
                .handleLatestVersionChanges(this::handle)
                .buildChangeFeedProcessor();
    }

    public static Builder builder(CosmosStores stores, ContextName context, CommitPublisher publisher) {
        return new Builder(stores, context, publisher);
    }

    /** Starts processing; returns once the processor runs (leases are taken in the background). */
    public CosmosChangeFeedDispatcher start() {
        processor.start().block();
        state = DispatcherState.ACTIVE;
        return this;
    }

    /**
     * State and counters. {@code checkpoint} is always empty (the leases hold it); {@code caughtUp}
     * is true after a batch smaller than {@code maxItemCount} was published (the processor hands
     * over only batches with changes, so an idle feed is not seen otherwise); the state is
     * {@code ACTIVE} while running, whether or not this instance holds a lease now.
     */
    @Override
    public DispatcherStatus status() {
        DispatcherState s = state == DispatcherState.ACTIVE && publisher.isCircuitOpen() ? DispatcherState.CIRCUIT_OPEN : state;
        return new DispatcherStatus(hostName, s, Optional.empty(), caughtUp, commitsDispatched.sum(),
                batchesDispatched.sum(), retries.sum(), Optional.ofNullable(lastError), Optional.ofNullable(lastErrorAt));
    }

    /** The commits of the batches being published now (the feed holds the rest) and the age of the oldest. */
    @Override
    public DispatchLag lag() {
        long commits = 0;
        Instant oldest = null;
        for (InFlight f : inFlight.values()) {
            commits += f.commits();
            oldest = oldest == null || f.oldest().isBefore(oldest) ? f.oldest() : oldest;
        }
        if (oldest == null) {
            return DispatchLag.NONE;
        }
        Duration age = Duration.between(oldest, Instant.now());
        return new DispatchLag(commits, age.isNegative() ? Duration.ZERO : age);
    }

    private record InFlight(long commits, Instant oldest) {
    }

    public boolean isRunning() {
        return processor.isStarted();
    }

    /**
     * One batch of the feed, in feed order. Returning lets the processor checkpoint the lease;
     * throwing makes it give the lease up unchanged and read the same batch again.
     */
    private void handle(List<ChangeFeedProcessorItem> items) {
        if (state == DispatcherState.STOPPED) {
            // The processor may hand over batches after stop() returned; publishing them would break
            // "a closed dispatcher starts no publish". Thrown, so the lease is not checkpointed past them.
            throw new IllegalStateException("The change feed dispatcher '" + hostName + "' of context '" + context.value()
                    + "' is closed: " + items.size() + " changes left to the next instance.");
        }
        List<Commit> commits = new ArrayList<>(items.size());
        for (ChangeFeedProcessorItem item : items) {
            if (CommitDocuments.isCommit(item.getCurrent())) {
                commits.add(CommitDocuments.toCommit(item.getCurrent()));
            }
        }
        if (commits.isEmpty()) {
            return;
        }
        Object batch = new Object();
        inFlight.put(batch, new InFlight(commits.size(), commits.get(0).commitStamp()));
        try {
            publisher.publish(context, commits);
        } catch (RuntimeException e) {
            lastError = e.getClass().getName() + ": " + e.getMessage();
            lastErrorAt = Instant.now();
            caughtUp = false;
            // Thrown back to the change feed processor: no checkpoint, the batch is read again.
            LOG.warn("publish failed context={} commits={} first={} transient={}", context, commits.size(),
                    commits.get(0).key(), e instanceof io.contextbus.error.ContextBusException c && c.isTransient(), e);
            throw e;
        } finally {
            inFlight.remove(batch);
        }
        commitsDispatched.add(commits.size());
        batchesDispatched.increment();
        caughtUp = items.size() < maxItemCount;
        LOG.debug("dispatched context={} commits={} first={} last={}", context, commits.size(),
                commits.get(0).key(), commits.get(commits.size() - 1).key());
    }

    /** Stops processing and releases the leases, so that another instance takes over at once. */
    @Override
    public synchronized void close() {
        if (state == DispatcherState.STOPPED) {
            return;
        }
        state = DispatcherState.STOPPED;
        try {
            processor.stop().block(Duration.ofSeconds(30));
        } finally {
            client.close();
        }
    }

    /** Options of the dispatcher; defaults suit production (the SDK's lease timings). */
    public static final class Builder {
        private final CosmosStores stores;
        private final ContextName context;
        private final CommitPublisher publisher;
        private String hostName = "dispatcher-" + UUID.randomUUID();
        private Duration pollDelay = Duration.ofSeconds(1);
        private Duration leaseAcquireInterval = Duration.ofSeconds(13);
        private Duration leaseRenewInterval = Duration.ofSeconds(17);
        private Duration leaseExpirationInterval = Duration.ofSeconds(60);
        private int maxItemCount = 100;
        // Through DispatcherOptions.DEFAULT, not Backoff.DEFAULT: touching the nested record first
        // breaks the core's static initialisation order (see the module README).
        private DispatcherOptions.Backoff backoff = DispatcherOptions.DEFAULT.backoff();
        private DispatcherOptions.Breaker breaker = DispatcherOptions.DEFAULT.breaker();

        private Builder(CosmosStores stores, ContextName context, CommitPublisher publisher) {
            this.stores = ValidationException.requireNonNull(stores, "stores");
            this.context = ValidationException.requireNonNull(context, "context");
            this.publisher = ValidationException.requireNonNull(publisher, "publisher");
        }

        /**
         * Takes what applies from the core dispatcher's options: {@code owner} as the host name (when
         * set), {@code pageSize} as {@link #maxItemCount}, {@code pollInterval} as {@link #pollDelay},
         * {@code leaseTtl} as the lease expiration (renewed and acquired every third of it), and the
         * backoff and breaker. {@code linger} and {@code closeTimeout} have no counterpart here.
         */
        public Builder options(DispatcherOptions options) {
            ValidationException.requireNonNull(options, "options");
            options.owner().ifPresent(this::hostName);
            Duration third = options.leaseTtl().dividedBy(3);
            return maxItemCount(options.pageSize()).pollDelay(options.pollInterval())
                    .leaseTimings(third, third, options.leaseTtl()).backoff(options.backoff()).breaker(options.breaker());
        }

        /** This instance's name in the leases; unique per running instance. */
        public Builder hostName(String hostName) {
            ValidationException.requireNonNull(hostName, "hostName");
            ValidationException.require(!hostName.isBlank(), "hostName", "cannot be blank.");
            this.hostName = hostName;
            return this;
        }

        public Builder pollDelay(Duration pollDelay) {
            this.pollDelay = positive(pollDelay, "pollDelay");
            return this;
        }

        /** How often leases are checked, renewed, and after how long an unrenewed lease may be taken. */
        public Builder leaseTimings(Duration acquire, Duration renew, Duration expiration) {
            this.leaseAcquireInterval = positive(acquire, "leaseAcquireInterval");
            this.leaseRenewInterval = positive(renew, "leaseRenewInterval");
            this.leaseExpirationInterval = positive(expiration, "leaseExpirationInterval");
            ValidationException.require(expiration.compareTo(renew) > 0, "leaseExpirationInterval",
                    "must exceed leaseRenewInterval (" + renew + ") but was " + expiration + ".");
            return this;
        }

        /** The most commits handed to the publisher in one call (one checkpoint per call). */
        public Builder maxItemCount(int maxItemCount) {
            ValidationException.require(maxItemCount >= 1, "maxItemCount", "must be at least 1 but was " + maxItemCount + ".");
            this.maxItemCount = maxItemCount;
            return this;
        }

        /** The retry around one publish call, before the batch is given back to the feed (as the core dispatcher's). */
        public Builder backoff(DispatcherOptions.Backoff backoff) {
            this.backoff = ValidationException.requireNonNull(backoff, "backoff");
            return this;
        }

        /** The circuit breaker around the publisher (as the core dispatcher's). */
        public Builder breaker(DispatcherOptions.Breaker breaker) {
            this.breaker = ValidationException.requireNonNull(breaker, "breaker");
            return this;
        }

        public CosmosChangeFeedDispatcher build() {
            return new CosmosChangeFeedDispatcher(this);
        }

        private static Duration positive(Duration d, String field) {
            ValidationException.requireNonNull(d, field);
            ValidationException.require(!d.isNegative() && !d.isZero(), field, "must be positive but was " + d + ".");
            return d;
        }
    }
}
