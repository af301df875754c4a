package io.contextbus.servicebus.local.implementation;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transaction.Declare;
import org.apache.qpid.proton.amqp.transaction.Declared;
import org.apache.qpid.proton.amqp.transaction.Discharge;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.message.Message;

/**
 * A client's transaction coordinator link ({@code amqp:coordinator} target): each Declare is
 * answered Declared with a new transaction id; each Discharge is answered Accepted once the
 * transaction is committed or rolled back, or Rejected with {@code amqp:transaction:rollback}
 * when a commit could not be applied (then nothing of it was). Local transactions only: a Declare
 * naming a global id is refused.
 */
final class CoordinatorLink implements LinkHandler {

    static final Symbol UNKNOWN_ID = Symbol.valueOf("amqp:transaction:unknown-id");
    static final Symbol ROLLBACK = Symbol.valueOf("amqp:transaction:rollback");
    private static final int CREDIT = 100;

    private final AmqpConnection owner;
    private final Receiver receiver;
    private final Transactions transactions;

    CoordinatorLink(AmqpConnection owner, Receiver receiver, Transactions transactions) {
        this.owner = owner;
        this.receiver = receiver;
        this.transactions = transactions;
        ReceivingLinks.open(receiver, CREDIT);
    }

    @Override
    public void onDelivery(Delivery delivery) {
        byte[] payload = ReceivingLinks.take(receiver, delivery);
        if (payload == null) {
            return;
        }
        DeliveryState outcome;
        try {
            Message message = Proton.message();
            message.decode(payload, 0, payload.length);
            Object body = message.getBody() instanceof AmqpValue value ? value.getValue() : null;
            outcome = handle(body);
        } catch (RuntimeException e) {
            outcome = rejected(Amqp.DECODE_ERROR, "The coordinator message could not be decoded: " + e.getMessage());
        }
        delivery.disposition(outcome);
        delivery.settle();
        ReceivingLinks.topUp(receiver, CREDIT);
        owner.markDirty();
    }

    private DeliveryState handle(Object body) {
        if (body instanceof Declare declare) {
            if (declare.getGlobalId() != null) {
                return rejected(Amqp.NOT_IMPLEMENTED, "Distributed transactions (a Declare with a global-id) are "
                        + "not supported by the local broker.");
            }
            Declared declared = new Declared();
            declared.setTxnId(transactions.declare(owner));
            return declared;
        }
        if (body instanceof Discharge discharge) {
            if (!transactions.isOpen(owner, discharge.getTxnId())) {
                return rejected(UNKNOWN_ID, "Transaction " + discharge.getTxnId() + " is not open on this connection.");
            }
            String failure = transactions.discharge(owner, discharge.getTxnId(),
                    !Boolean.TRUE.equals(discharge.getFail()));
            return failure == null ? Accepted.getInstance() : rejected(ROLLBACK, failure);
        }
        return rejected(Amqp.NOT_IMPLEMENTED, "The coordinator expects a Declare or a Discharge body.");
    }

    static Rejected rejected(Symbol condition, String description) {
        Rejected rejected = new Rejected();
        rejected.setError(new ErrorCondition(condition, description));
        return rejected;
    }

    @Override
    public void onGone() {
        // Transactions belong to the connection, not to the link: they end with a Discharge or the connection.
    }
}
