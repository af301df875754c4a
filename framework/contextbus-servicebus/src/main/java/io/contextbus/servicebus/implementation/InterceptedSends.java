package io.contextbus.servicebus.implementation;

import com.azure.messaging.servicebus.ServiceBusMessage;
import io.contextbus.dispatch.SendInterceptor;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.TraceHeaders;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher's side of a {@link SendInterceptor}, guarded so that an interceptor can never break a
 * send: what it throws is logged and ignored (its send then observes nothing), and a property it
 * gives that the message contract owns ({@code cb_*}) or that is not a string is not applied. A
 * {@code traceparent} it gives replaces the one copied from the commit's headers, also as
 * {@code Diagnostic-Id}, as the Azure SDK writes it; a malformed one is not applied. Thread-safe when the interceptor is.
 */
public final class InterceptedSends {
    private static final Logger LOG = LoggerFactory.getLogger(InterceptedSends.class);

    private final SendInterceptor interceptor;
    private final ContextName context;

    public InterceptedSends(SendInterceptor interceptor, ContextName context) {
        this.interceptor = interceptor;
        this.context = context;
    }

    /** A message on its way and the interceptor's send that hears how it fared. */
    public interface Outgoing {
        SendInterceptor.Send send();
    }

    /** Asks the interceptor about {@code commit}'s {@code message} and applies the properties it gives. */
    public SendInterceptor.Send beforeSend(Commit commit, ServiceBusMessage message) {
        if (interceptor == SendInterceptor.NONE) {
            return SendInterceptor.Send.NONE;
        }
        try {
            SendInterceptor.Send send = interceptor.beforeSend(context, commit, context.topicName(), message.getMessageId());
            if (send == null) {
                return SendInterceptor.Send.NONE;
            }
            apply(send.properties(), message);
            return send;
        } catch (RuntimeException e) {
            LOG.warn("send interceptor failed, ignored context={} messageId={} error=\"{}\"", context,
                    message.getMessageId(), e.toString(), e);
            return SendInterceptor.Send.NONE;
        }
    }

    private static void apply(Map<String, String> properties, ServiceBusMessage message) {
        if (properties == null || properties.isEmpty()) {
            return;
        }
        String traceparent = properties.get(CommitMessages.TRACEPARENT);
        properties.forEach((k, v) -> {
            if (k != null && v != null && !CommitMessages.isContractProperty(k) && !k.equals(CommitMessages.TRACEPARENT)
                    && !k.equals(CommitMessages.DIAGNOSTIC_ID) && !k.equals(CommitMessages.TRACESTATE)) {
                message.getApplicationProperties().put(k, v);
            }
        });
        if (TraceHeaders.isValidTraceparent(traceparent)) {
            CommitMessages.setTraceContext(message, traceparent, properties.get(CommitMessages.TRACESTATE));
        }
    }

    /** Service Bus acknowledged these messages. */
    public void sent(List<? extends Outgoing> acknowledged) {
        for (Outgoing o : acknowledged) {
            try {
                o.send().sent();
            } catch (RuntimeException e) {
                LOG.warn("send interceptor failed on sent, ignored context={} error=\"{}\"", context, e.toString(), e);
            }
        }
    }

    /** These messages were not acknowledged: the dispatcher publishes them again. */
    public void failed(List<? extends Outgoing> unacknowledged, Throwable cause) {
        for (Outgoing o : unacknowledged) {
            try {
                o.send().failed(cause);
            } catch (RuntimeException e) {
                LOG.warn("send interceptor failed on failed, ignored context={} error=\"{}\"", context, e.toString(), e);
            }
        }
    }
}
