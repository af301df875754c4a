package io.contextbus.servicebus.local.implementation.entity;

import io.contextbus.servicebus.local.implementation.codec.MessageContent;

/** A subscription rule's filter: does this message go to the subscription. */
@FunctionalInterface
public interface MessageFilter {

    MessageFilter TRUE = content -> true;

    boolean matches(MessageContent content);
}
