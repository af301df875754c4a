package io.contextbus.servicebus.local;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.contextbus.servicebus.local.implementation.BrokerHost;
import io.contextbus.servicebus.local.implementation.ConnectionLimits;
import io.contextbus.servicebus.local.implementation.TopologyEntities;
import io.contextbus.servicebus.local.implementation.entity.Broker;
import io.contextbus.servicebus.local.implementation.entity.MessageEntity;
import io.contextbus.servicebus.local.implementation.entity.SendFront;
import io.contextbus.topology.Topology;
import io.contextbus.topology.filter.MessageFilters;

/**
 * A Service Bus namespace inside this JVM: an AMQP 1.0 broker that the unmodified Azure Service Bus
 * SDKs use with {@link #connectionString()} ({@code UseDevelopmentEmulator=true}). It holds the
 * queues, topics and subscriptions of a {@link Topology} in memory, with their sessions, locks,
 * duplicate detection, rules and dead-letter queues.
 *
 * <p>The network side can be stopped and started again on the same port ({@link #stopNetwork()},
 * {@link #startNetwork()}): clients are disconnected and reconnect, and every message the broker
 * accepted stays in the instance (messages locked by dropped connections become available again).
 * Nothing survives {@link #close()} or the JVM: there is no persistence.
 */
public final class LocalServiceBus implements AutoCloseable {

    private final BrokerHost host;
    private final String bindAddress;
    private volatile int port;

    private LocalServiceBus(Builder builder) {
        this.bindAddress = builder.host;
        this.host = new BrokerHost(builder.clock,
                broker -> TopologyEntities.create(builder.topology, broker, MessageFilters::forSubscription),
                builder.limits);
        try {
            this.port = host.startNetwork(builder.host, builder.port);
        } catch (RuntimeException cannotListen) {
            host.close();
            throw cannotListen;
        }
    }

    /** A builder; {@link Builder#start()} starts the broker. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a broker for {@code topology} on a free port of 127.0.0.1. */
    public static LocalServiceBus start(Topology topology) {
        return builder().topology(topology).start();
    }

    /** The connection string for the Azure SDKs. */
    public String connectionString() {
        return "Endpoint=sb://localhost:" + port
                + ";SharedAccessKeyName=local;SharedAccessKey=local;UseDevelopmentEmulator=true";
    }

    public int port() {
        return port;
    }

    /** Drops every client connection and closes the port; entities and their messages stay. */
    public void stopNetwork() {
        host.stopNetwork();
    }

    /** Listens again, on the same port as before. */
    public void startNetwork() {
        port = host.startNetwork(bindAddress, port);
    }

    public boolean isListening() {
        return host.isListening();
    }

    /** The counts of one entity: a queue, topic, subscription ({@code topic/subscriptions/name}). */
    public EntityCounts counts(String entityPath) {
        Objects.requireNonNull(entityPath, "'entityPath' cannot be null.");
        return host.inspect(broker -> countsOf(broker, entityPath));
    }

    /** The counts of every queue, topic and subscription, by path. */
    public Map<String, EntityCounts> allCounts() {
        return host.inspect(broker -> {
            Map<String, EntityCounts> all = new LinkedHashMap<>();
            broker.fronts().values().forEach(front -> all.put(front.path(), countsOf(broker, front.path())));
            broker.sources().values().stream()
                    .filter(entity -> entity.deadLetterQueue() != null)
                    .forEach(entity -> all.put(entity.path(), countsOf(broker, entity.path())));
            return all;
        });
    }

    private static EntityCounts countsOf(Broker broker, String path) {
        SendFront front = broker.sendTarget(path);
        MessageEntity entity = broker.receiveSource(path);
        if (front == null && entity == null) {
            throw new IllegalArgumentException("'entityPath' names no entity: " + path);
        }
        String name = front != null ? front.path() : entity.path();
        return new EntityCounts(name,
                entity == null ? 0 : entity.activeCount(),
                entity == null ? 0 : entity.deadLetterCount(),
                front == null ? 0 : front.scheduledCount(),
                entity == null ? 0 : entity.deferredCount(),
                front == null ? 0 : front.duplicatesDropped(),
                front != null ? front.acceptedCount() : entity.enqueuedCount(),
                entity == null ? 0 : entity.deliveredCount());
    }

    /**
     * Expires every message of a queue or subscription that is not locked right now, as if its time
     * to live had passed (dead-lettered when the entity dead-letters on expiration); returns how many.
     */
    public int expireMessages(String entityPath) {
        return host.inspect(broker -> source(broker, entityPath).expireAll());
    }

    /** Removes every message of a queue, subscription or dead-letter queue; returns how many. */
    public int purge(String entityPath) {
        return host.inspect(broker -> source(broker, entityPath).purge());
    }

    private static MessageEntity source(Broker broker, String entityPath) {
        Objects.requireNonNull(entityPath, "'entityPath' cannot be null.");
        MessageEntity entity = broker.receiveSource(entityPath);
        if (entity == null) {
            throw new IllegalArgumentException("'entityPath' names no queue or subscription: " + entityPath);
        }
        return entity;
    }

    /** Client connections open now, including those still in their handshake. */
    public int openConnections() {
        return host.openConnections();
    }

    /** Messages accepted from senders since start (duplicates not included). */
    public long messagesSent() {
        return host.inspect(broker -> host.stats().messagesSent());
    }

    /** Deliveries made to receivers since start, redeliveries included. */
    public long messagesDelivered() {
        return host.inspect(broker -> host.stats().messagesDelivered());
    }

    /** Stops the broker; its messages are gone. */
    @Override
    public void close() {
        host.close();
    }

    /** Settings of a local broker: its topology, address, clock and what one client may cost it. */
    public static final class Builder {
        private Topology topology = Topology.empty();
        private String host = "127.0.0.1";
        private int port;
        private Clock clock = Clock.systemUTC();
        private ConnectionLimits limits = ConnectionLimits.DEFAULT;

        private Builder() {
        }

        public Builder topology(Topology value) {
            this.topology = Objects.requireNonNull(value, "'topology' cannot be null.");
            return this;
        }

        public Builder topologyFile(Path file) {
            Objects.requireNonNull(file, "'topologyFile' cannot be null.");
            return topology(Topology.read(file));
        }

        /** The address to bind; 127.0.0.1 by default. */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "'host' cannot be null.");
            return this;
        }

        /** The port to listen on; 0 (the default) picks a free one. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("'port' must be within 0..65535 but was " + value + ".");
            }
            this.port = value;
            return this;
        }

        /** The clock for enqueue times, locks, TTLs and duplicate-detection windows. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "'clock' cannot be null.");
            return this;
        }

        /**
         * The max-frame-size the broker advertises and enforces once a connection is open; 65536 by
         * default, at least 512. A larger frame closes the connection with
         * {@code amqp:connection:framing-error}. Before the open frame, frames are limited to 512 bytes.
         */
        public Builder maxFrameSize(int bytes) {
            this.limits = limits.withMaxFrameSize(bytes);
            return this;
        }

        /**
         * How long a client has from TCP connect to its open frame (protocol header and SASL
         * included); 30 s by default. Later it is closed with {@code amqp:resource-limit-exceeded}.
         */
        public Builder handshakeTimeout(Duration value) {
            this.limits = limits.withHandshakeTimeout(value);
            return this;
        }

        /**
         * How many client connections may be open at once; 1,000 by default. A connection over the
         * cap is closed as soon as it is accepted.
         */
        public Builder maxConnections(int value) {
            this.limits = limits.withMaxConnections(value);
            return this;
        }

        public LocalServiceBus start() {
            return new LocalServiceBus(this);
        }
    }
}
