package io.contextbus.servicebus.local.implementation.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Header;
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

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String refusal(byte[] payload, int format) {
        return assertThrows(MalformedMessageException.class,
                () -> MessageParser.parseTransfer(payload, payload.length, format)).getMessage();
    }

    private static byte[] section(Object section) {
        return AmqpCodec.local().encodeObject(section);
    }

    @Test
    @DisplayName("bytes that are no AMQP message are refused, saying where decoding failed")
    void refusesGarbage() {
        // given
        byte[] garbage = {0x00, 0x53, 0x73, (byte) 0xd0, 0x7f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05};

        // when
        String message = refusal(garbage, 0);

        // then
        assertTrue(message.startsWith("The section at byte 0 does not decode"), message);
    }

    @Test
    @DisplayName("a message cut short is refused")
    void refusesTruncatedMessage() {
        // given
        byte[] whole = encode(message("m1", "s1", "body"));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 2);

        // when
        String message = refusal(cut, 0);

        // then
        assertTrue(message.contains("does not decode"), message);
    }

    @Test
    @DisplayName("a value that is no message section is refused, naming it")
    void refusesNonSection() {
        // given
        byte[] payload = concat(encode(message("m1", "s1", "body")), section("tail"));

        // when
        String message = refusal(payload, 0);

        // then
        assertTrue(message.contains("comes a String (tail) where a message section belongs"), message);
    }

    @Test
    @DisplayName("sections out of order, repeated, or bodies of two kinds are refused")
    void refusesSectionsOutOfOrder() {
        // given
        byte[] properties = section(new Properties());
        byte[] header = section(new Header());
        byte[] value = section(new AmqpValue("v"));
        byte[] data = section(new Data(new Binary(new byte[] {1})));

        // when / then
        assertTrue(refusal(concat(properties, header), 0).startsWith(
                "The header section at byte " + properties.length + " follows a properties section"));
        assertTrue(refusal(concat(properties, properties), 0).contains("properties section at byte"));
        assertTrue(refusal(concat(value, value), 0).contains("amqp-value section"));
        assertTrue(refusal(concat(data, value), 0).contains("The amqp-value section at byte " + data.length
                + " follows a data section"));
    }

    @Test
    @DisplayName("application properties with a key other than a string are refused")
    void refusesNonStringApplicationPropertyKey() {
        // given
        byte[] payload = concat(new byte[] {0x00, 0x53, 0x74}, section(Map.of(Symbol.valueOf("k"), 1)));

        // when
        String message = refusal(payload, 0);

        // then
        assertTrue(message.contains("section at byte 0") && message.contains("String"), message);
    }

    @Test
    @DisplayName("a batch with one message that does not decode is refused whole, naming that message")
    void refusesBatchWithBadMessage() {
        // given
        byte[] envelope = section(new Properties());
        byte[] good = section(new Data(new Binary(encode(message("a", "s1", "x")))));
        byte[] bad = section(new Data(new Binary(new byte[] {0x00, 0x53, 0x70, (byte) 0xc0, 0x09})));

        // when
        String message = refusal(concat(envelope, good, bad, good), MessageParser.BATCH_FORMAT);

        // then
        assertTrue(message.startsWith("Message 2 of the batch of 3: The section at byte 0 does not decode"), message);
    }

    @Test
    @DisplayName("a batch whose envelope carries an amqp-value body is refused")
    void refusesBatchWithValueBody() {
        // given
        byte[] payload = concat(section(new Properties()), section(new AmqpValue("v")));

        // when
        String message = refusal(payload, MessageParser.BATCH_FORMAT);

        // then
        assertTrue(message.contains("a batch carries its messages as Data sections"), message);
    }

    @Test
    @DisplayName("every section in order, with a footer and several data sections, is accepted")
    void acceptsFullMessage() {
        // given
        byte[] payload = concat(section(new Header()),
                section(new org.apache.qpid.proton.amqp.messaging.DeliveryAnnotations(new HashMap<>())),
                section(new MessageAnnotations(new HashMap<>(Map.of(Symbol.valueOf("x-opt-a"), 1)))),
                section(new Properties()), section(new ApplicationProperties(new HashMap<>(Map.of("k", "v")))),
                section(new Data(new Binary(new byte[] {1}))), section(new Data(new Binary(new byte[] {2}))),
                section(new org.apache.qpid.proton.amqp.messaging.Footer(new HashMap<>())));

        // when
        List<MessageContent> messages = MessageParser.parseTransfer(payload, payload.length, 0);

        // then
        assertEquals("v", messages.get(0).applicationProperties().get("k"));
    }
}
