package io.contextbus.servicebus.implementation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpErrorContext;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.servicebus.ServiceBusErrorSource;
import com.azure.messaging.servicebus.ServiceBusException;
import io.contextbus.error.PublishException;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;

class ServiceBusErrorsTest {
    private static final AmqpErrorContext CONTEXT = new AmqpErrorContext("localhost");

    private static ServiceBusException serviceBus(boolean isTransient, AmqpErrorCondition condition) {
        return new ServiceBusException(new AmqpException(isTransient, condition, "boom", CONTEXT), ServiceBusErrorSource.SEND);
    }

    @Test
    void a_busy_broker_is_transient_and_named() {
        PublishException e = ServiceBusErrors.toPublishException("3 messages to ordering.events",
                serviceBus(true, AmqpErrorCondition.SERVER_BUSY_ERROR));

        assertTrue(e.isTransient());
        assertTrue(e.getMessage().contains("reason=SERVICE_BUSY"), e.getMessage());
        assertTrue(e.getMessage().startsWith("Sending 3 messages to ordering.events failed"), e.getMessage());
    }

    @Test
    void a_timeout_is_transient_even_when_the_client_did_not_flag_it() {
        assertTrue(ServiceBusErrors.isTransient(serviceBus(false, AmqpErrorCondition.TIMEOUT_ERROR)));
    }

    @Test
    void a_missing_topic_an_oversized_message_and_a_refused_credential_are_not_transient() {
        assertFalse(ServiceBusErrors.isTransient(serviceBus(true, AmqpErrorCondition.NOT_FOUND)));
        assertFalse(ServiceBusErrors.isTransient(serviceBus(false, AmqpErrorCondition.LINK_PAYLOAD_SIZE_EXCEEDED)));
        assertFalse(ServiceBusErrors.isTransient(serviceBus(false, AmqpErrorCondition.UNAUTHORIZED_ACCESS)));
        assertEquals("MESSAGE_SIZE_EXCEEDED",
                ServiceBusErrors.reason(serviceBus(false, AmqpErrorCondition.LINK_PAYLOAD_SIZE_EXCEEDED)));
    }

    @Test
    void a_bare_amqp_exception_keeps_its_own_verdict_and_condition() {
        AmqpException forced = new AmqpException(true, AmqpErrorCondition.CONNECTION_FORCED, "closed", CONTEXT);
        assertTrue(ServiceBusErrors.isTransient(forced));
        assertEquals("amqp:connection:forced", ServiceBusErrors.reason(forced));
    }

    @Test
    void a_general_error_wrapping_an_io_failure_is_transient() {
        ServiceBusException e = new ServiceBusException(new IOException("connection reset"), ServiceBusErrorSource.SEND);
        assertEquals("GENERAL_ERROR", ServiceBusErrors.reason(e));
        assertTrue(ServiceBusErrors.isTransient(e));
    }

    @Test
    void wrappers_are_looked_through() {
        assertTrue(ServiceBusErrors.isTransient(new CompletionException(new TimeoutException("no ack"))));
        assertTrue(ServiceBusErrors.isTransient(Exceptions.propagate(new TimeoutException("no ack"))));
        assertTrue(ServiceBusErrors.isTransient(new IllegalStateException("Timeout on blocking read for 30000000000 NANOSECONDS")));
    }

    @Test
    void a_closed_client_or_a_bug_is_not_transient() {
        assertFalse(ServiceBusErrors.isTransient(new IllegalStateException("Cannot send: the sender is closed.")));
        assertFalse(ServiceBusErrors.isTransient(new NullPointerException()));
    }

    @Test
    void a_publish_exception_passes_through_unchanged() {
        PublishException original = new PublishException("x", true, null);
        assertSame(original, ServiceBusErrors.toPublishException("y", new CompletionException(original)));
    }
}
