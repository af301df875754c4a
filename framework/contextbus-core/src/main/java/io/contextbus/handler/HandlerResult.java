package io.contextbus.handler;

import io.contextbus.error.ValidationException;

/**
 * What a handler decided about one event, and so the fate of its message. {@link #HANDLED} and
 * {@link #IGNORED} let the commit be applied and the message completed; {@link #retry} rolls the
 * commit's transaction back and abandons the message (the broker redelivers it, and dead-letters it
 * after the subscription's max delivery count); {@link #reject} rolls back and dead-letters at once.
 * Throwing is the same as {@link #retry}, unless the exception is a non-transient contextbus
 * exception, which is the same as {@link #reject} (the rule of
 * {@link io.contextbus.inbox.ApplyOutcome#failed}). {@link Handlers} turns the first result of a
 * commit that is not done into the commit's {@link io.contextbus.inbox.ApplyOutcome}.
 */
public sealed interface HandlerResult {
    HandlerResult HANDLED = new Done(true);
    HandlerResult IGNORED = new Done(false);

    /** Try the whole commit again later: something this handler depends on is not available now. */
    static HandlerResult retry(String why) {
        return new Retry(why);
    }

    /** The event can never be handled: dead-letter its message with {@code why} as the description. */
    static HandlerResult reject(String why) {
        return new Reject(why);
    }

    /** Applied ({@code handled}) or deliberately skipped. */
    record Done(boolean handled) implements HandlerResult {
    }

    /** See {@link #retry(String)}. */
    record Retry(String why) implements HandlerResult {
        public Retry {
            ValidationException.requireNonNull(why, "why");
        }
    }

    /** See {@link #reject(String)}. */
    record Reject(String why) implements HandlerResult {
        public Reject {
            ValidationException.requireNonNull(why, "why");
        }
    }
}
