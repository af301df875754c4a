package io.contextbus.servicebus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusProcessorClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;

/**
 * The SDK gives up on an "accept next session" attach after its try-timeout and retries with a new
 * link, without detaching the one it gave up on; it advertises the try-timeout less one second as
 * {@code com.microsoft:timeout}. A session the broker grants to such an abandoned link is held by
 * nobody who reads it until its lock expires. The broker must answer a held attach before the client
 * stops waiting for it, so that every session goes to a link that is still wanted. A one second
 * try-timeout (advertised as 0) makes that edge visible at once: a broker that held such attaches for
 * its default time handed almost every session to abandoned links.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Accept-next-session attaches held across the client's try-timeout")
class SessionAcceptTimeoutIT {

    /** Session-enabled queue with a 5 minute lock: a session lost to a stale link stays locked past the patience. */
    private static final String QUEUE = "handover";
    private static final Duration TRY_TIMEOUT = Duration.ofSeconds(1);

    private ServiceBusTarget target;

    @BeforeAll
    void start() {
        target = ServiceBusTarget.start(getClass().getSimpleName());
    }

    @AfterAll
    void stop() {
        target.close();
    }

    @Test
    @DisplayName("sessions arriving while idle receivers cycle through timed-out accepts all reach a live receiver")
    void everySessionReachesALiveReceiver() throws InterruptedException {
        // given: 16 idle session receivers whose accept attaches time out (and are retried) every second
        String run = UUID.randomUUID().toString().substring(0, 8);
        int sessions = 60;
        Set<String> handled = ConcurrentHashMap.newKeySet();
        ServiceBusProcessorClient processor = new ServiceBusClientBuilder()
                .connectionString(target.connectionString())
                .retryOptions(new AmqpRetryOptions().setTryTimeout(TRY_TIMEOUT).setMaxRetries(3)
                        .setDelay(Duration.ofMillis(100)).setMaxDelay(Duration.ofSeconds(1)))
                .sessionProcessor().queueName(QUEUE)
                .maxConcurrentSessions(16)
                .sessionIdleTimeout(Duration.ofSeconds(1))
                .processMessage(context -> handled.add(context.getMessage().getSessionId()))
                .processError(error -> {
                })
                .buildProcessorClient();
        processor.start();
        try (ServiceBusSenderClient sender = target.client().sender().queueName(QUEUE).buildClient()) {
            Thread.sleep(TRY_TIMEOUT.multipliedBy(2).toMillis());

            // when: one message for each of 60 new sessions, spread over several accept cycles
            for (int s = 0; s < sessions; s++) {
                sender.sendMessage(new ServiceBusMessage("m").setSessionId(run + "-" + s));
                Thread.sleep(TRY_TIMEOUT.toMillis() / 7);
            }

            // then: each session is handled well before its 5 minute lock could release it
            Await.until("all " + sessions + " sessions handled (" + handled.size() + " so far)",
                    Duration.ofSeconds(60), () -> handled.size() >= sessions);
        } finally {
            processor.close();
        }
        assertEquals(sessions, handled.stream().filter(id -> id.startsWith(run)).count());
    }
}
