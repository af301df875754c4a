package io.contextbus.servicebus.local.implementation.entity;

import java.util.UUID;

/**
 * A receiving link as an entity sees it: credit, settle mode, and where deliveries go.
 */
public interface MessageSink {

    /** How many more messages the receiver asked for. */
    int credit();

    /** True in receive-and-delete mode: deliveries are settled on send and the message is gone. */
    boolean receiveAndDelete();

    /** Sends one message; {@code lockedUntil} is 0 in receive-and-delete mode. */
    void deliver(EntityMessage message, UUID lockToken, long lockedUntil);

    /** The session this sink held was taken away (its lock expired). */
    void sessionLost(String description);
}
