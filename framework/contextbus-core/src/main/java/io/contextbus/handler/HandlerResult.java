package io.contextbus.handler;

import io.contextbus.error.ValidationException;
import io.contextbus.inbox.Dependency;
import java.time.Duration;

/**
 * What a handler decided about one event, and so the fate of its message. {@link #HANDLED} and
 * {@link #IGNORED} let the commit be applied and the message completed; {@link #retry} rolls the
 * commit's transaction back and abandons the message (the broker redelivers it, and dead-letters it
 * after the subscription's max delivery count); {@link #reject} parks the stream at the commit until
 * an operator retries or skips it; {@link #notYet} holds the commit (and its stream) until this
 * consumer has applied the stream it depends on, then applies it at once.
 * Throwing is the same as {@link #retry}, unless the exception is a non-transient contextbus
 * exception, which is the same as {@link #reject} (the rule of
 * {@link io.contextbus.inbox.ApplyOutcome#failed}). {@link Handlers} turns the first result of a
 * commit that is not done into the commit's {@link io.contextbus.inbox.ApplyOutcome}.
 */
public sealed interface HandlerResult {
    HandlerResult HANDLED = new Done(true);
    HandlerResult IGNORED = new Done(false);
    /** How long {@link #notYet(Dependency)} waits before the stream parks. */
    Duration DEFAULT_WAIT_LIMIT = Duration.ofHours(1);

    /** Try the whole commit again later: something this handler depends on is not available now. */
    static HandlerResult retry(String why) {
        return new Retry(why);
    }

    /** The event can never be handled as it is: park its stream at this commit with {@code why} as the reason. */
    static HandlerResult reject(String why) {
        return new Reject(why);
    }

    /**
     * Not yet: this event needs {@code dependency} (a stream of a consumed context applied up to a
     * commit) first. The commit is held durably and applied as soon as this consumer has applied the
     * dependency; its own stream waits behind it, every other stream flows. After
     * {@link #DEFAULT_WAIT_LIMIT} the stream parks.
     */
    static HandlerResult notYet(Dependency dependency) {
        return notYet(dependency, DEFAULT_WAIT_LIMIT);
    }

    /** {@link #notYet(Dependency)} parking after {@code timeLimit} instead. */
    static HandlerResult notYet(Dependency dependency, Duration timeLimit) {
        return new NotYet(dependency, timeLimit);
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

    /** See {@link #notYet(Dependency, Duration)}. */
    record NotYet(Dependency dependency, Duration timeLimit) implements HandlerResult {
        public NotYet {
            ValidationException.requireNonNull(dependency, "dependency");
            ValidationException.requirePositive(timeLimit, "timeLimit");
        }
    }

    /** See {@link #reject(String)}. */
    record Reject(String why) implements HandlerResult {
        public Reject {
            ValidationException.requireNonNull(why, "why");
        }
    }
}
