package io.contextbus.servicebus.local.implementation.entity;

/**
 * How a receiver settled a locked message, as the broker applies it: the Service Bus settlement that
 * an AMQP outcome ({@code Dispositions}) or the management node's {@code update-disposition} maps to.
 */
public enum Settlement {
    COMPLETE,
    ABANDON,
    DEFER,
    DEAD_LETTER,
    RELEASE
}
