package io.contextbus.handler;

import io.contextbus.error.ValidationException;
import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.inbox.CommitApplier;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.serialization.EventCodec;
import io.contextbus.serialization.EventDeserializationException;
import io.contextbus.serialization.UnknownEventTypeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The event handlers of one consumed source context. Built once and immutable. Each event of an
 * applied commit goes to the handler of its stored type ({@link Builder#on(String, EventHandler)},
 * raw form), or, with an {@link EventCodec}, is read into its current class (upcasters applied)
 * and goes to the handler of that class ({@link Builder#on(Class, EventHandler)}); a registered
 * class without a handler, and a type declared with {@link Builder#ignore}, are skipped; any other
 * type follows the {@link UnknownEventPolicy}; data that does not fit its class is refused with an
 * {@link UnhandledEventException} by {@link #prepare}, and as {@link ApplyOutcome.Reject} by
 * {@link #apply}. Handlers run inside the {@link HandlerDecorator}s registered with
 * {@link Builder#decorate} (first registered outermost), and what they decide comes back as an
 * {@link ApplyOutcome} value (never as an exception): the commit's fate, which the consumer's inbox
 * returns and its transport adapter settles the message by. Knows no transport: a consumer adapter
 * passes the handlers to its inbox as the {@link CommitApplier}, or calls {@link #prepare} first to
 * refuse an unreadable message before the inbox's transaction.
 *
 * @param <T> the consumer store's transaction handle
 */
public final class Handlers<T> implements CommitApplier<T> {
    private final Map<String, EventHandler<Object, T>> byType;
    private final Map<Class<?>, EventHandler<Object, T>> byClass;
    private final Set<String> ignored;
    private final UnknownEventPolicy unknownEvents;
    private final Optional<EventCodec> codec;
    private final List<HandlerDecorator<T>> decorators;

    private Handlers(Builder<T> b) {
        this.byType = Map.copyOf(b.byType);
        this.byClass = Map.copyOf(b.byClass);
        this.ignored = Set.copyOf(b.ignored);
        this.unknownEvents = b.unknownEvents;
        this.codec = b.codec;
        this.decorators = List.copyOf(b.decorators);
    }

    /** Handlers receiving events in their stored form ({@link EventMessage}) only. */
    public static <T> Builder<T> builder() {
        return new Builder<>(Optional.empty());
    }

    /** Handlers that may also receive typed events, read by {@code codec} (upcasters applied). */
    public static <T> Builder<T> builder(EventCodec codec) {
        return new Builder<>(Optional.of(ValidationException.requireNonNull(codec, "codec")));
    }

    public UnknownEventPolicy unknownEvents() {
        return unknownEvents;
    }

    /**
     * Finds the handler of every event of {@code commit}, reading each into what its handler takes.
     * For consumer adapters (the Service Bus consumer): handler code never calls it. Preparing
     * before the inbox's transaction lets an adapter refuse an unreadable message at once.
     *
     * @throws UnhandledEventException when an event is of an unknown type (and the policy says
     *         dead-letter) or cannot be read
     */
    public Prepared<T> prepare(Commit commit) {
        ValidationException.requireNonNull(commit, "commit");
        List<Invocation<T>> invocations = new ArrayList<>(commit.events().size());
        for (int i = 0; i < commit.events().size(); i++) {
            EventMessage e = commit.events().get(i);
            EventHandler<Object, T> raw = byType.get(e.type());
            if (raw != null) {
                invocations.add(new Invocation<>(i, e.type(), e, raw));
            } else if (!ignored.contains(e.type())) {
                typed(i, e).ifPresent(invocations::add);
            }
        }
        return new Prepared<>(this, commit, List.copyOf(invocations));
    }

    private Optional<Invocation<T>> typed(int index, EventMessage e) {
        if (codec.isEmpty()) {
            return unknown(index, e, "this consumer neither handles nor ignores it");
        }
        Object event;
        try {
            event = codec.get().decode(e);
        } catch (UnknownEventTypeException u) {
            return unknown(index, e, u.getMessage());
        } catch (EventDeserializationException d) {
            throw new UnhandledEventException(UnhandledEventException.Reason.UNDECODABLE_EVENT, "events[" + index + "] ('"
                    + e.type() + "' v" + e.schemaVersion() + ") field '" + d.field() + "': " + d.getMessage());
        }
        return handlerOf(event.getClass()).map(h -> new Invocation<>(index, e.type(), event, h));
    }

    private Optional<EventHandler<Object, T>> handlerOf(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            EventHandler<Object, T> h = byClass.get(c);
            if (h != null) {
                return Optional.of(h);
            }
            for (Class<?> i : c.getInterfaces()) {
                if (byClass.containsKey(i)) {
                    return Optional.of(byClass.get(i));
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Invocation<T>> unknown(int index, EventMessage e, String why) {
        if (unknownEvents == UnknownEventPolicy.SKIP) {
            return Optional.empty();
        }
        throw new UnhandledEventException(UnhandledEventException.Reason.UNKNOWN_EVENT_TYPE, "events[" + index
                + "] has type '" + e.type() + "' v" + e.schemaVersion() + ", which this consumer cannot take: " + why);
    }

    /**
     * Prepares and applies {@code commit} through {@code transaction}: this is the
     * {@link CommitApplier} a consumer adapter passes to its {@link io.contextbus.inbox.Inbox}. An event
     * that {@link #prepare} refuses becomes {@link ApplyOutcome.Reject} with the refusal's reason.
     */
    @Override
    public ApplyOutcome apply(ContextName source, Commit commit, T transaction) {
        return apply(source, commit, transaction, Delivery.DIRECT);
    }

    /** {@link #apply(ContextName, Commit, Object)} for a commit that came as {@code delivery} says. */
    public ApplyOutcome apply(ContextName source, Commit commit, T transaction, Delivery delivery) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(delivery, "delivery");
        Prepared<T> prepared;
        try {
            prepared = prepare(commit);
        } catch (UnhandledEventException e) {
            return e.toOutcome();
        }
        return prepared.apply(source, transaction, delivery);
    }

    /** Runs the commit decorators, outermost first, around the handlers of the commit's events. */
    private ApplyOutcome run(ContextName source, Commit commit, List<Invocation<T>> invocations, T transaction,
                             Delivery delivery) {
        return commitStep(0, new CommitContext<>(source, commit, transaction, delivery), invocations).proceed();
    }

    private HandlerDecorator.CommitStep commitStep(int i, CommitContext<T> context, List<Invocation<T>> invocations) {
        if (i == decorators.size()) {
            return () -> guarded(() -> handleEvents(context, invocations));
        }
        HandlerDecorator<T> decorator = decorators.get(i);
        HandlerDecorator.CommitStep next = commitStep(i + 1, context, invocations);
        return () -> guarded(() -> decorator.aroundCommit(context, next));
    }

    /**
     * Where a handler's (or a decorator's) exception becomes an outcome, by the one rule of
     * {@link ApplyOutcome#failed}; the cause is kept for the logs.
     */
    private static ApplyOutcome guarded(Callable<ApplyOutcome> step) {
        try {
            ApplyOutcome outcome = step.call();
            return outcome != null ? outcome
                    : ApplyOutcome.failed(new IllegalStateException("A HandlerDecorator returned a null outcome."));
        } catch (Exception e) {
            return ApplyOutcome.failed(e);
        }
    }

    /** Runs the invocations in event order; the first that is not done decides the commit's outcome. */
    private ApplyOutcome handleEvents(CommitContext<T> commit, List<Invocation<T>> invocations) throws Exception {
        for (Invocation<T> inv : invocations) {
            EventContext<T> context = new EventContext<>(commit.source(), commit.commit(), inv.index(), commit.transaction());
            HandlerResult result = eventStep(0, inv, context).proceed();
            if (result instanceof HandlerResult.Retry r) {
                return ApplyOutcome.retry("events[" + inv.index() + "] asked for a retry: " + r.why());
            }
            if (result instanceof HandlerResult.NotYet n) {
                return ApplyOutcome.waitFor(n.dependency(), n.timeLimit(), "events[" + inv.index() + "] ('"
                        + inv.type() + "') needs " + n.dependency() + " first");
            }
            if (result instanceof HandlerResult.Reject r) {
                return ApplyOutcome.reject(ApplyOutcome.Refusal.REJECTED, "events[" + inv.index() + "] ('"
                        + inv.type() + "') was rejected by its handler: " + r.why());
            }
            if (result == null) {
                throw new IllegalStateException("The handler of '" + inv.type() + "' returned null.");
            }
        }
        return ApplyOutcome.APPLIED;
    }

    private HandlerDecorator.EventStep eventStep(int i, Invocation<T> invocation, EventContext<T> context) {
        if (i == decorators.size()) {
            return () -> invocation.run(context);
        }
        HandlerDecorator<T> decorator = decorators.get(i);
        HandlerDecorator.EventStep next = eventStep(i + 1, invocation, context);
        return () -> decorator.aroundEvent(invocation.event(), context, next);
    }

    /**
     * A commit whose events have been matched to their handlers (and read into their classes), ready
     * to be applied, once or again after a rollback, inside a consumer store transaction.
     *
     * @param <T> the consumer store's transaction handle
     */
    public static final class Prepared<T> {
        private final Handlers<T> handlers;
        private final Commit commit;
        private final List<Invocation<T>> invocations;

        private Prepared(Handlers<T> handlers, Commit commit, List<Invocation<T>> invocations) {
            this.handlers = handlers;
            this.commit = commit;
            this.invocations = invocations;
        }

        public Commit commit() {
            return commit;
        }

        /**
         * Runs the handlers in event order through {@code transaction}, inside the decorators, and
         * returns what the commit came to: {@link ApplyOutcome#APPLIED}, a handler's retry or reject,
         * or what a handler threw as {@link ApplyOutcome.Failed}. Never throws for a handler.
         */
        public ApplyOutcome apply(ContextName source, T transaction) {
            return apply(source, transaction, Delivery.DIRECT);
        }

        /** {@link #apply(ContextName, Object)} for a commit that came as {@code delivery} says. */
        public ApplyOutcome apply(ContextName source, T transaction, Delivery delivery) {
            ValidationException.requireNonNull(source, "source");
            ValidationException.requireNonNull(delivery, "delivery");
            return handlers.run(source, commit, invocations, transaction, delivery);
        }
    }

    /** One event and the handler it goes to. */
    private record Invocation<T>(int index, String type, Object event, EventHandler<Object, T> handler) {
        HandlerResult run(EventContext<T> context) throws Exception {
            return handler.handle(event, context);
        }
    }

    /** Collects the handlers; {@link #build()} validates them. */
    public static final class Builder<T> {
        private final Map<String, EventHandler<Object, T>> byType = new HashMap<>();
        private final Map<Class<?>, EventHandler<Object, T>> byClass = new HashMap<>();
        private final Set<String> ignored = new HashSet<>();
        private final Optional<EventCodec> codec;
        private final List<HandlerDecorator<T>> decorators = new ArrayList<>();
        private UnknownEventPolicy unknownEvents = UnknownEventPolicy.DEAD_LETTER;

        private Builder(Optional<EventCodec> codec) {
            this.codec = codec;
        }

        /** Handles events stored as {@code type}, in their stored form. */
        @SuppressWarnings("unchecked")
        public Builder<T> on(String type, EventHandler<EventMessage, T> handler) {
            ValidationException.requireNonNull(type, "type");
            ValidationException.requireNonNull(handler, "handler");
            ValidationException.require(!byType.containsKey(type), "type", "already has a handler: '" + type + "'.");
            byType.put(type, (EventHandler<Object, T>) (EventHandler<?, T>) handler);
            return this;
        }

        /**
         * Handles events read as {@code eventClass} (or a subclass) by the codec.
         *
         * @throws ValidationException when the builder has no codec, or the class is not registered in it
         */
        @SuppressWarnings("unchecked")
        public <E> Builder<T> on(Class<E> eventClass, EventHandler<E, T> handler) {
            ValidationException.requireNonNull(eventClass, "eventClass");
            ValidationException.requireNonNull(handler, "handler");
            ValidationException.require(codec.isPresent(), "eventClass",
                    "needs Handlers.builder(codec): no EventCodec to read " + eventClass.getName() + " with.");
            ValidationException.require(codec.get().registry().byClass(eventClass).isPresent()
                            || codec.get().registry().types().stream().anyMatch(t -> eventClass.isAssignableFrom(t.eventClass())),
                    "eventClass", "is not registered in the codec's EventTypeRegistry: " + eventClass.getName() + ".");
            ValidationException.require(!byClass.containsKey(eventClass), "eventClass",
                    "already has a handler: " + eventClass.getName() + ".");
            byClass.put(eventClass, (EventHandler<Object, T>) handler);
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

        /**
         * Adds a step to the handler pipeline (tracing, metrics, retry policy...). The first added is
         * the outermost: it sees each commit and event first and its outcome last. See
         * {@link HandlerDecorator}.
         */
        public Builder<T> decorate(HandlerDecorator<T> decorator) {
            decorators.add(ValidationException.requireNonNull(decorator, "decorator"));
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
