package io.contextbus.servicebus.local.internal;

/** Broker-wide counters, confined to the event loop. */
public final class BrokerStats {

    long messagesSent;
    long messagesDelivered;
    long connectionsAccepted;

    public long messagesSent() {
        return messagesSent;
    }

    public long messagesDelivered() {
        return messagesDelivered;
    }

    public long connectionsAccepted() {
        return connectionsAccepted;
    }
}
