package io.contextbus.servicebus;

/**
 * Whether, at {@link ContextBus#start()}, the live namespace is read through the Service Bus
 * management API and checked: {@link #OFF} (the default, and the only choice for the local broker
 * and the emulator, which have no management endpoint), {@link #WARN} (log unsafe settings and
 * drift from the topology file), or {@link #FAIL} (refuse to start on either).
 */
public enum LiveTopologyCheck {
    OFF,
    WARN,
    FAIL
}
