package io.contextbus.servicebus.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.apache.qpid.proton.amqp.transport.Close;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;

/**
 * Raw AMQP bytes for tests that misbehave on purpose: protocol headers, frames encoded by hand, and
 * a socket that sends them and reads what the broker answers until it closes the connection.
 */
final class RawAmqp {

    static final byte[] AMQP_HEADER = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};
    static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};

    private RawAmqp() {
    }

    /** One AMQP frame (type 0) carrying {@code performative} and {@code payload} on {@code channel}. */
    static byte[] frame(int channel, Object performative, byte[] payload) {
        DecoderImpl decoder = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(decoder);
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        ByteBuffer body = ByteBuffer.allocate(1 << 20);
        encoder.setByteBuffer(body);
        encoder.writeObject(performative);
        body.put(payload);
        body.flip();
        ByteBuffer frame = ByteBuffer.allocate(8 + body.remaining());
        frame.putInt(8 + body.remaining()).put((byte) 2).put((byte) 0).putShort((short) channel).put(body);
        return frame.array();
    }

    static byte[] frame(int channel, Object performative) {
        return frame(channel, performative, new byte[0]);
    }

    /** A frame header only: size, data offset 2, type 0, channel 0. */
    static byte[] frameHeader(int size) {
        return ByteBuffer.allocate(8).putInt(size).put((byte) 2).put((byte) 0).putShort((short) 0).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /**
     * Connects, sends {@code bytes}, and reads until the broker closes the connection (30 s at
     * most, else an AssertionError).
     */
    static Answer exchange(int port, byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
            } catch (SocketException closedWhileWriting) {
                // the broker may close before it has read everything
            }
            return readToEnd(socket.getInputStream());
        }
    }

    static Answer readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException notClosed) {
            throw new AssertionError("The broker did not close the connection within 30 s; it answered "
                    + received.size() + " bytes");
        } catch (SocketException reset) {
            // a reset is a close too
        }
        return new Answer(received.toByteArray());
    }

    /** What the broker sent before closing: protocol headers and decoded frame bodies. */
    record Answer(byte[] bytes) {

        List<Object> frames() {
            DecoderImpl decoder = new DecoderImpl();
            EncoderImpl encoder = new EncoderImpl(decoder);
            AMQPDefinedTypes.registerAllTypes(decoder, encoder);
            List<Object> frames = new ArrayList<>();
            ByteBuffer in = ByteBuffer.wrap(bytes);
            while (in.remaining() >= 8) {
                if (in.get(in.position()) == 'A' && in.get(in.position() + 1) == 'M') {
                    in.position(in.position() + 8);
                    continue;
                }
                int start = in.position();
                int size = in.getInt();
                int dataOffset = (in.get() & 0xFF) * 4;
                if (size < 8 || start + size > bytes.length) {
                    break;
                }
                if (size > dataOffset) {
                    ByteBuffer body = ByteBuffer.wrap(bytes, start + dataOffset, size - dataOffset).slice();
                    decoder.setByteBuffer(body);
                    frames.add(decoder.readObject());
                }
                in.position(start + size);
            }
            return frames;
        }

        /** The error of the broker's close frame, or null when it sent none. */
        ErrorCondition closeError() {
            return frames().stream().filter(Close.class::isInstance).map(f -> ((Close) f).getError())
                    .findFirst().orElse(null);
        }

        boolean sentClose() {
            return frames().stream().anyMatch(Close.class::isInstance);
        }
    }
}
