package io.contextbus.handler;

/**
 * What a consumer does with a commit holding an event type it neither handles, nor declared as
 * ignored, nor can read: refuse the commit (the default: a producer is ahead of this consumer, and
 * nothing is silently lost), or apply the commit without that event.
 */
public enum UnknownEventPolicy {
    /**
     * Refuse the commit ({@link io.contextbus.inbox.ApplyOutcome.Refusal#UNKNOWN_EVENT_TYPE}): the
     * inbox parks its stream until the handler is deployed and an operator retries (the name is kept
     * from when such a message was dead-lettered).
     */
    DEAD_LETTER,
    /** Apply the commit without the event. */
    SKIP
}
