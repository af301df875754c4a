package io.contextbus.error;

/**
 * The bus did not acknowledge a send. The dispatcher's checkpoint does not move; the commits are
 * sent again later (at least once).
 */
public class PublishException extends ContextBusException {
    public PublishException(String message, boolean transientFailure, Throwable cause) {
        super(message, transientFailure, cause);
    }
}
