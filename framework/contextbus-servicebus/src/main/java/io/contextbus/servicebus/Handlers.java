package io.contextbus.servicebus;

import io.contextbus.error.ContextBusException;
import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The event handlers of one consumed source context, by event type. Built once and immutable.
 * Each event of an applied commit goes to the handler of its type; a type declared with
 * {@link Builder#ignore} is skipped; any other type follows the {@link UnknownEventPolicy}.
 *
 * @param <T> the consumer store's transaction handle
 */
public final class Handlers<T> {
    private final Map<String, EventHandler<EventMessage, T>> byType;
    private final Set<String> ignored;
    private final UnknownEventPolicy unknownEvents;

    private Handlers(Builder<T> b) {
        this.byType = Map.copyOf(b.byType);
        this.ignored = Set.copyOf(b.ignored);
        this.unknownEvents = b.unknownEvents;
    }

    /** Handlers receiving events in their stored form ({@link EventMessage}). */
    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    public UnknownEventPolicy unknownEvents() {
        return unknownEvents;
    }

    /**
     * Finds the handler of every event of {@code commit}, reading each into what its handler takes.
     *
     * @throws PoisonMessageException when an event is of an unknown type (and the policy says
     *         dead-letter) or cannot be read
     */
    List<Invocation<T>> prepare(Commit commit) {
        List<Invocation<T>> invocations = new ArrayList<>(commit.events().size());
        for (int i = 0; i < commit.events().size(); i++) {
            EventMessage e = commit.events().get(i);
            EventHandler<EventMessage, T> handler = byType.get(e.type());
            if (handler != null) {
                invocations.add(new Invocation<>(i, e, handler));
            } else if (!ignored.contains(e.type()) && unknownEvents == UnknownEventPolicy.DEAD_LETTER) {
                throw new PoisonMessageException(DeadLetterReason.UNKNOWN_EVENT_TYPE, "events[" + i + "] has type '"
                        + e.type() + "' v" + e.schemaVersion() + ", which this consumer neither handles nor ignores.");
            }
        }
        return invocations;
    }

    /**
     * Runs the prepared handlers in event order through {@code transaction}.
     *
     * @throws HandlerOutcomeException when a handler asked for a retry or rejected its event
     */
    void apply(ContextName source, Commit commit, List<Invocation<T>> invocations, T transaction) throws Exception {
        for (Invocation<T> inv : invocations) {
            HandlerResult result = inv.run(new EventContext<>(source, commit, inv.index(), transaction));
            if (result instanceof HandlerResult.Retry r) {
                throw new HandlerOutcomeException(true, "events[" + inv.index() + "] asked for a retry: " + r.why());
            }
            if (result instanceof HandlerResult.Reject r) {
                throw new HandlerOutcomeException(false, "events[" + inv.index() + "] ('"
                        + inv.message().type() + "') was rejected by its handler: " + r.why());
            }
            if (result == null) {
                throw new IllegalStateException("The handler of '" + inv.message().type() + "' returned null.");
            }
        }
    }

    /** One event and the handler it goes to. */
    record Invocation<T>(int index, EventMessage message, EventHandler<EventMessage, T> handler) {
        HandlerResult run(EventContext<T> context) throws Exception {
            return handler.handle(message, context);
        }
    }

    /** A handler's {@link HandlerResult#retry} (transient) or {@link HandlerResult#reject} (not). */
    static final class HandlerOutcomeException extends ContextBusException {
        HandlerOutcomeException(boolean retry, String message) {
            super(message, retry);
        }
    }

    /** Collects the handlers; {@link #build()} validates them. */
    public static final class Builder<T> {
        private final Map<String, EventHandler<EventMessage, T>> byType = new HashMap<>();
        private final Set<String> ignored = new HashSet<>();
        private UnknownEventPolicy unknownEvents = UnknownEventPolicy.DEAD_LETTER;

        private Builder() {
        }

        /** Handles events stored as {@code type}, in their stored form. */
        public Builder<T> on(String type, EventHandler<EventMessage, T> handler) {
            ValidationException.requireNonNull(type, "type");
            ValidationException.requireNonNull(handler, "handler");
            ValidationException.require(!byType.containsKey(type), "type", "already has a handler: '" + type + "'.");
            byType.put(type, handler);
            return this;
        }

        /** Declares types this consumer knows and deliberately does not handle. */
        public Builder<T> ignore(String... types) {
            ValidationException.requireNonNull(types, "types");
            for (String t : types) {
                ignored.add(ValidationException.requireNonNull(t, "types"));
            }
            return this;
        }

        /** What to do with a type neither handled nor ignored; {@link UnknownEventPolicy#DEAD_LETTER} by default. */
        public Builder<T> unknownEvents(UnknownEventPolicy policy) {
            this.unknownEvents = ValidationException.requireNonNull(policy, "policy");
            return this;
        }

        public Handlers<T> build() {
            Set<String> both = new HashSet<>(ignored);
            both.retainAll(byType.keySet());
            ValidationException.require(both.isEmpty(), "types", "cannot be both handled and ignored: " + both + ".");
            return new Handlers<>(this);
        }
    }
}
