package io.contextbus.servicebus;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusErrorContext;
import com.azure.messaging.servicebus.ServiceBusProcessorClient;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessageContext;
import com.azure.messaging.servicebus.models.DeadLetterOptions;
import com.azure.messaging.servicebus.models.ServiceBusReceiveMode;
import io.contextbus.model.ContextName;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session processor on one subscription ({@code <source>.events}/{@code <consumer>}): peek-lock,
 * auto-complete off, sessions processed in parallel and each one message at a time. It hands every
 * message to a {@link CommitConsumer} and settles it as decided. A failing session or settlement is
 * logged and never stops the others; a message whose settlement failed comes back and the inbox
 * drops it if it was applied.
 */
final class SubscriptionProcessor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionProcessor.class);

    private final CommitConsumer<?> consumer;
    private final String entity;
    private final ServiceBusProcessorClient client;
    private final LongAdder settled = new LongAdder();

    SubscriptionProcessor(ServiceBusClientBuilder clients, ContextName consumerContext, CommitConsumer<?> consumer,
                          ConsumerOptions options) {
        this.consumer = consumer;
        String topic = consumer.source().topicName();
        this.entity = topic + "/subscriptions/" + consumerContext.value();
        this.client = clients.sessionProcessor()
                .topicName(topic)
                .subscriptionName(consumerContext.value())
                .receiveMode(ServiceBusReceiveMode.PEEK_LOCK)
                .disableAutoComplete()
                .maxConcurrentSessions(options.maxConcurrentSessions())
                .maxConcurrentCalls(1)
                .prefetchCount(options.prefetchCount())
                .sessionIdleTimeout(options.sessionIdleTimeout())
                .maxAutoLockRenewDuration(options.maxLockRenewal())
                .processMessage(this::onMessage)
                .processError(this::onError)
                .buildProcessorClient();
    }

    void start() {
        client.start();
        LOG.info("consumer started entity={}", entity);
    }

    /** Messages settled (completed, abandoned or dead-lettered) since start. */
    long settled() {
        return settled.sum();
    }

    @Override
    public void close() {
        client.close();
        LOG.info("consumer stopped entity={} settled={}", entity, settled.sum());
    }

    private void onMessage(ServiceBusReceivedMessageContext context) {
        InboundMessage m = toInbound(context.getMessage());
        Disposition d;
        try {
            d = consumer.process(m);
        } catch (RuntimeException e) {
            // A bug in our own pipeline: give the message back rather than lose or poison it.
            LOG.error("consumer pipeline failed, message abandoned entity={} {}", entity, m.logContext(), e);
            d = new Disposition.Abandon(e.toString());
        }
        settle(context, m, d);
    }

    private void settle(ServiceBusReceivedMessageContext context, InboundMessage m, Disposition d) {
        try {
            if (d instanceof Disposition.Complete) {
                context.complete();
            } else if (d instanceof Disposition.Abandon) {
                context.abandon();
            } else if (d instanceof Disposition.DeadLetter dl) {
                context.deadLetter(new DeadLetterOptions()
                        .setDeadLetterReason(dl.reason().value())
                        .setDeadLetterErrorDescription(dl.description()));
            }
            settled.increment();
        } catch (RuntimeException e) {
            // The lock was lost or the link dropped: the message is redelivered and the inbox decides again.
            LOG.warn("settlement failed, message will be redelivered entity={} {} disposition={} reason={} error=\"{}\"",
                    entity, m.logContext(), d.getClass().getSimpleName(), ServiceBusErrors.reason(e), e.getMessage());
        }
    }

    private void onError(ServiceBusErrorContext error) {
        Throwable e = error.getException();
        LOG.warn("consumer receive error entity={} source={} reason={} transient={} error=\"{}\"", entity,
                error.getErrorSource(), ServiceBusErrors.reason(e), ServiceBusErrors.isTransient(e), e.getMessage());
    }

    static InboundMessage toInbound(ServiceBusReceivedMessage message) {
        byte[] body = null;
        String bodyProblem = null;
        try {
            body = message.getBody().toBytes();
        } catch (RuntimeException e) {
            bodyProblem = "the message body is an AMQP " + message.getRawAmqpMessage().getBody().getBodyType()
                    + " section, not data";
        }
        return new InboundMessage(message.getMessageId(), message.getSessionId(), message.getContentType(),
                message.getDeliveryCount(), message.getApplicationProperties(), body, bodyProblem);
    }
}
