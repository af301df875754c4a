package io.contextbus.servicebus.local.implementation.codec;

import java.util.HashMap;
import java.util.Map;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedByte;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;

/**
 * Builds the bytes of one delivery: a fresh header (with the delivery count) and message annotations
 * (the sender's plus the broker's), followed by the untouched bare message.
 */
public final class DeliveryEncoder {

    private DeliveryEncoder() {
    }

    /** The whole delivery: head (header and annotations) followed by the bare message. */
    public static byte[] encode(MessageContent content, int deliveryCount, Map<Symbol, Object> brokerAnnotations) {
        byte[] head = encodeHead(content, deliveryCount, brokerAnnotations);
        byte[] bare = content.bare();
        byte[] out = new byte[head.length + bare.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(bare, 0, out, head.length, bare.length);
        return out;
    }

    /** The header and message-annotations sections only; the bare message follows them on the wire. */
    public static byte[] encodeHead(MessageContent content, int deliveryCount, Map<Symbol, Object> brokerAnnotations) {
        Header header = new Header();
        header.setDurable(content.durable());
        header.setPriority(UnsignedByte.valueOf((byte) content.priority()));
        if (content.ttlMillis() >= 0) {
            header.setTtl(UnsignedInteger.valueOf(Math.min(content.ttlMillis(), 0xFFFFFFFFL)));
        }
        header.setDeliveryCount(UnsignedInteger.valueOf(deliveryCount));
        Map<Symbol, Object> annotations = brokerAnnotations;
        if (!content.annotations().isEmpty()) {
            annotations = new HashMap<>(content.annotations());
            annotations.putAll(brokerAnnotations);
        }
        MessageAnnotations section = new MessageAnnotations(annotations);
        return AmqpCodec.local().encode(enc -> {
            enc.writeObject(header);
            enc.writeObject(section);
        });
    }
}
