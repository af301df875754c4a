package io.contextbus.servicebus.local.implementation.entity;

/** How a receiver settled a locked message. */
public enum Disposition {
    COMPLETE,
    ABANDON,
    DEFER,
    DEAD_LETTER,
    RELEASE
}
