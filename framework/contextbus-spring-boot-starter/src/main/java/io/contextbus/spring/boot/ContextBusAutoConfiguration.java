package io.contextbus.spring.boot;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import io.contextbus.handler.GapRepair;
import io.contextbus.handler.HandlerDecorator;
import io.contextbus.health.HealthCheck;
import io.contextbus.observation.ContextBusObserver;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.replay.client.ReplayGapRepair;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.servicebus.ContextBusBuilder;
import io.contextbus.servicebus.PublisherOptions;
import io.contextbus.spring.boot.implementation.CheckedProperties;
import io.contextbus.spring.boot.implementation.HandlerGroups;
import io.contextbus.topology.Topology;
import io.contextbus.topology.TopologyException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * One bounded context from {@code contextbus.*} properties and handler beans: the store
 * ({@link ContextBusStorage}, its {@code EventStore} a bean the application appends to), the
 * topology, the gap repair through the replay service, and the {@link ContextBus} that publishes
 * the store's commits and consumes the sources the {@link ContextBusHandler} beans name, started
 * by {@link ContextBusLifecycle}; {@code HealthCheck} beans join its {@link ContextBus#health()}, and a {@code ContextBusObserver} bean
 * (Micrometer's, see {@link ContextBusMetricsAutoConfiguration}) observes it. Every part is {@code @ConditionalOnMissingBean}: declare a bean
 * of its type to replace it. Set {@code contextbus.enabled=false} to turn it all off.
 */
@AutoConfiguration(afterName = "com.azure.spring.cloud.autoconfigure.implementation.context.AzureTokenCredentialAutoConfiguration")
@ConditionalOnProperty(prefix = "contextbus", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ContextBusProperties.class)
@Import({StorageConfigurations.Sqlite.class, StorageConfigurations.Cosmos.class})
public class ContextBusAutoConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(ContextBusAutoConfiguration.class);

    @Bean
    CheckedProperties contextBusCheckedProperties(ContextBusProperties properties) {
        return CheckedProperties.check(properties);
    }

    /** Spring Cloud Azure's credential when the application has it; {@code DefaultAzureCredential} otherwise. */
    @Bean
    @ConditionalOnMissingBean(TokenCredential.class)
    TokenCredential contextBusCredential() {
        return new DefaultAzureCredentialBuilder().build();
    }

    @Bean
    @ConditionalOnMissingBean
    Topology contextBusTopology(CheckedProperties properties) {
        try {
            return Topology.read(properties.topologyFile());
        } catch (TopologyException e) {
            throw new InvalidContextBusPropertyException("contextbus.topology", "contextbus.topology names '"
                    + properties.topologyFile().toAbsolutePath() + "', which is not a valid topology: " + e.getMessage());
        }
    }

    @Bean
    @ConditionalOnMissingBean
    GapRepair contextBusGapRepair(CheckedProperties properties) {
        return properties.replay()
                .<GapRepair>map(r -> new ReplayGapRepair(ReplayClient.create(r.url(), r.token()), properties.context()))
                .orElse(GapRepair.LOG_ONLY);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ContextBus contextBus(CheckedProperties checked, ContextBusProperties properties, Topology topology,
                          ContextBusStorage<?> storage, GapRepair gapRepair, ObjectProvider<TokenCredential> credential,
                          ObjectProvider<ContextBusHandler<?, ?>> handlers, ObjectProvider<HandlerDecorator<?>> decorators,
                          ObjectProvider<HealthCheck> healthChecks, ObjectProvider<ContextBusObserver> observer) {
        ContextBus bus = build(checked, properties, topology, storage, gapRepair, credential,
                handlers.orderedStream().toList(), decorators.orderedStream().toList(), healthChecks.orderedStream().toList(),
                observer.getIfUnique(() -> ContextBusObserver.NONE));
        return bus;
    }

    private static <T> ContextBus build(CheckedProperties checked, ContextBusProperties properties, Topology topology,
                                        ContextBusStorage<T> storage, GapRepair gapRepair,
                                        ObjectProvider<TokenCredential> credential, List<ContextBusHandler<?, ?>> handlers,
                                        List<HandlerDecorator<?>> decorators, List<HealthCheck> healthChecks,
                                        ContextBusObserver observer) {
        ContextBusBuilder<T> b = ContextBus.<T>builder()
                .context(checked.context().value())
                .topology(topology)
                .store(storage.events())
                .checkpoints(storage.checkpoints())
                .gapRepair(gapRepair)
                .publisherOptions(PublisherOptions.DEFAULT.withSessions(checked.sessions()))
                .consumerOptions(checked.consumer())
                .healthOptions(checked.health())
                .liveTopologyCheck(properties.liveTopologyCheck());
        healthChecks.forEach(b::healthCheck);
        b.observer(observer);
        if (checked.namespace().isPresent()) {
            b.credential(checked.namespace().get(), credential.getObject());
        } else {
            b.connectionString(checked.connectionString().orElseThrow());
        }
        var groups = HandlerGroups.<T>of(handlers, decorators, properties.unknownEvents());
        if (!groups.isEmpty()) {
            b.inbox(storage.inbox());
            groups.forEach((source, h) -> b.consume(source.value(), h));
        }
        LOG.info("contextbus context={} consumes={} handlers={}", checked.context(), groups.keySet(), handlers.size());
        return b.build();
    }

    @Bean
    @ConditionalOnMissingBean
    ContextBusLifecycle contextBusLifecycle(ContextBus bus) {
        return new ContextBusLifecycle(bus);
    }
}
