package io.contextbus.servicebus.local.implementation.codec;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.codec.WritableBuffer;

/**
 * A per-thread proton-j encoder/decoder pair (proton-j codecs are not thread-safe and costly to build).
 */
public final class AmqpCodec {

    private static final ThreadLocal<AmqpCodec> LOCAL = ThreadLocal.withInitial(AmqpCodec::new);

    final DecoderImpl decoder = new DecoderImpl();
    final EncoderImpl encoder = new EncoderImpl(decoder);
    private ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);

    private AmqpCodec() {
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
    }

    public static AmqpCodec local() {
        return LOCAL.get();
    }

    public DecoderImpl decoder() {
        return decoder;
    }

    /** Encodes what {@code writer} writes into a fresh array, growing the scratch buffer as needed. */
    public byte[] encode(Consumer<EncoderImpl> writer) {
        while (true) {
            scratch.clear();
            encoder.setByteBuffer(new WritableBuffer.ByteBufferWrapper(scratch));
            try {
                writer.accept(encoder);
                byte[] out = new byte[scratch.position()];
                scratch.flip();
                scratch.get(out);
                return out;
            } catch (BufferOverflowException tooSmall) {
                scratch = ByteBuffer.allocate(scratch.capacity() * 2);
            }
        }
    }

    /** Encodes one AMQP value (a section, a map, a list...) to bytes. */
    public byte[] encodeObject(Object value) {
        return encode(enc -> enc.writeObject(value));
    }
}
