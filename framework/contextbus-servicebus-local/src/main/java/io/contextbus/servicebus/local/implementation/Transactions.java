package io.contextbus.servicebus.local.implementation;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.qpid.proton.amqp.Binary;

/**
 * The broker's open transactions (AMQP 1.0 part 4: declared on a coordinator link, discharged by
 * commit or rollback). Work done within one is recorded, not applied: transactional sends are
 * checked when they arrive and enqueued at commit; transactional settlements keep the message
 * locked until commit and are applied then. A commit first checks that every settled message is
 * still locked; if one is not, nothing is applied and the commit fails (the transaction rolls
 * back), so a transaction is all or nothing. Transactions of a connection that drops roll back.
 * Owners are compared by identity (the broker passes the connection). Used on the event-loop thread
 * only.
 */
final class Transactions {

    /** One recorded operation: whether it can still be applied, and how to apply it. */
    record Work(BooleanSupplier applicable, Runnable apply, String description) {
    }

    private static final class Transaction {
        final Object owner;
        final List<Work> work = new ArrayList<>();

        Transaction(Object owner) {
            this.owner = owner;
        }
    }

    private final Map<ByteBuffer, Transaction> open = new HashMap<>();
    private long nextId = 1;

    /** Declares a transaction for {@code owner} and returns its id. */
    Binary declare(Object owner) {
        byte[] id = ByteBuffer.allocate(Long.BYTES).putLong(nextId++).array();
        open.put(ByteBuffer.wrap(id), new Transaction(owner));
        return new Binary(id);
    }

    /** True when {@code txnId} names an open transaction of {@code owner}. */
    boolean isOpen(Object owner, Binary txnId) {
        Transaction transaction = txnId == null ? null : open.get(key(txnId));
        return transaction != null && transaction.owner == owner;
    }

    /** Records work to apply at commit; the transaction must be open (see {@link #isOpen}). */
    void record(Binary txnId, Work work) {
        open.get(key(txnId)).work.add(work);
    }

    /**
     * Ends a transaction: applies its work on commit, drops it on rollback. Returns null when done,
     * or why the commit could not be applied (then nothing was).
     */
    String discharge(Object owner, Binary txnId, boolean commit) {
        if (!isOpen(owner, txnId)) {
            return "Transaction " + txnId + " is not open on this connection.";
        }
        Transaction transaction = open.remove(key(txnId));
        if (!commit) {
            return null;
        }
        for (Work work : transaction.work) {
            if (!work.applicable().getAsBoolean()) {
                return "The transaction was rolled back: " + work.description();
            }
        }
        transaction.work.forEach(work -> work.apply().run());
        return null;
    }

    /** Rolls back every transaction of a connection that went away. */
    void rollBackAll(Object owner) {
        Iterator<Transaction> it = open.values().iterator();
        while (it.hasNext()) {
            if (it.next().owner == owner) {
                it.remove();
            }
        }
    }

    private static ByteBuffer key(Binary txnId) {
        return ByteBuffer.wrap(txnId.getArray(), txnId.getArrayOffset(), txnId.getLength()).slice();
    }
}
