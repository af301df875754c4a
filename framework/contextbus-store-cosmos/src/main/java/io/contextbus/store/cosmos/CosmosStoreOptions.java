package io.contextbus.store.cosmos;

import com.azure.core.credential.TokenCredential;
import io.contextbus.codec.CommitLimits;
import io.contextbus.error.ValidationException;
import java.time.Duration;
import java.util.List;

/**
 * How the Cosmos DB store connects and lays out its containers. Build with {@link #builder()};
 * validated once, at {@link Builder#build()}. Give either a {@link TokenCredential} (production:
 * {@code new DefaultAzureCredentialBuilder().build()}) or an account key (local use only).
 *
 * @param endpoint            the account endpoint, e.g. {@code https://myaccount.documents.azure.com:443/}
 * @param key                 the account key, or null when {@code credential} is set
 * @param credential          an Entra ID credential, or null when {@code key} is set
 * @param database            the database holding every context's containers
 * @param containerPrefix     container name = prefix + context name (e.g. {@code events-ordering})
 * @param leasesSuffix        the change feed leases container = prefix + context + suffix
 * @param directMode          true for direct (TCP) mode, false for gateway (HTTPS) mode
 * @param preferredRegions    regions to read from first, in order; empty for the account default
 * @param throughputOnCreate  manual RU/s given to a container the store creates; null to create it
 *                            without dedicated throughput (shared database throughput or serverless)
 * @param createIfMissing     whether to create the database and containers when absent
 * @param limits              the commit size limit of the context's topic (checked before writing)
 * @param maxDocumentBytes    Cosmos DB's item size limit (2 MB); a commit document above it is refused
 * @param sdkThrottleRetries  how often the SDK itself retries a throttled (429) request
 * @param retryAttempts       attempts (including the first) of our own retry around a transient failure
 * @param retryWait           the first wait of our own retry (doubled each time)
 * @param metrics             receives the request charge of each operation
 */
public record CosmosStoreOptions(
        String endpoint,
        String key,
        TokenCredential credential,
        String database,
        String containerPrefix,
        String leasesSuffix,
        boolean directMode,
        List<String> preferredRegions,
        Integer throughputOnCreate,
        boolean createIfMissing,
        CommitLimits limits,
        long maxDocumentBytes,
        int sdkThrottleRetries,
        int retryAttempts,
        Duration retryWait,
        CosmosStoreMetrics metrics) {

    /** Cosmos DB's maximum item size. */
    public static final long MAX_ITEM_BYTES = 2L * 1024 * 1024;

    public CosmosStoreOptions {
        ValidationException.requireNonNull(endpoint, "endpoint");
        ValidationException.require(endpoint.startsWith("https://"), "endpoint",
                "must be an https:// URL but was '" + endpoint + "'.");
        ValidationException.require((key == null) != (credential == null), "credential",
                "exactly one of 'key' and 'credential' must be set.");
        ValidationException.require(key == null || !key.isBlank(), "key", "cannot be blank.");
        requireName(database, "database");
        ValidationException.requireNonNull(containerPrefix, "containerPrefix");
        ValidationException.requireNonNull(leasesSuffix, "leasesSuffix");
        ValidationException.require(!leasesSuffix.isEmpty(), "leasesSuffix", "cannot be empty.");
        preferredRegions = List.copyOf(ValidationException.requireNonNull(preferredRegions, "preferredRegions"));
        ValidationException.require(throughputOnCreate == null || throughputOnCreate >= 400, "throughputOnCreate",
                "must be at least 400 RU/s but was " + throughputOnCreate + ".");
        ValidationException.requireNonNull(limits, "limits");
        ValidationException.require(maxDocumentBytes > 0 && maxDocumentBytes <= MAX_ITEM_BYTES, "maxDocumentBytes",
                "must be between 1 and " + MAX_ITEM_BYTES + " but was " + maxDocumentBytes + ".");
        ValidationException.require(sdkThrottleRetries >= 0, "sdkThrottleRetries",
                "must be at least 0 but was " + sdkThrottleRetries + ".");
        ValidationException.require(retryAttempts >= 1, "retryAttempts",
                "must be at least 1 but was " + retryAttempts + ".");
        ValidationException.requireNonNull(retryWait, "retryWait");
        ValidationException.require(!retryWait.isNegative(), "retryWait", "cannot be negative.");
        ValidationException.requireNonNull(metrics, "metrics");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder seeded with these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.endpoint = endpoint;
        b.key = key;
        b.credential = credential;
        b.database = database;
        b.containerPrefix = containerPrefix;
        b.leasesSuffix = leasesSuffix;
        b.directMode = directMode;
        b.preferredRegions = preferredRegions;
        b.throughputOnCreate = throughputOnCreate;
        b.createIfMissing = createIfMissing;
        b.limits = limits;
        b.maxDocumentBytes = maxDocumentBytes;
        b.sdkThrottleRetries = sdkThrottleRetries;
        b.retryAttempts = retryAttempts;
        b.retryWait = retryWait;
        b.metrics = metrics;
        return b;
    }

    /** As a record's, but never with the key: options end up in logs and error messages. */
    @Override
    public String toString() {
        return "CosmosStoreOptions[endpoint=" + endpoint + ", key=" + (key == null ? "none" : "(redacted)")
                + ", credential=" + (credential == null ? "none" : credential.getClass().getSimpleName())
                + ", database=" + database + ", containerPrefix=" + containerPrefix + ", leasesSuffix=" + leasesSuffix
                + ", directMode=" + directMode + ", preferredRegions=" + preferredRegions
                + ", throughputOnCreate=" + throughputOnCreate + ", createIfMissing=" + createIfMissing
                + ", limits=" + limits + ", maxDocumentBytes=" + maxDocumentBytes
                + ", sdkThrottleRetries=" + sdkThrottleRetries + ", retryAttempts=" + retryAttempts
                + ", retryWait=" + retryWait + "]";
    }

    /** The container holding {@code context}'s commits, snapshots, inbox and dispatcher lease. */
    public String containerName(String context) {
        return containerPrefix + context;
    }

    /** The change feed processor's leases container for {@code context}. */
    public String leasesContainerName(String context) {
        return containerPrefix + context + leasesSuffix;
    }

    private static void requireName(String value, String field) {
        ValidationException.requireNonNull(value, field);
        ValidationException.require(!value.isBlank() && value.length() <= 255, field,
                "must be 1 to 255 characters but was '" + value + "'.");
    }

    /** Builds {@link CosmosStoreOptions}; defaults: gateway mode, database {@code contextbus}. */
    public static final class Builder {
        private String endpoint;
        private String key;
        private TokenCredential credential;
        private String database = "contextbus";
        private String containerPrefix = "events-";
        private String leasesSuffix = "-leases";
        private boolean directMode;
        private List<String> preferredRegions = List.of();
        private Integer throughputOnCreate;
        private boolean createIfMissing = true;
        private CommitLimits limits = CommitLimits.STANDARD;
        private long maxDocumentBytes = MAX_ITEM_BYTES;
        private int sdkThrottleRetries = 9;
        private int retryAttempts = 3;
        private Duration retryWait = Duration.ofMillis(200);
        private CosmosStoreMetrics metrics = CosmosStoreMetrics.NONE;

        private Builder() {
        }

        public Builder endpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** Account key: for local development and the emulator; production uses a credential. */
        public Builder key(String key) {
            this.key = key;
            return this;
        }

        public Builder credential(TokenCredential credential) {
            this.credential = credential;
            return this;
        }

        public Builder database(String database) {
            this.database = database;
            return this;
        }

        public Builder containerPrefix(String containerPrefix) {
            this.containerPrefix = containerPrefix;
            return this;
        }

        public Builder leasesSuffix(String leasesSuffix) {
            this.leasesSuffix = leasesSuffix;
            return this;
        }

        public Builder directMode(boolean directMode) {
            this.directMode = directMode;
            return this;
        }

        public Builder preferredRegions(List<String> preferredRegions) {
            this.preferredRegions = preferredRegions;
            return this;
        }

        public Builder throughputOnCreate(Integer throughputOnCreate) {
            this.throughputOnCreate = throughputOnCreate;
            return this;
        }

        public Builder createIfMissing(boolean createIfMissing) {
            this.createIfMissing = createIfMissing;
            return this;
        }

        public Builder limits(CommitLimits limits) {
            this.limits = limits;
            return this;
        }

        public Builder maxDocumentBytes(long maxDocumentBytes) {
            this.maxDocumentBytes = maxDocumentBytes;
            return this;
        }

        public Builder sdkThrottleRetries(int sdkThrottleRetries) {
            this.sdkThrottleRetries = sdkThrottleRetries;
            return this;
        }

        public Builder retry(int attempts, Duration firstWait) {
            this.retryAttempts = attempts;
            this.retryWait = firstWait;
            return this;
        }

        public Builder metrics(CosmosStoreMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        public CosmosStoreOptions build() {
            return new CosmosStoreOptions(endpoint, key, credential, database, containerPrefix, leasesSuffix,
                    directMode, preferredRegions, throughputOnCreate, createIfMissing, limits, maxDocumentBytes,
                    sdkThrottleRetries, retryAttempts, retryWait, metrics);
        }
    }
}
