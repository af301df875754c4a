package io.contextbus.handler;

/**
 * Handles one event of a consumed commit: a plain function of the event and its
 * {@link EventContext}, whose writes go through {@link EventContext#transaction()} so that they
 * commit together with the inbox update, once per commit. Runs once per event for each commit
 * applied, in commit order per stream.
 *
 * @param <E> the event: a registered event class, or {@link io.contextbus.model.EventMessage} for raw handlers
 * @param <T> the consumer store's transaction handle (a {@code java.sql.Connection} for SQLite)
 */
@FunctionalInterface
public interface EventHandler<E, T> {
    HandlerResult handle(E event, EventContext<T> context) throws Exception;
}
