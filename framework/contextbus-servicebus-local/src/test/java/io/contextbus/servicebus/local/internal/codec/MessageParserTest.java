package io.contextbus.servicebus.local.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MessageParserTest {

    private static byte[] encode(Message message) {
        byte[] buffer = new byte[64 * 1024];
        int length = message.encode(buffer, 0, buffer.length);
        byte[] out = new byte[length];
        System.arraycopy(buffer, 0, out, 0, length);
        return out;
    }

    private static Message message(String id, String session, String body) {
        Message message = Proton.message();
        message.setMessageId(id);
        message.setGroupId(session);
        Map<String, Object> app = new HashMap<>();
        app.put("cb_seq", 3L);
        message.setApplicationProperties(new ApplicationProperties(app));
        message.setBody(new Data(new Binary(body.getBytes(StandardCharsets.UTF_8))));
        return message;
    }

    @Test
    @DisplayName("a batch transfer is split into its messages, each with its own properties")
    void splitsBatch() {
        // given: an envelope whose Data sections each hold one encoded message
        Message envelope = Proton.message();
        envelope.setMessageId("batch");
        byte[] head = encode(envelope);
        byte[][] parts = {encode(message("a", "s1", "x")), encode(message("b", "s2", "y")),
                encode(message("c", null, "z"))};
        StringBuilder ignored = new StringBuilder();
        byte[] payload = head;
        for (byte[] part : parts) {
            byte[] section = AmqpCodec.local().encodeObject(new Data(new Binary(part)));
            byte[] joined = new byte[payload.length + section.length];
            System.arraycopy(payload, 0, joined, 0, payload.length);
            System.arraycopy(section, 0, joined, payload.length, section.length);
            payload = joined;
            ignored.append(part.length);
        }

        // when
        List<MessageContent> messages = MessageParser.parseTransfer(payload, payload.length,
                MessageParser.BATCH_FORMAT);

        // then
        assertEquals(3, messages.size());
        assertEquals("a", messages.get(0).messageId());
        assertEquals("s2", messages.get(1).sessionId());
        assertNull(messages.get(2).sessionId());
        assertEquals(3L, messages.get(0).applicationProperties().get("cb_seq"));
    }

    @Test
    @DisplayName("a delivery carries a fresh header and annotations, and the bare message unchanged")
    void encodesDelivery() {
        // given
        Message sent = message("m1", "s1", "body");
        MessageAnnotations annotations = new MessageAnnotations(new HashMap<>(Map.of(Symbol.valueOf("x-opt-partition-key"), "p")));
        sent.setMessageAnnotations(annotations);
        byte[] bytes = encode(sent);
        MessageContent content = MessageParser.parse(bytes, 0, bytes.length);

        // when
        byte[] delivery = DeliveryEncoder.encode(content, 2, Map.of(Symbol.valueOf("x-opt-sequence-number"), 42L));
        Message received = Proton.message();
        received.decode(delivery, 0, delivery.length);

        // then
        assertEquals(2L, received.getHeader().getDeliveryCount().longValue());
        assertEquals(42L, received.getMessageAnnotations().getValue().get(Symbol.valueOf("x-opt-sequence-number")));
        assertEquals("p", received.getMessageAnnotations().getValue().get(Symbol.valueOf("x-opt-partition-key")));
        assertEquals("m1", received.getMessageId());
        assertEquals("body", new String(((Data) received.getBody()).getValue().getArray(), StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("dead-letter properties are added to the application properties; the rest stays")
    void addsApplicationProperties() {
        // given
        byte[] bytes = encode(message("m2", "s1", "payload"));
        MessageContent content = MessageParser.parse(bytes, 0, bytes.length);

        // when
        MessageContent dead = content.withApplicationProperties(Map.of("DeadLetterReason", "Bad"));
        Message decoded = Proton.message();
        byte[] out = DeliveryEncoder.encode(dead, 0, Map.of());
        decoded.decode(out, 0, out.length);

        // then
        assertEquals("Bad", decoded.getApplicationProperties().getValue().get("DeadLetterReason"));
        assertEquals(3L, decoded.getApplicationProperties().getValue().get("cb_seq"));
        assertEquals("m2", ((Properties) decoded.getProperties()).getMessageId());
        assertEquals("payload", new String(((Data) decoded.getBody()).getValue().getArray(), StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("application properties are added to a message that had none")
    void addsApplicationPropertiesWhenAbsent() {
        // given
        Message bare = Proton.message();
        bare.setMessageId("m3");
        bare.setBody(new Data(new Binary(new byte[] {1, 2})));
        byte[] bytes = encode(bare);

        // when
        MessageContent dead = MessageParser.parse(bytes, 0, bytes.length)
                .withApplicationProperties(Map.of("DeadLetterReason", "X"));
        Message decoded = Proton.message();
        byte[] out = DeliveryEncoder.encode(dead, 0, Map.of());
        decoded.decode(out, 0, out.length);

        // then
        assertEquals("X", decoded.getApplicationProperties().getValue().get("DeadLetterReason"));
        assertEquals("m3", decoded.getMessageId());
    }
}
