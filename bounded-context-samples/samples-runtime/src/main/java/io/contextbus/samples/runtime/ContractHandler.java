package io.contextbus.samples.runtime;

import io.contextbus.handler.EventContext;
import io.contextbus.handler.EventHandler;
import io.contextbus.handler.HandlerResult;
import io.contextbus.model.EventMessage;
import io.contextbus.samples.common.contracts.ContractJson;

/**
 * Adapts a handler of a published-language record to contextbus's raw {@link EventHandler}: the
 * event's JSON is read as the record (unknown fields ignored); data that does not fit is rejected,
 * so its message is dead-lettered with the reason instead of being retried forever.
 */
public final class ContractHandler {
    private ContractHandler() {
    }

    /** A plain function of (event, context) deciding the message's fate. */
    @FunctionalInterface
    public interface Typed<E, T> {
        HandlerResult handle(E event, EventContext<T> context) throws Exception;
    }

    public static <E, T> EventHandler<EventMessage, T> of(Class<E> type, Typed<E, T> handler) {
        return (message, context) -> {
            E event;
            try {
                event = ContractJson.read(message.data(), type);
            } catch (IllegalArgumentException e) {
                return HandlerResult.reject(e.getMessage());
            }
            return handler.handle(event, context);
        };
    }
}
