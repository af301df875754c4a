package io.contextbus.servicebus.local.implementation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.apache.qpid.proton.amqp.Binary;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Transactions: work applies at commit, all or nothing; ids belong to their owner")
class TransactionsTest {

    private final Transactions transactions = new Transactions();
    private final Object connection = new Object();
    private final List<String> applied = new ArrayList<>();

    private Transactions.Work work(String name, boolean applicable) {
        return new Transactions.Work(() -> applicable, () -> applied.add(name), name + " lost its lock.");
    }

    @Test
    @DisplayName("a commit applies the recorded work in order; the id is then closed")
    void commitApplies() {
        Binary id = transactions.declare(connection);
        transactions.record(id, work("send", true));
        transactions.record(id, work("complete", true));
        assertTrue(applied.isEmpty());

        assertNull(transactions.discharge(connection, id, true));

        assertEquals(List.of("send", "complete"), applied);
        assertFalse(transactions.isOpen(connection, id));
    }

    @Test
    @DisplayName("a rollback applies nothing")
    void rollbackDrops() {
        Binary id = transactions.declare(connection);
        transactions.record(id, work("send", true));

        assertNull(transactions.discharge(connection, id, false));

        assertTrue(applied.isEmpty());
        assertFalse(transactions.isOpen(connection, id));
    }

    @Test
    @DisplayName("a commit with one inapplicable piece of work applies none and says why")
    void allOrNothing() {
        Binary id = transactions.declare(connection);
        transactions.record(id, work("send", true));
        transactions.record(id, work("complete", false));

        String failure = transactions.discharge(connection, id, true);

        assertTrue(failure != null && failure.contains("complete lost its lock."), failure);
        assertTrue(applied.isEmpty());
        assertFalse(transactions.isOpen(connection, id));
    }

    @Test
    @DisplayName("ids are unique, valid only for their owner, and an owner that goes away rolls back")
    void ownership() {
        Object other = new Object();
        Binary first = transactions.declare(connection);
        Binary second = transactions.declare(connection);
        assertNotEquals(first, second);
        assertFalse(transactions.isOpen(other, first));
        assertTrue(transactions.discharge(other, first, true) != null);

        transactions.record(first, work("send", true));
        transactions.rollBackAll(connection);

        assertFalse(transactions.isOpen(connection, first));
        assertFalse(transactions.isOpen(connection, second));
        assertTrue(applied.isEmpty());
    }
}
