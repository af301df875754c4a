package io.contextbus.servicebus.local.implementation;

import org.apache.qpid.proton.engine.Delivery;

/** Reacts to the events of one attached link. */
interface LinkHandler {

    default void onFlow() {
    }

    default void onDelivery(Delivery delivery) {
    }

    /** The link is gone (detached, closed, or its connection dropped); release what it holds. */
    void onGone();
}
