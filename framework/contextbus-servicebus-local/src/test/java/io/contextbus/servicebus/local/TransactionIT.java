package io.contextbus.servicebus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.ServiceBusTransactionContext;
import com.azure.messaging.servicebus.models.CompleteOptions;

/**
 * Transactions with the Java SDK: sends and settlements within a transaction take effect at commit
 * and not at all on rollback. Local only: it reads the broker's counts while a transaction is open.
 * Clients built from one builder share a connection, which the transaction belongs to.
 */
@DisplayName("Transactions: sends and completes take effect at commit, never on rollback")
class TransactionIT {

    private static final String QUEUE = "plain";

    private LocalServiceBus bus;
    private ServiceBusSenderClient sender;
    private ServiceBusReceiverClient receiver;

    @BeforeEach
    void start() {
        bus = LocalServiceBus.builder().topology(ServiceBusTarget.topology()).start();
        ServiceBusClientBuilder client = new ServiceBusClientBuilder().connectionString(bus.connectionString())
                .retryOptions(new AmqpRetryOptions().setTryTimeout(Duration.ofSeconds(30)).setMaxRetries(1));
        sender = client.sender().queueName(QUEUE).buildClient();
        receiver = client.receiver().queueName(QUEUE).disableAutoComplete().buildClient();
    }

    @AfterEach
    void stop() {
        receiver.close();
        sender.close();
        bus.close();
    }

    private long active() {
        return bus.counts(QUEUE).activeMessages();
    }

    @Test
    @DisplayName("sends within a transaction are invisible until commit, then delivered")
    void sendsAppearAtCommit() {
        // given
        ServiceBusTransactionContext transaction = sender.createTransaction();
        sender.sendMessage(new ServiceBusMessage("tx-1"), transaction);
        sender.sendMessage(new ServiceBusMessage("tx-2"), transaction);
        assertEquals(0, active(), "a transactional send was visible before commit");

        // when
        sender.commitTransaction(transaction);

        // then
        List<String> bodies = Receiving.collect(receiver, 2, m -> true, true).stream()
                .map(m -> m.getBody().toString()).toList();
        assertEquals(List.of("tx-1", "tx-2"), bodies);
    }

    @Test
    @DisplayName("sends within a rolled-back transaction never arrive")
    void rolledBackSendsVanish() {
        // given
        ServiceBusTransactionContext transaction = sender.createTransaction();
        sender.sendMessage(new ServiceBusMessage("rolled-back"), transaction);

        // when
        sender.rollbackTransaction(transaction);
        sender.sendMessage(new ServiceBusMessage("after"));

        // then
        ServiceBusReceivedMessage only = Receiving.one(receiver, m -> true);
        assertEquals("after", only.getBody().toString());
        receiver.complete(only);
        assertEquals(0, active());
        assertEquals(1, bus.counts(QUEUE).messagesEnqueued());
    }

    @Test
    @DisplayName("receive, complete and send the next message in one transaction: all at commit")
    void completeAndSendAtCommit() {
        // given
        sender.sendMessage(new ServiceBusMessage("step-1"));
        ServiceBusReceivedMessage received = Receiving.one(receiver, m -> true);
        ServiceBusTransactionContext transaction = sender.createTransaction();

        // when
        receiver.complete(received, new CompleteOptions().setTransactionContext(transaction));
        sender.sendMessage(new ServiceBusMessage("step-2"), transaction);
        assertEquals(1, active(), "the completed message left before commit");
        sender.commitTransaction(transaction);

        // then
        ServiceBusReceivedMessage next = Receiving.one(receiver, m -> true);
        assertEquals("step-2", next.getBody().toString());
        receiver.complete(next);
        assertEquals(0, active());
    }

    @Test
    @DisplayName("a complete within a rolled-back transaction leaves the message: it returns when its lock expires")
    void rolledBackCompleteKeepsTheMessage() {
        // given
        String id = UUID.randomUUID().toString();
        sender.sendMessage(new ServiceBusMessage("keep-me").setMessageId(id));
        ServiceBusReceivedMessage received = Receiving.one(receiver, m -> id.equals(m.getMessageId()));
        ServiceBusTransactionContext transaction = sender.createTransaction();
        receiver.complete(received, new CompleteOptions().setTransactionContext(transaction));

        // when (the SDK counts the message as settled, so only the lock's expiry, 5 s here, frees it)
        sender.rollbackTransaction(transaction);

        // then
        ServiceBusReceivedMessage again = Receiving.one(receiver, m -> id.equals(m.getMessageId()));
        assertEquals(1, again.getDeliveryCount());
        receiver.complete(again);
        assertTrue(active() == 0, "the message was not completed");
    }
}
