package io.contextbus.servicebus.implementation;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusErrorContext;
import com.azure.messaging.servicebus.ServiceBusProcessorClient;
import com.azure.messaging.servicebus.ServiceBusReceivedMessageContext;
import com.azure.messaging.servicebus.models.DeadLetterOptions;
import com.azure.messaging.servicebus.models.ServiceBusReceiveMode;
import io.contextbus.model.ContextName;
import io.contextbus.servicebus.ConsumerOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session processor on one subscription ({@code <source>.events}/{@code <consumer>}): peek-lock,
 * auto-complete off, sessions processed in parallel and each one message at a time. It hands every
 * message to a {@link CommitConsumer} and settles it as decided. A failing session or settlement is
 * logged and never stops the others; a message whose settlement failed comes back and the inbox
 * drops it if it was applied.
 *
 * <p>Pipelined: a session's next message is read and queued to the inbox as soon as the previous
 * one is queued, not once it is committed and settled. The inbox runs one session's messages in
 * the order they were queued, a settler thread settles each message once its transaction is
 * durable (never before), and at most {@link #inFlightLimit} messages per processor wait for that.
 * The SDK's complete() waits for the broker's answer; with the session's thread waiting for the
 * store's group commit and then for that answer, a session spent most of its time waiting.
 * Closing stops taking messages, waits up to {@link #SETTLE_ON_CLOSE} for the queued ones to be
 * settled, and only then closes the SDK's processor; messages it took but did not queue are left
 * to redelivery.
 */
public final class SubscriptionProcessor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionProcessor.class);

    private final CommitConsumer<?> consumer;
    private final String entity;
    private final ServiceBusProcessorClient client;
    private final LongAdder settled = new LongAdder();
    private final int inFlightLimit;
    private final Semaphore inFlight;
    private final ExecutorService settlers;
    private final ReceiveSignals signals = new ReceiveSignals(Clock.systemUTC());
    private volatile boolean closed;
    private volatile boolean draining;

    /** How long closing waits for queued messages to commit and be settled. */
    static final Duration SETTLE_ON_CLOSE = Duration.ofSeconds(10);

    public SubscriptionProcessor(ServiceBusClientBuilder clients, ContextName consumerContext, CommitConsumer<?> consumer,
                          ConsumerOptions options) {
        this.consumer = consumer;
        String topic = consumer.source().topicName();
        this.entity = topic + "/subscriptions/" + consumerContext.value();
        this.inFlightLimit = 4 * options.maxConcurrentSessions();
        this.inFlight = new Semaphore(inFlightLimit);
        // one settler per session at most: complete() holds its thread until the broker answers
        AtomicInteger settlerNumber = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(options.maxConcurrentSessions(), options.maxConcurrentSessions(),
                30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "contextbus-settle-" + consumerContext.value() + "-" + settlerNumber.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.settlers = pool;
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

    public void start() {
        client.start();
        LOG.info("consumer started entity={}", entity);
    }

    /** Messages settled (completed, abandoned or dead-lettered) since start. */
    long settled() {
        return settled.sum();
    }

    /** The context whose topic this processor receives from. */
    public ContextName source() {
        return consumer.source();
    }

    /** What this processor has seen lately, for health and readiness. */
    public ReceiveState receiveState() {
        return signals.state(() -> !closed && client.isRunning());
    }

    @Override
    public void close() {
        draining = true;
        boolean drained = false;
        try {
            // all permits back: nothing queued is waiting for its commit or settlement any more
            drained = inFlight.tryAcquire(inFlightLimit, SETTLE_ON_CLOSE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!drained) {
            LOG.warn("consumer closing with messages unsettled entity={} unsettled={} waited={}", entity,
                    inFlightLimit - inFlight.availablePermits(), SETTLE_ON_CLOSE);
        }
        closed = true;
        client.close();
        // settlements still queued would find their links closed: the broker redelivers those
        // messages and the inbox drops the ones already applied
        settlers.shutdownNow();
        LOG.info("consumer stopped entity={} settled={}", entity, settled.sum());
    }

    private void onMessage(ServiceBusReceivedMessageContext context) {
        if (draining) {
            return; // closing: not settled, so the broker hands it out again
        }
        OffsetDateTime enqueued = context.getMessage().getEnqueuedTime();
        signals.received(enqueued == null ? null : enqueued.toInstant());
        InboundMessage m = CommitMessages.inbound(context.getMessage());
        inFlight.acquireUninterruptibly();
        if (draining) {
            inFlight.release();
            return;
        }
        CompletableFuture<Disposition> decided = process(m);
        if (decided.isDone()) {
            settleAndRelease(context, m, decided);
        } else {
            decided.whenComplete((d, e) -> settleAndRelease(context, m, decided));
        }
    }

    private CompletableFuture<Disposition> process(InboundMessage m) {
        try {
            return consumer.processAsync(m, settlers);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void settleAndRelease(ServiceBusReceivedMessageContext context, InboundMessage m,
                                  CompletableFuture<Disposition> decided) {
        try {
            if (closed) {
                // the settlers were stopped (a decision may have been refused): the broker redelivers
                return;
            }
            Disposition d;
            try {
                d = decided.join();
            } catch (RuntimeException e) {
                // A bug in our own pipeline: give the message back rather than lose or poison it.
                LOG.error("consumer pipeline failed, message abandoned entity={} {}", entity, m.logContext(), e);
                d = new Disposition.Abandon(e.toString());
            }
            settle(context, m, d);
        } finally {
            inFlight.release();
        }
    }

    private void settle(ServiceBusReceivedMessageContext context, InboundMessage m, Disposition d) {
        if (closed) {
            LOG.debug("consumer closed, message left for redelivery entity={} {} disposition={}", entity, m.logContext(),
                    d.getClass().getSimpleName());
            return;
        }
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
        signals.failed(ServiceBusErrors.reason(e) + ": " + e.getMessage());
        LOG.warn("consumer receive error entity={} source={} reason={} transient={} error=\"{}\"", entity,
                error.getErrorSource(), ServiceBusErrors.reason(e), ServiceBusErrors.isTransient(e), e.getMessage());
    }
}
