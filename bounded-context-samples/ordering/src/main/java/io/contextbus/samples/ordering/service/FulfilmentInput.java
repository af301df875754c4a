package io.contextbus.samples.ordering.service;

import io.contextbus.handler.EventContext;
import io.contextbus.samples.ordering.domain.FulfilmentEvent;

/**
 * Where inventory's reservation results go, in the inbox transaction of the commit that carried
 * them: on SQLite straight to the fulfilment process ({@link FulfilmentFeed}); on Cosmos DB into the
 * work queue, because the process's document lives in the order's partition, not in the batch's.
 *
 * @param <T> the inbox transaction type
 */
@FunctionalInterface
interface FulfilmentInput<T> {
    void accept(FulfilmentEvent event, EventContext<T> source) throws Exception;
}
