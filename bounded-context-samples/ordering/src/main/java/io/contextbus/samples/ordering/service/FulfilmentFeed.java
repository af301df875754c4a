package io.contextbus.samples.ordering.service;

import io.contextbus.samples.common.contracts.ContractJson;
import io.contextbus.samples.common.contracts.OrderingContract;
import io.contextbus.samples.ordering.domain.Fulfilment;
import io.contextbus.samples.ordering.domain.FulfilmentEvent;
import io.contextbus.samples.ordering.domain.FulfilmentProcess;
import io.contextbus.samples.ordering.domain.OrderCommand;
import io.contextbus.samples.runtime.CommandQueue;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Feeds the fulfilment process manager inside a store transaction: load the order's process row,
 * let the (pure) process handle the event, save the row and queue the commands it issued, all in
 * the caller's transaction, so a redelivered or replayed event can neither be lost nor issue twice.
 */
final class FulfilmentFeed {
    private final FulfilmentProcess process = new FulfilmentProcess();
    private final CommandQueue queue;

    FulfilmentFeed(CommandQueue queue) {
        this.queue = queue;
    }

    void feed(FulfilmentEvent event, Connection tx) throws SQLException {
        Fulfilment state = FulfilmentRows.load(tx, event.orderId());
        FulfilmentProcess.Step step = process.handle(state, event);
        FulfilmentRows.save(tx, step.state());
        for (OrderCommand command : step.commands()) {
            queue.enqueue(tx, OrderingContract.streamOf(command.orderId()), command.getClass().getSimpleName(),
                    ContractJson.write(command));
        }
    }
}
