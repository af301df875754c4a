package io.contextbus.servicebus.local.implementation;

import java.util.List;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transaction.TransactionalState;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.contextbus.servicebus.local.implementation.codec.MessageContent;
import io.contextbus.servicebus.local.implementation.codec.MessageParser;
import io.contextbus.servicebus.local.implementation.entity.SendFront;
import io.contextbus.servicebus.local.implementation.entity.SendOutcome;

/**
 * A client's sender link into a queue or topic. Each transfer (one message, or a batch) is accepted
 * or rejected as a whole and answered settled; credit is topped up in bulk, not per message. A
 * transfer within a transaction is checked at once and enqueued when the transaction commits.
 */
final class IncomingLink implements LinkHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IncomingLink.class);
    private static final int CREDIT = 1000;

    private final AmqpConnection owner;
    private final Receiver receiver;
    private final SendFront front;
    private final BrokerStats stats;
    private final Transactions transactions;

    IncomingLink(AmqpConnection owner, Receiver receiver, SendFront front, BrokerStats stats,
            Transactions transactions) {
        this.owner = owner;
        this.transactions = transactions;
        this.receiver = receiver;
        this.front = front;
        this.stats = stats;
        receiver.setMaxMessageSize(UnsignedLong.valueOf(front.settings().maxMessageSizeBytes()));
        ReceivingLinks.open(receiver, CREDIT);
    }

    @Override
    public void onDelivery(Delivery delivery) {
        byte[] payload = ReceivingLinks.take(receiver, delivery);
        if (payload == null) {
            return;
        }
        if (delivery.isAborted()) {
            delivery.settle();
            return;
        }
        DeliveryState outcome = delivery.getRemoteState() instanceof TransactionalState transactional
                ? acceptInTransaction(transactional.getTxnId(), payload, payload.length, delivery.getMessageFormat())
                : outcome(accept(payload, payload.length, delivery.getMessageFormat()));
        if (!delivery.remotelySettled()) {
            delivery.disposition(outcome);
        }
        delivery.settle();
        ReceivingLinks.topUp(receiver, CREDIT);
        owner.markDirty();
    }

    private static DeliveryState outcome(SendOutcome outcome) {
        return outcome.isAccepted() ? Accepted.getInstance() : rejected(outcome);
    }

    /**
     * A send within a transaction: checked now (a refusal is answered at once), enqueued when the
     * transaction commits. Answered with a transactional state holding the outcome.
     */
    private DeliveryState acceptInTransaction(Binary txnId, byte[] payload, int length, int messageFormat) {
        if (!transactions.isOpen(owner, txnId)) {
            return CoordinatorLink.rejected(CoordinatorLink.UNKNOWN_ID, "Transaction " + txnId
                    + " is not open on this connection.");
        }
        TransactionalState state = new TransactionalState();
        state.setTxnId(txnId);
        List<MessageContent> messages;
        try {
            messages = MessageParser.parseTransfer(payload, length, messageFormat);
        } catch (RuntimeException e) {
            state.setOutcome(rejected(SendOutcome.rejected(Amqp.DECODE_ERROR,
                    "The message could not be decoded: " + e.getMessage())));
            return state;
        }
        SendOutcome refusal = front.check(messages, length);
        if (refusal != null) {
            state.setOutcome(rejected(refusal));
            return state;
        }
        transactions.record(txnId, new Transactions.Work(() -> true, () -> {
            if (front.send(messages, length).isAccepted()) {
                stats.messagesSent += messages.size();
            }
        }, "a send to '" + front.path() + "'"));
        state.setOutcome(Accepted.getInstance());
        return state;
    }

    private SendOutcome accept(byte[] payload, int length, int messageFormat) {
        List<MessageContent> messages;
        try {
            messages = MessageParser.parseTransfer(payload, length, messageFormat);
        } catch (RuntimeException e) {
            LOG.info("event=undecodableTransfer entity={} error={}", front.path(), e.toString());
            return SendOutcome.rejected(Amqp.DECODE_ERROR, "The message could not be decoded: " + e.getMessage());
        }
        SendOutcome outcome = front.send(messages, length);
        if (outcome.isAccepted()) {
            stats.messagesSent += messages.size();
        } else {
            LOG.debug("event=transferRejected entity={} condition={}", front.path(), outcome.errorCondition());
        }
        return outcome;
    }

    private static Rejected rejected(SendOutcome outcome) {
        Rejected rejected = new Rejected();
        rejected.setError(new ErrorCondition(outcome.errorCondition(), outcome.description()));
        return rejected;
    }

    @Override
    public void onGone() {
        // A sender holds nothing in the broker.
    }
}
