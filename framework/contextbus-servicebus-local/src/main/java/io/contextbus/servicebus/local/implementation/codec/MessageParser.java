package io.contextbus.servicebus.local.implementation.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.DescribedType;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.AmqpSequence;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.DeliveryAnnotations;
import org.apache.qpid.proton.amqp.messaging.Footer;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.codec.DecoderImpl;

/**
 * Splits transfer payloads into messages. A Service Bus batch (message format {@code 0x80013700}) is an
 * envelope whose Data sections each hold one encoded message; proton-j's {@code Message.decode} keeps
 * only one body section, so sections are walked here one by one. Data sections are located, not
 * decoded, so message bodies are copied once (into the stored bare message). Every section is
 * checked: a payload that is not a well-formed AMQP message is refused with a
 * {@link MalformedMessageException}, so the broker never stores what its clients cannot decode.
 */
public final class MessageParser {

    /** The message format of a Service Bus batch. */
    public static final int BATCH_FORMAT = 0x80013700;

    private static final long DATA_CODE = 0x75L;
    private static final byte[] DATA_NAME = "amqp:data:binary".getBytes(StandardCharsets.US_ASCII);

    private MessageParser() {
    }

    /**
     * Parses one transfer payload into the messages it carries (one, or many for a batch). The payload
     * must decode as an AMQP message whose sections come in the spec's order; a batch envelope must
     * carry its messages as Data sections, each of them such a message.
     *
     * @throws MalformedMessageException naming what is wrong (for a batch: which message)
     */
    public static List<MessageContent> parseTransfer(byte[] payload, int length, int messageFormat) {
        if (messageFormat != BATCH_FORMAT) {
            return List.of(parse(payload, 0, length));
        }
        List<Binary> inner = new ArrayList<>();
        walk(payload, 0, length, new SectionVisitor() {
            @Override
            public void data(int position, Binary data) {
                inner.add(data);
            }

            @Override
            public void section(int position, int end, Object section) {
                if (section instanceof AmqpValue || section instanceof AmqpSequence) {
                    throw new MalformedMessageException("The batch carries a " + name(section)
                            + " section at byte " + position + "; a batch carries its messages as Data sections");
                }
            }
        });
        List<MessageContent> messages = new ArrayList<>(inner.size());
        for (int i = 0; i < inner.size(); i++) {
            Binary data = inner.get(i);
            try {
                messages.add(parse(data.getArray(), data.getArrayOffset(), data.getLength()));
            } catch (MalformedMessageException e) {
                throw new MalformedMessageException("Message " + (i + 1) + " of the batch of " + inner.size()
                        + ": " + e.getMessage());
            }
        }
        return messages;
    }

    /**
     * Parses one encoded message.
     *
     * @throws MalformedMessageException when it does not decode as an AMQP message
     */
    public static MessageContent parse(byte[] buf, int offset, int length) {
        Header[] header = {null};
        List<Map<Symbol, Object>> annotations = new ArrayList<>(1);
        Properties[] properties = {null};
        List<Map<String, Object>> app = new ArrayList<>(1);
        int[] bare = {-1, -1, -1}; // bare message start, application properties start and end (absolute)
        walk(buf, offset, length, new SectionVisitor() {
            @Override
            public void data(int position, Binary data) {
                bare[0] = bare[0] < 0 ? position : bare[0];
            }

            @Override
            public void section(int position, int end, Object section) {
                if (section instanceof Header h) {
                    header[0] = h;
                } else if (section instanceof MessageAnnotations ma) {
                    annotations.add(ma.getValue());
                } else if (!(section instanceof DeliveryAnnotations)) {
                    bare[0] = bare[0] < 0 ? position : bare[0];
                    if (section instanceof Properties p) {
                        properties[0] = p;
                    } else if (section instanceof ApplicationProperties ap) {
                        app.add(ap.getValue());
                        bare[1] = position;
                        bare[2] = end;
                    }
                }
            }
        });
        int start = bare[0] < 0 ? offset + length : bare[0];
        byte[] bareMessage = new byte[offset + length - start];
        System.arraycopy(buf, start, bareMessage, 0, bareMessage.length);
        Header h = header[0];
        boolean durable = h != null && Boolean.TRUE.equals(h.getDurable());
        int priority = h != null && h.getPriority() != null ? h.getPriority().intValue() : 4;
        long ttl = h != null && h.getTtl() != null ? h.getTtl().longValue() : -1;
        int appStart = bare[1] < 0 ? -1 : bare[1] - start;
        int appEnd = bare[2] < 0 ? -1 : bare[2] - start;
        return new MessageContent(durable, priority, ttl, annotations.isEmpty() ? null : annotations.get(0),
                properties[0], app.isEmpty() ? null : app.get(0), bareMessage, appStart, appEnd);
    }

    /** What {@link #walk} reports, section by section, positions relative to the array. */
    private interface SectionVisitor {

        void data(int position, Binary data);

        void section(int position, int end, Object section);
    }

    /**
     * Decodes every section of one encoded message, checking AMQP 1.0's message format (part 3.2):
     * header, delivery-annotations, message-annotations, properties, application-properties (each at
     * most once, in that order), then the body (one or more data sections, one or more amqp-sequence
     * sections, or one amqp-value section), then a footer; annotation keys are symbols or ulongs,
     * application property keys strings. Nothing may follow the last section.
     */
    private static void walk(byte[] buf, int offset, int length, SectionVisitor visitor) {
        DecoderImpl decoder = AmqpCodec.local().decoder();
        ByteBuffer buffer = ByteBuffer.wrap(buf, offset, length);
        decoder.setByteBuffer(buffer);
        int previousRank = -1;
        Object previous = null;
        while (buffer.hasRemaining()) {
            int position = buffer.position();
            Binary data = dataSection(buffer);
            Object section;
            if (data != null) {
                section = DATA;
            } else {
                try {
                    section = decoder.readObject();
                } catch (RuntimeException | StackOverflowError e) {
                    throw new MalformedMessageException("The section at byte " + (position - offset)
                            + " does not decode (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
                }
                if (section instanceof Data decoded) {
                    data = decoded.getValue() == null ? new Binary(new byte[0]) : decoded.getValue();
                }
            }
            int rank = rank(section);
            if (rank < 0) {
                throw new MalformedMessageException("At byte " + (position - offset) + " comes "
                        + describe(section) + " where a message section belongs");
            }
            if (rank < previousRank || rank == previousRank && !repeatable(previous, section)) {
                throw new MalformedMessageException("The " + name(section) + " section at byte "
                        + (position - offset) + " follows a " + name(previous) + " section; a message's sections"
                        + " are header, delivery-annotations, message-annotations, properties,"
                        + " application-properties (each at most once, in that order), then the body (data"
                        + " sections, amqp-sequence sections or one amqp-value), then a footer");
            }
            checkKeys(section, position - offset);
            previousRank = rank;
            previous = section;
            if (data != null) {
                visitor.data(position, data);
            } else {
                visitor.section(position, buffer.position(), section);
            }
        }
    }

    /** Stands for a Data section found without decoding it. */
    private static final Object DATA = new Object();

    private static final int BODY_RANK = 5;

    private static int rank(Object section) {
        if (section == DATA || section instanceof Data || section instanceof AmqpSequence
                || section instanceof AmqpValue) {
            return BODY_RANK;
        }
        if (section instanceof Header) {
            return 0;
        }
        if (section instanceof DeliveryAnnotations) {
            return 1;
        }
        if (section instanceof MessageAnnotations) {
            return 2;
        }
        if (section instanceof Properties) {
            return 3;
        }
        if (section instanceof ApplicationProperties) {
            return 4;
        }
        if (section instanceof Footer) {
            return 6;
        }
        return -1;
    }

    /** Only body sections of one kind repeat: data after data, amqp-sequence after amqp-sequence. */
    private static boolean repeatable(Object previous, Object section) {
        boolean previousData = previous == DATA || previous instanceof Data;
        boolean data = section == DATA || section instanceof Data;
        return previousData && data || previous instanceof AmqpSequence && section instanceof AmqpSequence;
    }

    private static void checkKeys(Object section, int position) {
        Map<?, ?> map = null;
        boolean application = false;
        if (section instanceof DeliveryAnnotations da) {
            map = da.getValue();
        } else if (section instanceof MessageAnnotations ma) {
            map = ma.getValue();
        } else if (section instanceof Footer f) {
            map = f.getValue();
        } else if (section instanceof ApplicationProperties ap) {
            map = ap.getValue();
            application = true;
        }
        if (map == null) {
            return;
        }
        for (Object key : map.keySet()) {
            boolean allowed = application ? key instanceof String
                    : key instanceof Symbol || key instanceof UnsignedLong;
            if (!allowed) {
                throw new MalformedMessageException("The " + name(section) + " section at byte " + position
                        + " has the key " + describe(key) + "; its keys must be "
                        + (application ? "strings" : "symbols or ulongs"));
            }
        }
    }

    private static String name(Object section) {
        if (section == DATA || section instanceof Data) {
            return "data";
        }
        if (section instanceof Header) {
            return "header";
        }
        if (section instanceof DeliveryAnnotations) {
            return "delivery-annotations";
        }
        if (section instanceof MessageAnnotations) {
            return "message-annotations";
        }
        if (section instanceof Properties) {
            return "properties";
        }
        if (section instanceof ApplicationProperties) {
            return "application-properties";
        }
        if (section instanceof AmqpSequence) {
            return "amqp-sequence";
        }
        if (section instanceof AmqpValue) {
            return "amqp-value";
        }
        return section instanceof Footer ? "footer" : describe(section);
    }

    private static String describe(Object value) {
        if (value == null) {
            return "a null";
        }
        if (value instanceof DescribedType described) {
            return "a value described as " + described.getDescriptor();
        }
        String text = String.valueOf(value);
        return "a " + value.getClass().getSimpleName() + " (" + (text.length() > 40 ? text.substring(0, 40) + "..." : text)
                + ")";
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
