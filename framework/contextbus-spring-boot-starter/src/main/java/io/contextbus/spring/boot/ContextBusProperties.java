package io.contextbus.spring.boot;

import io.contextbus.handler.UnknownEventPolicy;
import io.contextbus.servicebus.LiveTopologyCheck;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code contextbus.*} properties of one bounded context. They are bound as given and checked
 * once, at startup, by the auto-configuration: a missing or inconsistent value stops the application
 * with an {@link InvalidContextBusPropertyException} naming the property (for example
 * {@code contextbus.servicebus.namespace and contextbus.servicebus.connection-string are both set}).
 *
 * @param context            the bounded context this application runs, e.g. {@code billing}
 * @param servicebus         where Service Bus is: exactly one of namespace and connection string
 * @param topology           path of the topology file (JSON)
 * @param store              the context's event store
 * @param sessions           how this context's commits are spread over Service Bus sessions
 * @param consumer           how the consumed subscriptions are received
 * @param health             the limits the {@code contextBus} health and readiness judge by
 * @param replay             the replay service that repairs gaps (both or neither)
 * @param unknownEvents      what happens to a consumed event no handler bean takes (default {@code skip})
 * @param liveTopologyCheck  whether to compare the live namespace with the topology file at start
 */
@ConfigurationProperties("contextbus")
public record ContextBusProperties(
        String context,
        @DefaultValue ServiceBus servicebus,
        String topology,
        @DefaultValue Store store,
        @DefaultValue Sessions sessions,
        @DefaultValue Consumer consumer,
        @DefaultValue Health health,
        @DefaultValue Replay replay,
        @DefaultValue("skip") UnknownEventPolicy unknownEvents,
        @DefaultValue("off") LiveTopologyCheck liveTopologyCheck) {

    /**
     * @param namespace        fully qualified namespace host, authenticated with Microsoft Entra ID
     * @param connectionString local broker, official emulator or keyed namespace only
     */
    public record ServiceBus(String namespace, String connectionString) {
    }

    /**
     * @param type   {@code sqlite} (default) or {@code cosmos}
     * @param sqlite where the SQLite file lives
     * @param cosmos the Cosmos DB account
     */
    public record Store(@DefaultValue("sqlite") String type, @DefaultValue Sqlite sqlite, @DefaultValue Cosmos cosmos) {
    }

    /** @param directory the directory of the context's SQLite file ({@code <context>.db}) */
    public record Sqlite(@DefaultValue("contextbus-data") String directory) {
    }

    /**
     * @param endpoint        the account endpoint
     * @param database        the database (default {@code contextbus})
     * @param key             local only (stand-in, emulator); absent means {@code TokenCredential}
     * @param createIfMissing whether the store creates its containers; default: only when a key is given
     */
    public record Cosmos(String endpoint, @DefaultValue("contextbus") String database, String key, Boolean createIfMissing) {
    }

    /**
     * @param strategy  {@code per-stream} (default), {@code buckets} or {@code single}
     * @param buckets   how many sessions with {@code buckets}
     * @param sessionId the one session with {@code single}
     */
    public record Sessions(@DefaultValue("per-stream") String strategy, @DefaultValue("16") int buckets, String sessionId) {
    }

    /**
     * The consumer options of every consumed subscription; see {@code io.contextbus.servicebus.ConsumerOptions}.
     *
     * @param settleTimeout the longest a settlement may wait for the broker's answer
     * @param retry         how a transient handler failure is retried before its stream parks
     */
    public record Consumer(@DefaultValue("32") int maxConcurrentSessions, @DefaultValue("20") int prefetchCount,
                           @DefaultValue("5s") Duration sessionIdleTimeout, @DefaultValue("5m") Duration maxLockRenewal,
                           @DefaultValue("30s") Duration settleTimeout, @DefaultValue Retry retry) {
    }

    /**
     * The limits health and readiness judge by; see {@code io.contextbus.servicebus.HealthOptions}.
     *
     * @param maxDispatchLag      the dispatcher is DOWN once its oldest unpublished commit is older
     * @param brokerProbeInterval how often the bus checks that Service Bus answers
     * @param brokerProbeTimeout  a probe not answered after this long counts as failed
     * @param consumerErrorWindow a consumer is DOWN while its last receive error is more recent
     * @param maxConsumerDelay    a consumer whose messages waited longer is behind (not ready)
     */
    public record Health(@DefaultValue("60s") Duration maxDispatchLag, @DefaultValue("10s") Duration brokerProbeInterval,
                         @DefaultValue("30s") Duration brokerProbeTimeout, @DefaultValue("30s") Duration consumerErrorWindow,
                         @DefaultValue("30s") Duration maxConsumerDelay) {
    }

    /**
     * Transient retries with exponential backoff and jitter; see {@code io.contextbus.servicebus.TransientRetry}.
     *
     * @param attempts     applies in all, the first included ({@code 1} retries nothing)
     * @param initialDelay the delay before the first retry, before jitter
     * @param multiplier   how much each delay grows
     * @param maxDelay     the cap of every delay
     */
    public record Retry(@DefaultValue("6") int attempts, @DefaultValue("100ms") Duration initialDelay,
                        @DefaultValue("2.0") double multiplier, @DefaultValue("2s") Duration maxDelay) {
    }

    /**
     * @param url   the replay service's base URL
     * @param token its bearer token
     */
    public record Replay(String url, String token) {
    }
}
