package io.contextbus.handler;

/**
 * What a consumer does with a commit holding an event type it neither handles, nor declared as
 * ignored, nor can read: dead-letter the message (the default: a producer is ahead of this consumer,
 * and nothing is silently lost), or apply the commit without that event.
 */
public enum UnknownEventPolicy {
    DEAD_LETTER,
    SKIP
}
