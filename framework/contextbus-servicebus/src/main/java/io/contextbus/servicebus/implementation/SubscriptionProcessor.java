package io.contextbus.servicebus.implementation;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusErrorContext;
import com.azure.messaging.servicebus.ServiceBusProcessorClient;
import com.azure.messaging.servicebus.ServiceBusReceivedMessageContext;
import com.azure.messaging.servicebus.models.DeadLetterOptions;
import com.azure.messaging.servicebus.models.ServiceBusReceiveMode;
import io.contextbus.model.ContextName;
import io.contextbus.observation.ContextBusObserver;
import io.contextbus.servicebus.ConsumerOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
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
 * durable (never before), and at most {@link #inFlightLimit} messages per processor, and
 * {@value #SESSION_IN_FLIGHT} per session, wait for that.
 * The SDK's complete() waits for the broker's answer; with the session's thread waiting for the
 * store's group commit and then for that answer, a session spent most of its time waiting.
 * Closing stops taking messages, waits up to {@link #SETTLE_ON_CLOSE} for the queued ones to be
 * settled, and only then closes the SDK's processor; messages it took but did not queue are left
 * to redelivery.
 *
 * <p>The per-session bound keeps a session's messages arriving while its handlers are slow: the SDK
 * closes a session as idle when no message arrives on it for {@code sessionIdleTimeout}, and
 * settling on a closed session fails (the message comes back). A session whose thread queued all
 * its messages at once would receive nothing more while they wait behind slow handlers; holding the
 * session's thread until its oldest queued message is settled paces its receives with its commits,
 * so what is unsettled when its last message arrives is at most {@code prefetchCount} +
 * {@value #SESSION_IN_FLIGHT} messages.
 *
 * <p>A settlement is bounded by {@code ConsumerOptions.settleTimeout}: the SDK's complete(),
 * abandon() and deadLetter() block without a bound, and one sent after a network outage on a
 * session whose link died may never be answered (seen in {@code BrokerOutageIT}: settler threads
 * parked forever, their sessions' windows full). Past the bound a {@link SettleTimer} interrupts
 * the settler's wait; the settlement counts as failed (the broker delivers the message again, the
 * inbox drops it if it was applied), and its thread, its permit and its place in its session's
 * window are freed.
 *
 * <p>A session that cannot settle any more heals by a restart of the SDK's processor client: after a
 * broker restart the session processor can keep settling one session's messages through a receiver
 * whose link died (each settlement fails with {@code DeliveryNotOnLinkException}, the message comes
 * back, for good; the chaos soak found it). When {@link SettlementWedge} says a session is wedged,
 * the processor closes its client and starts a new one built from a fresh
 * {@code ServiceBusClientBuilder} (its own connection, not the shared one), at most once per backoff
 * interval, and logs it once at WARN. Messages the old client delivered and did not settle come back
 * (the inbox drops those already applied); their failed settlements no longer count.
 */
public final class SubscriptionProcessor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionProcessor.class);

    private final CommitConsumer<?> consumer;
    private final String entity;
    private final ContextName consumerContext;
    private final ConsumerOptions options;
    private final Supplier<ServiceBusClientBuilder> freshClients;
    private final ContextBusObserver observer;
    /** Guards replacing {@link #client} against closing. */
    private final Object clientLock = new Object();
    private volatile ServiceBusProcessorClient client;
    /** Incremented when the client is replaced: settlements of an older client's messages do not count. */
    private final AtomicInteger generation = new AtomicInteger();
    /** Guarded by itself. */
    private final SettlementWedge wedge = new SettlementWedge(Clock.systemUTC());
    private final LongAdder settled = new LongAdder();
    private final int inFlightLimit;
    private final Semaphore inFlight;
    private final ExecutorService settlers;
    /** Interrupts a settlement still waiting for the broker after {@code settleTimeout}. */
    private final SettleTimer settleTimer;
    private final ReceiveSignals signals = new ReceiveSignals(Clock.systemUTC());
    private volatile boolean closed;
    private volatile boolean draining;

    /** Messages of one session queued and not yet settled, at most. */
    static final int SESSION_IN_FLIGHT = 4;
    /** Sessions remembered with their unsettled messages before the settled ones are forgotten. */
    private static final int SESSIONS_REMEMBERED = 4_096;
    /**
     * Per session, a signal per message queued and not yet settled, oldest first. Each session's
     * messages arrive one at a time on one callback; settlers complete the signals.
     */
    private final Map<String, Deque<CompletableFuture<Void>>> unsettled = new ConcurrentHashMap<>();
    /** The longest a session's next message waits for room: its idle timeout. */
    private final Duration sessionWaitLimit;

    /** How long closing waits for queued messages to commit and be settled. */
    static final Duration SETTLE_ON_CLOSE = Duration.ofSeconds(10);

    /**
     * {@code clients} builds the first processor client (the connection shared with the rest of the
     * context bus); {@code freshClients} gives a new builder, so a new connection, for a restart.
     */
    public SubscriptionProcessor(ServiceBusClientBuilder clients, ContextName consumerContext, CommitConsumer<?> consumer,
                          ConsumerOptions options, Supplier<ServiceBusClientBuilder> freshClients,
                          ContextBusObserver observer) {
        this.consumer = consumer;
        this.consumerContext = consumerContext;
        this.options = options;
        this.freshClients = freshClients;
        this.observer = observer;
        String topic = consumer.source().topicName();
        this.entity = topic + "/subscriptions/" + consumerContext.value();
        this.inFlightLimit = 4 * options.maxConcurrentSessions();
        this.inFlight = new Semaphore(inFlightLimit);
        this.sessionWaitLimit = options.sessionIdleTimeout();
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
        this.settleTimer = new SettleTimer("contextbus-settle-timer-" + consumerContext.value(), options.settleTimeout());
        this.client = buildClient(clients);
    }

    private ServiceBusProcessorClient buildClient(ServiceBusClientBuilder clients) {
        return clients.sessionProcessor()
                .topicName(consumer.source().topicName())
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
        synchronized (clientLock) {
            closed = true;
            client.close();
        }
        // settlements still queued would find their links closed: the broker redelivers those
        // messages and the inbox drops the ones already applied
        settlers.shutdownNow();
        settleTimer.close();
        LOG.info("consumer stopped entity={} settled={}", entity, settled.sum());
    }

    private void onMessage(ServiceBusReceivedMessageContext context) {
        if (draining) {
            return; // closing: not settled, so the broker hands it out again
        }
        OffsetDateTime enqueued = context.getMessage().getEnqueuedTime();
        signals.received(enqueued == null ? null : enqueued.toInstant());
        int clientGeneration = generation.get();
        InboundMessage m = CommitMessages.inbound(context.getMessage());
        Deque<CompletableFuture<Void>> session = unsettledOf(context.getMessage().getSessionId());
        if (!awaitRoomIn(session)) {
            return; // closing: not settled, so the broker hands it out again
        }
        inFlight.acquireUninterruptibly();
        if (draining) {
            inFlight.release();
            return;
        }
        CompletableFuture<Void> settledSignal = new CompletableFuture<>();
        session.addLast(settledSignal);
        CompletableFuture<Disposition> decided = process(m);
        if (decided.isDone()) {
            settleAndRelease(context, m, decided, settledSignal, clientGeneration);
        } else {
            decided.whenComplete((d, e) -> settleAndRelease(context, m, decided, settledSignal, clientGeneration));
        }
    }

    private Deque<CompletableFuture<Void>> unsettledOf(String sessionId) {
        String key = sessionId == null ? "" : sessionId;
        if (unsettled.size() >= SESSIONS_REMEMBERED && !unsettled.containsKey(key)) {
            // sessions seen long ago: forget those with nothing unsettled
            unsettled.values().removeIf(q -> q.stream().allMatch(CompletableFuture::isDone));
        }
        return unsettled.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
    }

    /**
     * Waits until fewer than {@value #SESSION_IN_FLIGHT} messages of the session are unsettled, or
     * {@link #sessionWaitLimit} passed (a settlement that hangs, e.g. on a link the SDK is replacing,
     * must not stop the session); false when the processor began closing meanwhile.
     */
    private boolean awaitRoomIn(Deque<CompletableFuture<Void>> session) {
        long deadline = System.nanoTime() + sessionWaitLimit.toNanos();
        while (true) {
            while (!session.isEmpty() && session.peekFirst().isDone()) {
                session.pollFirst();
            }
            if (session.size() < SESSION_IN_FLIGHT || System.nanoTime() - deadline > 0) {
                return true;
            }
            if (draining) {
                return false;
            }
            try {
                session.peekFirst().get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // look again: settled meanwhile, or closing
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
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
                                  CompletableFuture<Disposition> decided, CompletableFuture<Void> settledSignal,
                                  int clientGeneration) {
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
            settle(context, m, d, clientGeneration);
        } finally {
            inFlight.release();
            settledSignal.complete(null);
        }
    }

    private void settle(ServiceBusReceivedMessageContext context, InboundMessage m, Disposition d, int clientGeneration) {
        if (closed) {
            LOG.debug("consumer closed, message left for redelivery entity={} {} disposition={}", entity, m.logContext(),
                    d.getClass().getSimpleName());
            return;
        }
        try {
            SettleTimer.Result result = settleTimer.run(() -> {
                if (d instanceof Disposition.Complete) {
                    context.complete();
                } else if (d instanceof Disposition.Abandon) {
                    context.abandon();
                } else if (d instanceof Disposition.DeadLetter dl) {
                    context.deadLetter(new DeadLetterOptions()
                            .setDeadLetterReason(dl.reason().value())
                            .setDeadLetterErrorDescription(dl.description()));
                }
            });
            if (result == SettleTimer.Result.DONE) {
                settled.increment();
                if (clientGeneration == generation.get()) {
                    synchronized (wedge) {
                        wedge.settled(m.sessionId());
                    }
                }
            } else {
                // No answer in time (a settlement on a dead connection's receiver may never get one):
                // counted as failed, the broker delivers the message again and the inbox decides again.
                LOG.warn("settlement got no answer within the settle timeout, message will be redelivered entity={} {}"
                                + " disposition={} settleTimeout={}", entity, m.logContext(), d.getClass().getSimpleName(),
                        settleTimer.timeout());
                settleFailed(m, clientGeneration, "no answer within the settle timeout " + settleTimer.timeout());
            }
        } catch (RuntimeException e) {
            // The lock was lost or the link dropped: the message is redelivered and the inbox decides again.
            LOG.warn("settlement failed, message will be redelivered entity={} {} disposition={} reason={} error=\"{}\"",
                    entity, m.logContext(), d.getClass().getSimpleName(), ServiceBusErrors.reason(e), e.getMessage());
            settleFailed(m, clientGeneration, ServiceBusErrors.reason(e) + ": " + e.getMessage());
        }
    }

    /** Counts a failed settlement of the current client's message; restarts the client when a session is wedged. */
    private void settleFailed(InboundMessage m, int clientGeneration, String error) {
        if (clientGeneration != generation.get() || draining) {
            return; // an older client's message (it failed because that client was closed), or closing
        }
        Optional<SettlementWedge.Wedged> wedged;
        Duration backoff;
        synchronized (wedge) {
            wedged = wedge.failed(m.sessionId(), error);
            backoff = wedge.backoff();
        }
        wedged.ifPresent(w -> {
            // not on this settler thread: closing the client waits for its callbacks and settlements
            Thread t = new Thread(() -> restart(w, backoff), "contextbus-restart-" + consumerContext.value());
            t.setDaemon(true);
            t.start();
        });
    }

    /**
     * Replaces the SDK's processor client with a new one on a new connection. Messages the old one
     * delivered and did not settle come back when their locks go; the inbox drops those applied.
     */
    private void restart(SettlementWedge.Wedged w, Duration backoff) {
        String reason = "session " + w.sessionId() + " failed to settle " + w.failures() + " times in a row over "
                + w.span().toSeconds() + " s, last error: " + w.lastError();
        LOG.warn("consumer restarting its processor client on a new connection, a session keeps failing to settle"
                        + " entity={} session={} failures={} over={} nextRestartNotBefore={} lastError=\"{}\"",
                entity, w.sessionId(), w.failures(), w.span(), backoff, w.lastError());
        restartClient(reason);
    }

    /**
     * Closes the SDK's processor client and starts a new one on a new connection, as a wedged session
     * does (the wedge itself cannot be made to happen on demand; tests call this). False when the
     * processor is closing or the restart failed (logged).
     */
    public boolean restartClient(String reason) {
        try {
            synchronized (clientLock) {
                if (closed || draining) {
                    return false;
                }
                generation.incrementAndGet();
                ServiceBusProcessorClient old = client;
                try {
                    old.close();
                } catch (RuntimeException e) {
                    LOG.debug("closing the old processor client failed entity={}", entity, e);
                }
                ServiceBusProcessorClient fresh = buildClient(freshClients.get());
                client = fresh;
                fresh.start();
            }
            LOG.info("consumer restarted entity={} reason=\"{}\"", entity, reason);
            observer.consumerRestarted(consumerContext, consumer.source(), reason);
            return true;
        } catch (RuntimeException e) {
            // the next wedge found (after the backoff) tries again
            LOG.error("consumer restart failed entity={}", entity, e);
            return false;
        }
    }

    private void onError(ServiceBusErrorContext error) {
        Throwable e = error.getException();
        signals.failed(ServiceBusErrors.reason(e) + ": " + e.getMessage());
        LOG.warn("consumer receive error entity={} source={} reason={} transient={} error=\"{}\"", entity,
                error.getErrorSource(), ServiceBusErrors.reason(e), ServiceBusErrors.isTransient(e), e.getMessage());
    }
}
