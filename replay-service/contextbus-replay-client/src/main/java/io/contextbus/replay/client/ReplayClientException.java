package io.contextbus.replay.client;

import io.contextbus.error.ContextBusException;
import java.util.Optional;

/**
 * The replay service refused or could not answer a request. Carries the HTTP status (0 when no
 * answer came) and the field the service named; transient for no answer, 429 and 5xx.
 */
public class ReplayClientException extends ContextBusException {
    private final int status;
    private final String field;

    public ReplayClientException(String message, int status, String field, Throwable cause) {
        super(message, status == 0 || status == 429 || status >= 500, cause);
        this.status = status;
        this.field = field;
    }

    /** The HTTP status, 0 when the service did not answer. */
    public int status() {
        return status;
    }

    /** The request field the service named as bad, if any. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
