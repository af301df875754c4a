package io.contextbus.servicebus.local.internal.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.DeliveryAnnotations;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.codec.DecoderImpl;

/**
 * Splits transfer payloads into messages. A Service Bus batch (message format {@code 0x80013700}) is an
 * envelope whose Data sections each hold one encoded message; proton-j's {@code Message.decode} keeps
 * only one body section, so sections are walked here one by one.
 */
public final class MessageParser {

    /** The message format of a Service Bus batch. */
    public static final int BATCH_FORMAT = 0x80013700;

    private MessageParser() {
    }

    /** Parses one transfer payload into the messages it carries (one, or many for a batch). */
    public static List<MessageContent> parseTransfer(byte[] payload, int length, int messageFormat) {
        if (messageFormat != BATCH_FORMAT) {
            return List.of(parse(payload, 0, length));
        }
        List<MessageContent> messages = new ArrayList<>();
        DecoderImpl decoder = AmqpCodec.local().decoder();
        ByteBuffer buffer = ByteBuffer.wrap(payload, 0, length);
        decoder.setByteBuffer(buffer);
        List<Binary> inner = new ArrayList<>();
        while (buffer.hasRemaining()) {
            Object section = decoder.readObject();
            if (section instanceof Data data) {
                inner.add(data.getValue());
            }
        }
        for (Binary binary : inner) {
            messages.add(parse(binary.getArray(), binary.getArrayOffset(), binary.getLength()));
        }
        return messages;
    }

    /** Parses one encoded message. */
    public static MessageContent parse(byte[] buf, int offset, int length) {
        DecoderImpl decoder = AmqpCodec.local().decoder();
        ByteBuffer buffer = ByteBuffer.wrap(buf, offset, length);
        decoder.setByteBuffer(buffer);
        Header header = null;
        Map<Symbol, Object> annotations = null;
        Properties properties = null;
        Map<String, Object> app = null;
        int bareStart = -1;
        int appStart = -1;
        int appEnd = -1;
        while (buffer.hasRemaining()) {
            int position = buffer.position();
            Object section = decoder.readObject();
            if (section instanceof Header h) {
                header = h;
            } else if (section instanceof MessageAnnotations ma) {
                annotations = ma.getValue();
            } else if (!(section instanceof DeliveryAnnotations)) {
                if (bareStart < 0) {
                    bareStart = position;
                }
                if (section instanceof Properties p) {
                    properties = p;
                } else if (section instanceof ApplicationProperties ap) {
                    app = ap.getValue();
                    appStart = position - bareStart;
                    appEnd = buffer.position() - bareStart;
                }
            }
        }
        int start = bareStart < 0 ? offset + length : bareStart;
        byte[] bare = new byte[offset + length - start];
        System.arraycopy(buf, start, bare, 0, bare.length);
        boolean durable = header != null && Boolean.TRUE.equals(header.getDurable());
        int priority = header != null && header.getPriority() != null ? header.getPriority().intValue() : 4;
        long ttl = header != null && header.getTtl() != null ? header.getTtl().longValue() : -1;
        return new MessageContent(durable, priority, ttl, annotations, properties, app, bare, appStart, appEnd);
    }

    /** The offset just after a leading properties section of {@code bare}, or 0 when it has none. */
    static int propertiesEnd(byte[] bare) {
        if (bare.length == 0) {
            return 0;
        }
        DecoderImpl decoder = AmqpCodec.local().decoder();
        ByteBuffer buffer = ByteBuffer.wrap(bare);
        decoder.setByteBuffer(buffer);
        Object first = decoder.readObject();
        return first instanceof Properties ? buffer.position() : 0;
    }
}
