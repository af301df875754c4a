package io.contextbus.dispatch;

import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import java.util.Map;

/**
 * Sees each commit as the publisher turns it into its message: it may add string properties to the
 * message (a tracing module adds the W3C {@code traceparent} of its send span) and learns whether
 * the bus acknowledged the send. The seam through which tracing reaches the send without core or
 * the transport adapter knowing OpenTelemetry. {@link #NONE} by default.
 *
 * <p>Called on the publisher's threads, once per commit per publish attempt (a page published again
 * after a failure is seen again). It must be quick and should not throw: the publisher ignores (and
 * logs) what an interceptor throws, and a property it gives that the message contract owns (the
 * {@code cb_*} properties) is not applied, so an interceptor can never break a send.
 */
public interface SendInterceptor {

    /** Adds nothing, observes nothing. */
    SendInterceptor NONE = (source, commit, destination, messageId) -> Send.NONE;

    /**
     * The commit's message is about to be sent.
     *
     * @param source      the context whose commit it is
     * @param commit      the commit, as stored
     * @param destination where it is sent (the topic, e.g. {@code ordering.events})
     * @param messageId   the message's id
     * @return the send, whose {@link Send#properties()} go on the message and which hears the result
     */
    Send beforeSend(ContextName source, Commit commit, String destination, String messageId);

    /** One commit's send, from its message being built to the bus's answer. */
    interface Send {
        /** Adds nothing, observes nothing. */
        Send NONE = new Send() {
        };

        /** Properties to put on the message; empty by default. */
        default Map<String, String> properties() {
            return Map.of();
        }

        /** The bus acknowledged the message. */
        default void sent() {
        }

        /** The send failed; the dispatcher will publish the commit again. */
        default void failed(Throwable cause) {
        }
    }
}
