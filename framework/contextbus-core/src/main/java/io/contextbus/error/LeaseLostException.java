package io.contextbus.error;

/**
 * The dispatcher lease is held by another owner (or expired and was taken). The holder of a lost
 * lease must stop publishing; nothing it did after losing the lease is checkpointed.
 */
public class LeaseLostException extends ContextBusException {
    public LeaseLostException(String message) {
        super(message, false);
    }
}
