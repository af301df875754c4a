package io.contextbus.codec;

import io.contextbus.error.ValidationException;

/**
 * A message body is not a commit as the message contract defines it. Names the field that is
 * missing or wrong; never transient.
 */
public class UndecodableCommitException extends ValidationException {
    public UndecodableCommitException(String field, String message) {
        super(field, message);
    }
}
