package io.contextbus.servicebus.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.models.ServiceBusReceiveMode;

/** Receiving helpers: collect matching messages until a deadline, completing the others. */
final class Receiving {

    private Receiving() {
    }

    /** Receives until one message matches; other messages are completed (left-overs of earlier runs). */
    static ServiceBusReceivedMessage one(ServiceBusReceiverClient receiver, Predicate<ServiceBusReceivedMessage> match) {
        return collect(receiver, 1, match, false).get(0);
    }

    static List<ServiceBusReceivedMessage> collect(ServiceBusReceiverClient receiver, int count,
            Predicate<ServiceBusReceivedMessage> match, boolean complete) {
        List<ServiceBusReceivedMessage> out = new ArrayList<>();
        long deadline = System.nanoTime() + Await.DEFAULT.toNanos();
        while (out.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Received " + out.size() + " of " + count + " expected messages");
            }
            for (ServiceBusReceivedMessage message : receiver.receiveMessages(count - out.size(),
                    Duration.ofSeconds(2))) {
                if (match.test(message)) {
                    out.add(message);
                    if (complete) {
                        receiver.complete(message);
                    }
                } else if (message.getLockToken() != null) {
                    receiver.complete(message);
                }
            }
        }
        return out;
    }

    /** Removes what earlier runs left in a non-session entity (matters only for a shared namespace). */
    static void drain(ServiceBusTarget target, String queue) {
        try (ServiceBusReceiverClient receiver = target.client().receiver().queueName(queue)
                .receiveMode(ServiceBusReceiveMode.RECEIVE_AND_DELETE).buildClient()) {
            while (receiver.receiveMessages(100, Duration.ofMillis(500)).stream().count() > 0) {
                // keep draining
            }
        }
    }

    /** An exception and its causes' messages, for asserting on what a client was told. */
    static String describe(Throwable error) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            out.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" | ");
        }
        return out.toString();
    }

    /** Completes what earlier runs left in the sessions of a session entity. */
    static void drainSessions(ServiceBusTarget target, String queue) {
        com.azure.messaging.servicebus.ServiceBusClientBuilder builder = new com.azure.messaging.servicebus
                .ServiceBusClientBuilder().connectionString(target.connectionString())
                .retryOptions(new com.azure.core.amqp.AmqpRetryOptions().setTryTimeout(Duration.ofSeconds(2))
                        .setMaxRetries(0));
        try (com.azure.messaging.servicebus.ServiceBusSessionReceiverClient sessions = builder.sessionReceiver()
                .queueName(queue).receiveMode(ServiceBusReceiveMode.RECEIVE_AND_DELETE).buildClient()) {
            while (true) {
                try (ServiceBusReceiverClient receiver = sessions.acceptNextSession()) {
                    receiver.receiveMessages(100, Duration.ofMillis(300)).stream().count();
                } catch (RuntimeException noneLeft) {
                    return;
                }
            }
        }
    }
}
