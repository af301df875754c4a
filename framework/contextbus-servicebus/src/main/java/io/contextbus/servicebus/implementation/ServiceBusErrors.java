package io.contextbus.servicebus.implementation;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.servicebus.ServiceBusException;
import com.azure.messaging.servicebus.ServiceBusFailureReason;
import io.contextbus.error.ContextBusException;
import io.contextbus.error.PublishException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The one place where Service Bus client errors ({@link ServiceBusException}, {@link AmqpException}
 * and the JDK/Reactor exceptions the client lets through) become contextbus exceptions. Decides
 * whether a retry can help and names the failure reason, so that callers need not know the driver.
 */
public final class ServiceBusErrors {
    /** Reasons the service documents as "retry later" even when the client did not flag them transient. */
    private static final Set<ServiceBusFailureReason> RETRIABLE_REASONS = Set.of(
            ServiceBusFailureReason.SERVICE_BUSY,
            ServiceBusFailureReason.SERVICE_TIMEOUT,
            ServiceBusFailureReason.SERVICE_COMMUNICATION_ERROR);
    /** Reasons a retry of the same send can never get past. */
    private static final Set<ServiceBusFailureReason> FATAL_REASONS = Set.of(
            ServiceBusFailureReason.MESSAGE_SIZE_EXCEEDED,
            ServiceBusFailureReason.MESSAGING_ENTITY_NOT_FOUND,
            ServiceBusFailureReason.MESSAGING_ENTITY_DISABLED,
            ServiceBusFailureReason.UNAUTHORIZED);

    private ServiceBusErrors() {
    }

    /** A {@link PublishException} for a failed send described by {@code what} (e.g. the topic and ids). */
    public static PublishException toPublishException(String what, Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof PublishException p) {
            return p;
        }
        return new PublishException("Sending " + what + " failed (reason=" + reason(cause) + "): "
                + cause.getMessage(), isTransient(cause), cause);
    }

    /** True when the failed operation, retried unchanged, may succeed. */
    public static boolean isTransient(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof ServiceBusException s) {
            if (FATAL_REASONS.contains(s.getReason())) {
                return false;
            }
            return s.isTransient() || RETRIABLE_REASONS.contains(s.getReason()) || causeIsTransient(s);
        }
        if (e instanceof AmqpException a) {
            return a.isTransient();
        }
        if (e instanceof ContextBusException c) {
            return c.isTransient();
        }
        return e instanceof TimeoutException || e instanceof IOException
                || isBlockingTimeout(e) || e.getCause() instanceof TimeoutException;
    }

    /** The failure reason as Service Bus names it ({@code SERVICE_BUSY}, an AMQP condition...), or the type. */
    public static String reason(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof ServiceBusException s) {
            return s.getReason().toString();
        }
        if (e instanceof AmqpException a) {
            AmqpErrorCondition condition = a.getErrorCondition();
            return condition == null ? "AMQP_ERROR" : condition.getErrorCondition();
        }
        return e.getClass().getSimpleName();
    }

    /** Strips the wrappers that carry no information of their own (futures, Reactor's blocking). */
    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException
                || e.getClass().getName().startsWith("reactor.core.Exceptions$")) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static boolean causeIsTransient(ServiceBusException s) {
        // The client wraps non-AMQP failures (a dropped socket, a timed-out blocking call) as
        // GENERAL_ERROR with isTransient=false; the cause still says what happened.
        Throwable cause = s.getCause();
        return cause != null && cause != s && !(cause instanceof AmqpException) && isTransient(cause);
    }

    private static boolean isBlockingTimeout(Throwable e) {
        // Reactor's Mono.block(Duration) reports an expired wait as IllegalStateException("Timeout on blocking read ...").
        return e instanceof IllegalStateException && e.getMessage() != null
                && e.getMessage().startsWith("Timeout on blocking read");
    }
}
