package io.contextbus.samples.common.domain;

import java.util.List;

/**
 * A decider (Jérémie Chassaing's functional event sourcing): {@code decide(command, state)} says
 * which events a command causes, {@code evolve(state, event)} folds one event into the state.
 * Both are pure functions: no I/O, no clock, no Service Bus, no store. A decider that rejects a
 * command throws {@link DomainRuleException}; one that finds the command already done returns no
 * events, so that a command retried after a crash is harmless.
 *
 * @param <C> the commands
 * @param <S> the state
 * @param <E> the events
 */
public interface Decider<C, S, E> {

    /** The state of a stream with no events. */
    S initialState();

    /** The events {@code command} causes in {@code state}; empty when it is already done. */
    List<E> decide(C command, S state);

    /** The state after {@code event}. */
    S evolve(S state, E event);

    /** The state after all {@code events}, in order, starting from {@code state}. */
    default S fold(S state, List<? extends E> events) {
        S current = state;
        for (E event : events) {
            current = evolve(current, event);
        }
        return current;
    }

    /** The state of a stream holding {@code events}. */
    default S fold(List<? extends E> events) {
        return fold(initialState(), events);
    }
}
