package io.contextbus.servicebus.local.internal.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 * only one body section, so sections are walked here one by one. Data sections are located, not
 * decoded, so message bodies are copied once (into the stored bare message).
 */
public final class MessageParser {

    /** The message format of a Service Bus batch. */
    public static final int BATCH_FORMAT = 0x80013700;

    private static final long DATA_CODE = 0x75L;
    private static final byte[] DATA_NAME = "amqp:data:binary".getBytes(StandardCharsets.US_ASCII);

    private MessageParser() {
    }

    /** Parses one transfer payload into the messages it carries (one, or many for a batch). */
    public static List<MessageContent> parseTransfer(byte[] payload, int length, int messageFormat) {
        if (messageFormat != BATCH_FORMAT) {
            return List.of(parse(payload, 0, length));
        }
        DecoderImpl decoder = AmqpCodec.local().decoder();
        ByteBuffer buffer = ByteBuffer.wrap(payload, 0, length);
        decoder.setByteBuffer(buffer);
        List<Binary> inner = new ArrayList<>();
        while (buffer.hasRemaining()) {
            Binary data = dataSection(buffer);
            if (data == null && decoder.readObject() instanceof Data decoded) {
                data = decoded.getValue();
            }
            if (data != null) {
                inner.add(data);
            }
        }
        List<MessageContent> messages = new ArrayList<>(inner.size());
        for (Binary data : inner) {
            messages.add(parse(data.getArray(), data.getArrayOffset(), data.getLength()));
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
            if (dataSection(buffer) != null) {
                bareStart = bareStart < 0 ? position : bareStart;
                continue;
            }
            Object section = decoder.readObject();
            if (section instanceof Header h) {
                header = h;
            } else if (section instanceof MessageAnnotations ma) {
                annotations = ma.getValue();
            } else if (!(section instanceof DeliveryAnnotations)) {
                bareStart = bareStart < 0 ? position : bareStart;
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

    /**
     * When a Data section starts at the buffer's position, moves past it and returns its bytes (a view,
     * not a copy); otherwise leaves the position and returns null.
     */
    static Binary dataSection(ByteBuffer buffer) {
        int p = buffer.position();
        int limit = buffer.limit();
        if (limit - p < 4 || buffer.get(p) != 0x00) {
            return null;
        }
        int valueAt = dataDescriptorEnd(buffer, p + 1, limit);
        if (valueAt < 0 || valueAt >= limit) {
            return null;
        }
        byte constructor = buffer.get(valueAt);
        int start;
        int size;
        if (constructor == (byte) 0xa0 && valueAt + 1 < limit) {
            size = buffer.get(valueAt + 1) & 0xff;
            start = valueAt + 2;
        } else if (constructor == (byte) 0xb0 && valueAt + 4 < limit) {
            size = buffer.getInt(valueAt + 1);
            start = valueAt + 5;
        } else {
            return null;
        }
        if (size < 0 || start + size > limit) {
            return null;
        }
        buffer.position(start + size);
        return new Binary(buffer.array(), buffer.arrayOffset() + start, size);
    }

    /** The offset after a Data descriptor at {@code at}, or -1 when the descriptor is something else. */
    private static int dataDescriptorEnd(ByteBuffer buffer, int at, int limit) {
        byte code = buffer.get(at);
        if (code == 0x53 && at + 1 < limit) {
            return buffer.get(at + 1) == DATA_CODE ? at + 2 : -1;
        }
        if (code == (byte) 0x80 && at + 8 < limit) {
            return buffer.getLong(at + 1) == DATA_CODE ? at + 9 : -1;
        }
        if (code == (byte) 0xa3 && at + 1 < limit) {
            int size = buffer.get(at + 1) & 0xff;
            if (size != DATA_NAME.length || at + 2 + size > limit) {
                return -1;
            }
            for (int i = 0; i < size; i++) {
                if (buffer.get(at + 2 + i) != DATA_NAME[i]) {
                    return -1;
                }
            }
            return at + 2 + size;
        }
        return -1;
    }

    /** The offset just after a leading properties section of {@code bare}, or 0 when it has none. */
    static int propertiesEnd(byte[] bare) {
        if (bare.length == 0) {
            return 0;
        }
        DecoderImpl decoder = AmqpCodec.local().decoder();
        ByteBuffer buffer = ByteBuffer.wrap(bare);
        decoder.setByteBuffer(buffer);
        if (dataSection(buffer) != null) {
            return 0;
        }
        Object first = decoder.readObject();
        return first instanceof Properties ? buffer.position() : 0;
    }
}
