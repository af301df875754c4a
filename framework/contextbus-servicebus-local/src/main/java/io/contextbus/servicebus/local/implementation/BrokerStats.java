package io.contextbus.servicebus.local.implementation;

/** Broker-wide counters, confined to the event loop. */
public final class BrokerStats {

    long messagesSent;
    long messagesDelivered;
    long connectionsAccepted;
    long connectionsRefused;

    public long messagesSent() {
        return messagesSent;
    }

    public long messagesDelivered() {
        return messagesDelivered;
    }

    public long connectionsAccepted() {
        return connectionsAccepted;
    }

    /** Connections closed at accept because {@link ConnectionLimits#maxConnections()} were open. */
    public long connectionsRefused() {
        return connectionsRefused;
    }
}
