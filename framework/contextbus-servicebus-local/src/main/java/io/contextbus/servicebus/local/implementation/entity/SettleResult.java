package io.contextbus.servicebus.local.implementation.entity;

/** The outcome of settling a message by lock token. */
public enum SettleResult {
    OK,
    MESSAGE_LOCK_LOST,
    SESSION_LOCK_LOST
}
