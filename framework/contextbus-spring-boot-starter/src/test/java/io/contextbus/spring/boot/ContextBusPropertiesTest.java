package io.contextbus.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.servicebus.ConsumerOptions;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.servicebus.HealthOptions;
import io.contextbus.servicebus.TransientRetry;
import io.contextbus.spring.boot.implementation.CheckedProperties;
import io.contextbus.topology.ContextBusTopology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Startup with a bad {@code contextbus.*} property fails, and the message names the property. */
class ContextBusPropertiesTest {
    @TempDir
    Path dir;
    private ApplicationContextRunner runner;

    @BeforeEach
    void validBase() throws IOException {
        Path topology = Files.writeString(dir.resolve("topology.json"), ContextBusTopology.builder()
                .context("ordering").context("billing", ContextBusTopology.consumes("ordering")).build().toJson());
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ContextBusAutoConfiguration.class))
                .withPropertyValues("contextbus.context=billing",
                        "contextbus.servicebus.connection-string=Endpoint=sb://localhost:1;SharedAccessKeyName=local;"
                                + "SharedAccessKey=local;UseDevelopmentEmulator=true",
                        "contextbus.topology=" + topology,
                        "contextbus.store.sqlite.directory=" + dir.resolve("data"));
    }

    /** Starts with {@code properties} added and returns the failure's message, which must name {@code property}. */
    private String failure(String property, String... properties) {
        List<String> messages = new ArrayList<>();
        runner.withPropertyValues(properties).run(context -> {
            Throwable failure = context.getStartupFailure();
            assertNotNull(failure, "startup should fail with " + List.of(properties));
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof InvalidContextBusPropertyException e) {
                    assertEquals(property, e.property());
                }
                messages.add(t.getMessage());
            }
        });
        String all = String.join(" | ", messages);
        assertTrue(all.contains(property), "the failure should name '" + property + "': " + all);
        return all;
    }

    @Test
    @DisplayName("namespace and connection string both set: the message names both and says set exactly one")
    void bothConnections() {
        String m = failure("contextbus.servicebus.namespace", "contextbus.servicebus.namespace=sb-x.servicebus.windows.net");
        assertTrue(m.contains("contextbus.servicebus.namespace and contextbus.servicebus.connection-string are both set:"
                + " set exactly one"), m);
    }

    @Test
    void neitherConnection() {
        String m = failure("contextbus.servicebus.namespace", "contextbus.servicebus.connection-string=");
        assertTrue(m.contains("contextbus.servicebus.connection-string"), m);
    }

    @Test
    void namespaceThatIsAConnectionString() {
        failure("contextbus.servicebus.namespace", "contextbus.servicebus.connection-string=",
                "contextbus.servicebus.namespace=Endpoint=sb://x/;SharedAccessKey=y");
    }

    @Test
    void missingContext() {
        failure("contextbus.context", "contextbus.context=");
    }

    @Test
    void invalidContextName() {
        String m = failure("contextbus.context", "contextbus.context=Billing_Service");
        assertTrue(m.contains("Billing_Service"), m);
    }

    @Test
    void topologyFileMissing() {
        failure("contextbus.topology", "contextbus.topology=" + dir.resolve("nope.json"));
    }

    @Test
    void topologyFileInvalid() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"not\": \"a topology\"");
        failure("contextbus.topology", "contextbus.topology=" + bad);
    }

    @Test
    void unknownStoreType() {
        String m = failure("contextbus.store.type", "contextbus.store.type=postgres");
        assertTrue(m.contains("'postgres'"), m);
    }

    @Test
    void cosmosWithoutEndpoint() {
        failure("contextbus.store.cosmos.endpoint", "contextbus.store.type=cosmos");
    }

    @Test
    void unknownSessionStrategy() {
        failure("contextbus.sessions.strategy", "contextbus.sessions.strategy=random");
    }

    @Test
    void bucketsOutOfRange() {
        failure("contextbus.sessions.buckets", "contextbus.sessions.strategy=buckets", "contextbus.sessions.buckets=0");
    }

    @Test
    void singleSessionWithoutId() {
        failure("contextbus.sessions.session-id", "contextbus.sessions.strategy=single");
    }

    @Test
    void consumerSessionsOutOfRange() {
        failure("contextbus.consumer.max-concurrent-sessions", "contextbus.consumer.max-concurrent-sessions=0");
    }

    @Test
    @DisplayName("contextbus.consumer.retry.* and settle-timeout reach the consumer options; left out, the library's defaults")
    void consumerRetryAndSettleTimeoutBound() {
        runner.run(context -> {
            ConsumerOptions options = context.getBean(CheckedProperties.class).consumer();
            assertEquals(TransientRetry.DEFAULT, options.transientRetry());
            assertEquals(ConsumerOptions.DEFAULT_SETTLE_TIMEOUT, options.settleTimeout());
        });
        runner.withPropertyValues("contextbus.consumer.retry.attempts=3", "contextbus.consumer.retry.initial-delay=50ms",
                        "contextbus.consumer.retry.multiplier=3", "contextbus.consumer.retry.max-delay=1s",
                        "contextbus.consumer.settle-timeout=10s")
                .run(context -> {
                    ConsumerOptions options = context.getBean(CheckedProperties.class).consumer();
                    assertEquals(new TransientRetry(3, Duration.ofMillis(50), 3.0, Duration.ofSeconds(1)), options.transientRetry());
                    assertEquals(Duration.ofSeconds(10), options.settleTimeout());
                });
    }

    @Test
    @DisplayName("contextbus.health.* reach the health options; left out, the library's defaults")
    void healthOptionsBound() {
        runner.run(context -> assertEquals(HealthOptions.DEFAULT, context.getBean(CheckedProperties.class).health()));
        runner.withPropertyValues("contextbus.health.max-dispatch-lag=2m", "contextbus.health.broker-probe-interval=1s",
                        "contextbus.health.broker-probe-timeout=5s", "contextbus.health.consumer-error-window=15s",
                        "contextbus.health.max-consumer-delay=45s")
                .run(context -> assertEquals(new HealthOptions(Duration.ofMinutes(2), Duration.ofSeconds(1),
                                Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(45)),
                        context.getBean(CheckedProperties.class).health()));
    }

    @Test
    void healthProbeTimeoutNotPositive() {
        failure("contextbus.health.broker-probe-timeout", "contextbus.health.broker-probe-timeout=0s");
    }

    @Test
    void consumerRetryAttemptsOutOfRange() {
        failure("contextbus.consumer.retry.attempts", "contextbus.consumer.retry.attempts=0");
    }

    @Test
    @DisplayName("retries that could outlast half the lock renewal: the message names contextbus.consumer.retry")
    void consumerRetryLongerThanTheLock() {
        String message = failure("contextbus.consumer.retry", "contextbus.consumer.max-lock-renewal=1s",
                "contextbus.consumer.retry.attempts=10");
        assertTrue(message.contains("maxLockRenewal"), message);
    }

    @Test
    void consumerSettleTimeoutTooShort() {
        failure("contextbus.consumer.settle-timeout", "contextbus.consumer.settle-timeout=10ms");
    }

    @Test
    @DisplayName("a value Spring cannot convert is reported by the binder, under the property's name")
    void consumerIdleTimeoutNotADuration() {
        failure("contextbus.consumer.session-idle-timeout", "contextbus.consumer.session-idle-timeout=soon");
    }

    @Test
    void replayUrlWithoutToken() {
        failure("contextbus.replay.token", "contextbus.replay.url=http://127.0.0.1:8090");
    }

    @Test
    void replayTokenWithoutUrl() {
        failure("contextbus.replay.url", "contextbus.replay.token=secret");
    }

    @Test
    void replayUrlNotHttp() {
        failure("contextbus.replay.url", "contextbus.replay.url=ftp://replay", "contextbus.replay.token=secret");
    }

    @Test
    @DisplayName("contextbus.enabled=false: nothing is configured, whatever the other properties say")
    void disabled() {
        runner.withPropertyValues("contextbus.enabled=false", "contextbus.context=")
                .run(context -> {
                    assertEquals(null, context.getStartupFailure());
                    assertFalse(context.containsBean("contextBus"));
                    assertTrue(context.getBeansOfType(ContextBus.class).isEmpty());
                });
    }
}
