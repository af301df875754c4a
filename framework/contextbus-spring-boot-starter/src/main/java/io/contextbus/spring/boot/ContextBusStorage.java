package io.contextbus.spring.boot;

import io.contextbus.dispatch.DispatchCheckpointStore;
import io.contextbus.inbox.Inbox;
import io.contextbus.store.EventStore;

/**
 * Where the context keeps its commits, its dispatcher checkpoint and its inbox: the SQLite file or
 * the Cosmos DB container the {@code contextbus.store.*} properties name. Declare a bean of this
 * type to bring another store; the starter then opens none.
 *
 * @param <T> the inbox transaction handle handlers write through
 */
public interface ContextBusStorage<T> {

    EventStore events();

    DispatchCheckpointStore checkpoints();

    Inbox<T> inbox();

    /** A storage of the three parts. */
    static <T> ContextBusStorage<T> of(EventStore events, DispatchCheckpointStore checkpoints, Inbox<T> inbox) {
        return new ContextBusStorage<>() {
            @Override
            public EventStore events() {
                return events;
            }

            @Override
            public DispatchCheckpointStore checkpoints() {
                return checkpoints;
            }

            @Override
            public Inbox<T> inbox() {
                return inbox;
            }
        };
    }
}
