package io.contextbus.servicebus.local;

import static io.contextbus.servicebus.local.RawAmqp.AMQP_HEADER;
import static io.contextbus.servicebus.local.RawAmqp.concat;
import static io.contextbus.servicebus.local.RawAmqp.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.Attach;
import org.apache.qpid.proton.amqp.transport.Close;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.Disposition;
import org.apache.qpid.proton.amqp.transport.Role;
import org.apache.qpid.proton.amqp.transport.Transfer;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;

/**
 * A raw AMQP client sends transfers whose payload is not an AMQP message: the broker rejects them
 * with {@code amqp:decode-error}, stores nothing, and the SDK's receiver gets only valid messages.
 */
@DisplayName("Transfers that do not decode as AMQP messages are rejected and not stored")
class MalformedMessageIT {

    private static final String QUEUE = "plain";
    private static final Symbol DECODE_ERROR = Symbol.valueOf("amqp:decode-error");
    private static final int BATCH_FORMAT = 0x80013700;
    /** A described list (properties) that claims 9 bytes and 0x7f fields, cut short. */
    private static final byte[] GARBAGE = {0x00, 0x53, 0x73, (byte) 0xc0, 0x09, 0x7f, 0x41, 0x42};

    @Test
    @DisplayName("a garbage message and a batch with one garbage message are rejected whole; the SDK receives only the valid one after them")
    void rejectsUndecodableTransfers() throws Exception {
        try (LocalServiceBus bus = LocalServiceBus.builder().topology(ServiceBusTarget.topology()).start()) {
            // given
            byte[] batch = concat(encode(new Properties()),
                    encode(new Data(new Binary(encodeMessage("batch-good", "in a batch")))),
                    encode(new Data(new Binary(GARBAGE))));
            byte[] session = concat(AMQP_HEADER, frame(0, MisbehavingClientIT.open()),
                    frame(0, MisbehavingClientIT.begin()), frame(0, attach()),
                    frame(0, transfer(0, 0), GARBAGE),
                    frame(0, transfer(1, BATCH_FORMAT), batch),
                    frame(0, transfer(2, 0), encodeMessage("valid", "sent after them")),
                    frame(0, new Close()));

            // when
            Map<Long, DeliveryState> outcomes = outcomes(RawAmqp.exchange(bus.port(), session));

            // then
            assertEquals(3, outcomes.size(), "one disposition per transfer: " + outcomes);
            assertDecodeError(outcomes.get(0L), "The section at byte 0 does not decode");
            assertDecodeError(outcomes.get(1L), "Message 2 of the batch of 2: The section at byte 0 does not decode");
            assertInstanceOf(Accepted.class, outcomes.get(2L));
            assertEquals(1, bus.counts(QUEUE).messagesEnqueued(), "only the valid message is stored");
            try (ServiceBusReceiverClient receiver = ServiceBusTarget.local(bus).client().receiver().queueName(QUEUE)
                    .buildClient()) {
                ServiceBusReceivedMessage received = Receiving.one(receiver, m -> true);
                assertEquals("valid", received.getMessageId());
                assertEquals("sent after them", received.getBody().toString());
                receiver.complete(received);
                assertEquals(0, receiver.receiveMessages(10, Duration.ofSeconds(3)).stream().count(),
                        "nothing else is delivered");
            }
            assertEquals(0, bus.counts(QUEUE).activeMessages());
        }
    }

    private static void assertDecodeError(DeliveryState state, String description) {
        Rejected rejected = assertInstanceOf(Rejected.class, state);
        assertEquals(DECODE_ERROR, rejected.getError().getCondition(), String.valueOf(rejected.getError()));
        assertTrue(rejected.getError().getDescription().contains(description), rejected.getError().getDescription());
    }

    /** The outcome of each delivery id the broker settled with a disposition. */
    private static Map<Long, DeliveryState> outcomes(RawAmqp.Answer answer) {
        Map<Long, DeliveryState> outcomes = new HashMap<>();
        List<Object> frames = answer.frames();
        for (Object frame : frames) {
            if (frame instanceof Disposition d) {
                long last = d.getLast() == null ? d.getFirst().longValue() : d.getLast().longValue();
                for (long id = d.getFirst().longValue(); id <= last; id++) {
                    outcomes.put(id, d.getState());
                }
            }
        }
        assertTrue(answer.sentClose(), "the broker closed the connection at the client's request: " + frames);
        return outcomes;
    }

    private static Attach attach() {
        Attach attach = new Attach();
        attach.setName("raw-sender");
        attach.setHandle(UnsignedInteger.ZERO);
        attach.setRole(Role.SENDER);
        attach.setSource(new org.apache.qpid.proton.amqp.messaging.Source());
        Target target = new Target();
        target.setAddress(QUEUE);
        attach.setTarget(target);
        attach.setInitialDeliveryCount(UnsignedInteger.ZERO);
        return attach;
    }

    private static Transfer transfer(int deliveryId, int format) {
        Transfer transfer = new Transfer();
        transfer.setHandle(UnsignedInteger.ZERO);
        transfer.setDeliveryId(UnsignedInteger.valueOf(deliveryId));
        transfer.setDeliveryTag(new Binary(new byte[] {(byte) deliveryId}));
        transfer.setMessageFormat(UnsignedInteger.valueOf(format & 0xFFFFFFFFL));
        transfer.setSettled(false);
        return transfer;
    }

    private static byte[] encodeMessage(String id, String body) {
        Message message = Proton.message();
        message.setMessageId(id);
        message.setBody(new Data(new Binary(body.getBytes(StandardCharsets.UTF_8))));
        byte[] buffer = new byte[4096];
        int length = message.encode(buffer, 0, buffer.length);
        return java.util.Arrays.copyOf(buffer, length);
    }

    private static byte[] encode(Object value) {
        DecoderImpl decoder = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(decoder);
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(8192);
        encoder.setByteBuffer(buffer);
        encoder.writeObject(value);
        return java.util.Arrays.copyOf(buffer.array(), buffer.position());
    }
}
