package io.contextbus.servicebus.local.internal.entity;

import io.contextbus.servicebus.local.internal.codec.MessageContent;

/** A subscription rule's filter: does this message go to the subscription. */
@FunctionalInterface
public interface MessageFilter {

    MessageFilter TRUE = content -> true;

    boolean matches(MessageContent content);
}
