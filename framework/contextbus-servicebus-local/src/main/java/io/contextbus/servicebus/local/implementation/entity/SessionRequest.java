package io.contextbus.servicebus.local.implementation.entity;

import org.apache.qpid.proton.amqp.Symbol;

/**
 * A receiving link waiting to be given a session (accept next session, or accept by id).
 */
public interface SessionRequest {

    /** False once the link went away while waiting. */
    boolean isWaiting();

    /** The link that will own the session. */
    MessageSink sink();

    /** The session is now locked to this request's link. */
    void granted(SessionQueue session, long lockedUntil);

    /** The session cannot be given (for example it is locked by another receiver). */
    void refused(Symbol condition, String description);

    /** No session became free within the link's timeout. */
    void timedOut();
}
