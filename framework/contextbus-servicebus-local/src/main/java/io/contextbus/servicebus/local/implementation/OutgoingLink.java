package io.contextbus.servicebus.local.implementation;

import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Outcome;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.transaction.TransactionalState;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Sender;

import io.contextbus.servicebus.local.implementation.codec.DeliveryEncoder;
import io.contextbus.servicebus.local.implementation.entity.EntityMessage;
import io.contextbus.servicebus.local.implementation.entity.MessageEntity;
import io.contextbus.servicebus.local.implementation.entity.MessageSink;
import io.contextbus.servicebus.local.implementation.entity.SessionQueue;
import io.contextbus.servicebus.local.implementation.entity.SessionRequest;
import io.contextbus.servicebus.local.implementation.entity.SettleResult;

/**
 * A client's receiver link on a queue, subscription or dead-letter queue. On a session entity the
 * attach is held until a session is granted (answered with the session id in the source filter and
 * its lock expiry), refused, or timed out. Deliveries respect the client's credit; each settlement is
 * answered settled with the same outcome, or rejected when the lock was lost; a settlement within a
 * transaction is applied when the transaction commits.
 */
final class OutgoingLink implements LinkHandler, MessageSink, SessionRequest {

    private static final long DEFAULT_ACCEPT_TIMEOUT_MS = 60_000;
    private static final long MIN_ACCEPT_HOLD_MS = 200;

    private final AmqpConnection owner;
    private final Sender sender;
    private final MessageEntity entity;
    private final BrokerStats stats;
    private final Transactions transactions;
    private final boolean receiveAndDelete;
    private SessionQueue session;
    private boolean waiting;
    private boolean active;

    OutgoingLink(AmqpConnection owner, Sender sender, MessageEntity entity, BrokerStats stats,
            Transactions transactions) {
        this.owner = owner;
        this.transactions = transactions;
        this.sender = sender;
        this.entity = entity;
        this.stats = stats;
        this.receiveAndDelete = sender.getRemoteSenderSettleMode() == SenderSettleMode.SETTLED;
    }

    void attach() {
        Source remote = (Source) sender.getRemoteSource();
        Map<Symbol, Object> filter = remote.getFilter();
        boolean sessionful = filter != null && filter.containsKey(Amqp.SESSION_FILTER);
        if (sessionful != entity.requiresSession()) {
            String description = sessionful
                    ? "The entity '" + entity.path() + "' does not require sessions: use a non-session receiver."
                    : "It is not possible for an entity that requires sessions to create a non-sessionful "
                            + "message receiver. Entity: '" + entity.path() + "'.";
            LinkRouter.refuse(sender, LinkRouter.error(Amqp.NOT_ALLOWED, description));
            owner.removeHandler(this);
            return;
        }
        if (!sessionful) {
            open(remote, null);
            entity.addConsumer(this);
            return;
        }
        Object requested = filter.get(Amqp.SESSION_FILTER);
        waiting = true;
        entity.acceptSession(requested == null ? null : requested.toString(), this, acceptTimeout());
    }

    /**
     * How long a held accept attach waits for a session. The Java SDK stops waiting for the attach
     * answer after its try-timeout, retries with a new link and leaves the old one attached; it sends
     * that try-timeout less one second as {@code com.microsoft:timeout}, measured from before its token
     * put and attach. A session granted after the client gave up goes to a link nobody reads and stays
     * locked until its lock expires, so the broker answers well inside the advertised time: after three
     * quarters of it. A client that left no time at all (a try-timeout of one second or less) gets its
     * answer after a short hold, not after the default.
     */
    private long acceptTimeout() {
        Map<Symbol, Object> properties = sender.getRemoteProperties();
        Object timeout = properties == null ? null : properties.get(Amqp.LINK_TIMEOUT);
        long advertised = timeout instanceof Number number ? number.longValue() : DEFAULT_ACCEPT_TIMEOUT_MS;
        return advertised <= 0 ? MIN_ACCEPT_HOLD_MS : advertised * 3 / 4;
    }

    private void open(Source remote, Map<Symbol, Object> properties) {
        Source local = new Source();
        local.setAddress(remote.getAddress());
        local.setDurable(remote.getDurable());
        local.setExpiryPolicy(remote.getExpiryPolicy());
        local.setTimeout(remote.getTimeout());
        local.setDynamic(remote.getDynamic());
        local.setOutcomes(remote.getOutcomes());
        local.setDefaultOutcome(remote.getDefaultOutcome());
        local.setFilter(remote.getFilter());
        if (session != null) {
            Map<Symbol, Object> filter = new HashMap<>();
            filter.put(Amqp.SESSION_FILTER, session.id());
            local.setFilter(filter);
        }
        sender.setSource(local);
        sender.setTarget(sender.getRemoteTarget());
        sender.setSenderSettleMode(sender.getRemoteSenderSettleMode());
        sender.setReceiverSettleMode(sender.getRemoteReceiverSettleMode());
        if (properties != null) {
            sender.setProperties(properties);
        }
        sender.open();
        active = true;
        owner.markDirty();
    }

    // ---- SessionRequest --------------------------------------------------------------------

    @Override
    public boolean isWaiting() {
        return waiting;
    }

    @Override
    public MessageSink sink() {
        return this;
    }

    @Override
    public void granted(SessionQueue granted, long lockedUntil) {
        waiting = false;
        session = granted;
        open((Source) sender.getRemoteSource(), Map.of(Amqp.LOCKED_UNTIL_UTC, Amqp.toDotNetTicks(lockedUntil)));
        entity.pump(this, session);
    }

    @Override
    public void refused(Symbol condition, String description) {
        waiting = false;
        LinkRouter.refuse(sender, LinkRouter.error(condition, description));
        owner.removeHandler(this);
        owner.markDirty();
    }

    @Override
    public void timedOut() {
        refused(Amqp.TIMEOUT, "No session available to accept on entity '" + entity.path()
                + "' within the link's timeout.");
    }

    // ---- MessageSink -----------------------------------------------------------------------

    @Override
    public int credit() {
        return active ? sender.getCredit() : 0;
    }

    @Override
    public boolean receiveAndDelete() {
        return receiveAndDelete;
    }

    @Override
    public void deliver(EntityMessage message, UUID lockToken, long lockedUntil) {
        Delivery delivery = sender.delivery(Amqp.toDotNetBytes(lockToken));
        byte[] head = DeliveryEncoder.encodeHead(message.content(), message.deliveryCount(),
                annotations(message, lockedUntil));
        byte[] bare = message.content().bare();
        sender.send(head, 0, head.length);
        sender.send(bare, 0, bare.length);
        sender.advance();
        stats.messagesDelivered++;
        if (receiveAndDelete) {
            delivery.settle();
        } else {
            delivery.setContext(lockToken);
        }
        owner.markDirty();
    }

    private static Map<Symbol, Object> annotations(EntityMessage message, long lockedUntil) {
        Map<Symbol, Object> annotations = new HashMap<>(8);
        annotations.put(Amqp.SEQUENCE_NUMBER, message.sequenceNumber());
        annotations.put(Amqp.ENQUEUE_SEQUENCE_NUMBER, message.sequenceNumber());
        annotations.put(Amqp.ENQUEUED_TIME, new Date(message.enqueuedAt()));
        annotations.put(Amqp.MESSAGE_STATE, message.deferred() ? 1 : 0);
        if (lockedUntil > 0) {
            annotations.put(Amqp.LOCKED_UNTIL, new Date(lockedUntil));
        }
        if (message.deadLetterSource() != null) {
            annotations.put(Amqp.DEADLETTER_SOURCE, message.deadLetterSource());
        }
        return annotations;
    }

    @Override
    public void sessionLost(String description) {
        session = null;
        active = false;
        sender.setCondition(new ErrorCondition(Amqp.SESSION_LOCK_LOST, description));
        sender.close();
        owner.removeHandler(this);
        owner.markDirty();
    }

    // ---- link events -----------------------------------------------------------------------

    @Override
    public void onFlow() {
        if (!active) {
            return;
        }
        entity.pump(this, session);
        if (sender.getDrain() && sender.getCredit() > 0) {
            sender.drained();
        }
        owner.markDirty();
    }

    @Override
    public void onDelivery(Delivery delivery) {
        DeliveryState state = delivery.getRemoteState();
        if (!(delivery.getContext() instanceof UUID token) || state == null) {
            if (delivery.remotelySettled()) {
                delivery.settle();
            }
            return;
        }
        if (state instanceof TransactionalState transactional) {
            settleInTransaction(delivery, token, transactional);
            return;
        }
        Dispositions.Decision decision = Dispositions.decide(state);
        if (decision == null) {
            return;
        }
        SettleResult result = entity.settle(token, decision.settlement(), decision.deadLetterProperties());
        delivery.setContext(null);
        delivery.disposition(result == SettleResult.OK ? Dispositions.acknowledgement(state) : lockLost(result));
        delivery.settle();
        owner.markDirty();
    }

    /**
     * A settlement within a transaction: the message stays locked and is settled when the transaction
     * commits (the commit fails if its lock was lost by then). Answered with a transactional state
     * holding the outcome, as the client asked.
     */
    private void settleInTransaction(Delivery delivery, UUID token, TransactionalState transactional) {
        DeliveryState outcome = transactional.getOutcome() instanceof DeliveryState terminal ? terminal : null;
        Dispositions.Decision decision = outcome == null ? null : Dispositions.decide(outcome);
        if (decision == null) {
            return;
        }
        Binary txnId = transactional.getTxnId();
        DeliveryState answer;
        if (!transactions.isOpen(owner, txnId)) {
            answer = CoordinatorLink.rejected(CoordinatorLink.UNKNOWN_ID, "Transaction " + txnId
                    + " is not open on this connection.");
        } else if (entity.lockedUntil(token) < 0) {
            answer = lockLost(entity.requiresSession() ? SettleResult.SESSION_LOCK_LOST : SettleResult.MESSAGE_LOCK_LOST);
        } else {
            transactions.record(txnId, new Transactions.Work(() -> entity.lockedUntil(token) >= 0,
                    () -> entity.settle(token, decision.settlement(), decision.deadLetterProperties()),
                    "the lock of a message settled in it was lost."));
            TransactionalState state = new TransactionalState();
            state.setTxnId(txnId);
            state.setOutcome((Outcome) Dispositions.acknowledgement(outcome));
            answer = state;
        }
        delivery.setContext(null);
        delivery.disposition(answer);
        delivery.settle();
        owner.markDirty();
    }

    private Rejected lockLost(SettleResult result) {
        Rejected rejected = new Rejected();
        boolean sessionLost = result == SettleResult.SESSION_LOCK_LOST;
        rejected.setError(new ErrorCondition(sessionLost ? Amqp.SESSION_LOCK_LOST : Amqp.MESSAGE_LOCK_LOST,
                sessionLost ? "The session lock was lost. Request a new session receiver."
                        : "The lock supplied is invalid. Either the lock expired, or the message has already "
                                + "been removed from the queue."));
        return rejected;
    }

    @Override
    public void onGone() {
        boolean wasActive = active;
        active = false;
        waiting = false;
        if (session != null) {
            entity.releaseSession(session, this);
            session = null;
        } else if (wasActive) {
            entity.removeConsumer(this);
        }
    }
}
