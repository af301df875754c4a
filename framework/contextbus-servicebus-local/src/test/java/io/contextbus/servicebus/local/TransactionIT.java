package io.contextbus.servicebus.local;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusSenderClient;

/**
 * The local broker does not implement transactions (ADR 0017): a transaction is refused at once
 * with {@code amqp:not-implemented} naming the feature, never left unanswered. Local only: Service
 * Bus itself supports them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Transactions are refused at once, naming the feature")
class TransactionIT {

    private LocalServiceBus bus;

    @BeforeAll
    void start() {
        bus = LocalServiceBus.builder().topology(ServiceBusTarget.topology()).start();
    }

    @AfterAll
    void stop() {
        bus.close();
    }

    @Test
    @DisplayName("createTransaction fails with the broker's not-implemented error; plain sends still work")
    void createTransactionIsRefused() {
        // The try-timeout is far longer than the test could wait unnoticed: a request left
        // unanswered would surface as a timeout, not as the broker's error asserted below.
        ServiceBusClientBuilder client = new ServiceBusClientBuilder().connectionString(bus.connectionString())
                .retryOptions(new AmqpRetryOptions().setTryTimeout(Duration.ofMinutes(2)).setMaxRetries(0));
        try (ServiceBusSenderClient sender = client.sender().queueName("plain").buildClient()) {
            // when
            RuntimeException error = assertThrows(RuntimeException.class, sender::createTransaction);

            // then
            String told = Receiving.describe(error);
            assertTrue(told.contains("not-implemented") || told.contains("Transactions"), told);
            sender.sendMessage(new ServiceBusMessage("still works"));
        }
        Await.until("the plain send arrived", () -> bus.counts("plain").activeMessages() == 1);
    }
}
