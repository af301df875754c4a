package io.contextbus.servicebus.local;

import static io.contextbus.servicebus.local.RawAmqp.AMQP_HEADER;
import static io.contextbus.servicebus.local.RawAmqp.SASL_HEADER;
import static io.contextbus.servicebus.local.RawAmqp.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.models.SubQueue;

/**
 * Seeded fuzzing of the broker's connection layer over loopback: random bytes, valid headers with
 * random frames, mutated frames of a real SDK session, oversized frames, abrupt closes at every
 * point, hundreds of idle connections. Afterwards the broker must be idle, small, hold no
 * connection, and still serve the official SDK. The seed is printed; {@code -Dfuzz.seed=<seed>}
 * replays a run, {@code -Dfuzz.cases=<n>} sets the number of cases of each kind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Fuzzing the broker's connection layer")
class BrokerFuzzIT {

    /**
     * Replays of the recorded session send to the queue of the SDK's round trips: whatever mutated
     * message the broker accepts, the SDK's receiver must decode.
     */
    private static final String REPLAY_QUEUE = MisbehavingClientIT.QUEUE;
    private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    private static final int CASES = Integer.getInteger("fuzz.cases", 400);
    private static final int IDLE_CONNECTIONS = 300;
    private static final long HEAP_GROWTH_BOUND = 64L * 1024 * 1024;

    private LocalServiceBus bus;
    private byte[] session;
    private List<byte[]> segments;
    private int messageTransfer;

    @BeforeAll
    void start() throws Exception {
        System.out.println("[fuzz] seed=" + SEED + " cases per kind=" + CASES + " (replay: -Dfuzz.seed=" + SEED + ")");
        bus = LocalServiceBus.builder().topology(ServiceBusTarget.topology())
                .handshakeTimeout(Duration.ofSeconds(5)).start();
        session = recordSdkSession();
        segments = split(session);
        messageTransfer = messageTransfer();
        int openSize = openFrameEnd() - segmentStart(openFrameEnd());
        System.out.println("[fuzz] recorded SDK session: " + session.length + " bytes, " + segments.size()
                + " headers and frames; its open frame: " + openSize + " bytes (limit before open: 512)");
        purgeReplayQueue();
    }

    @AfterAll
    void stop() {
        bus.close();
    }

    @Test
    @DisplayName("after bad input of every kind the broker is idle, small, holds no connection and serves the SDK")
    void fuzz() throws Exception {
        // given
        MisbehavingClientIT.roundTrip(bus);
        long heapBefore = usedHeapAfterGc();
        Random random = new Random(SEED);

        // when
        int sent = 0;
        for (int i = 0; i < CASES; i++) {
            sent += expectClosed(randomBytes(random));
            sent += expectClosed(headerAndRandomFrames(random));
            sent += expectClosed(mutatedSession(random));
            sent += expectClosed(mutatedMessage(random));
            sent += expectClosed(oversized(random));
            abruptClose(Arrays.copyOf(session, random.nextInt(session.length + 1)), random.nextBoolean());
        }
        for (int cut = 0; cut <= session.length; cut++) {
            abruptClose(Arrays.copyOf(session, cut), cut % 2 == 0);
        }
        List<Socket> idle = openIdleConnections(random);
        MisbehavingClientIT.roundTrip(bus);
        for (int i = 0; i < idle.size(); i += 2) {
            abort(idle.get(i));
        }

        // then: the handshake timeout closes the rest; nothing is left open
        System.out.println("[fuzz] " + sent + " bytes in " + (6 * CASES + session.length + 1) + " fuzz connections, "
                + idle.size() + " idle connections; " + bus.openConnections() + " open now");
        Await.until("every fuzz connection closed by the broker (" + bus.openConnections() + " open)",
                () -> bus.openConnections() == 0);
        for (int i = 1; i < idle.size(); i += 2) {
            assertTrue(RawAmqp.readToEnd(idle.get(i).getInputStream()) != null);
            idle.get(i).close();
        }
        LoopThread.assertIdle("after fuzzing");
        receiveWhatTheFuzzerGotAccepted();
        long heapAfter = usedHeapAfterGc();
        System.out.printf("[fuzz] used heap after GC: %d MB before, %d MB after%n", heapBefore >> 20, heapAfter >> 20);
        assertTrue(heapAfter - heapBefore < HEAP_GROWTH_BOUND, "the heap grew by " + ((heapAfter - heapBefore) >> 20)
                + " MB (seed " + SEED + ")");
        MisbehavingClientIT.roundTrip(bus);
        assertEquals(0, bus.counts(MisbehavingClientIT.QUEUE).activeMessages());
    }

    private void purgeReplayQueue() {
        bus.purge(REPLAY_QUEUE);
        bus.purge(REPLAY_QUEUE + "/$deadletterqueue");
    }

    /**
     * The SDK receives (and completes) every message the replays left in the round-trip queue and
     * its dead-letter queue: each one the broker accepted, the official client can decode.
     */
    private void receiveWhatTheFuzzerGotAccepted() {
        EntityCounts counts = bus.counts(REPLAY_QUEUE);
        System.out.println("[fuzz] the round-trip queue accepted " + counts.messagesEnqueued() + " messages; "
                + counts.activeMessages() + " active and " + counts.deadLetterMessages()
                + " dead-lettered now, for the SDK to receive");
        ServiceBusClientBuilder client = ServiceBusTarget.local(bus).client();
        try (ServiceBusReceiverClient active = client.receiver().queueName(REPLAY_QUEUE).buildClient();
                ServiceBusReceiverClient dead = client.receiver().queueName(REPLAY_QUEUE)
                        .subQueue(SubQueue.DEAD_LETTER_QUEUE).buildClient()) {
            receiveAndComplete(active, counts.activeMessages());
            receiveAndComplete(dead, counts.deadLetterMessages());
        }
        EntityCounts after = bus.counts(REPLAY_QUEUE);
        assertEquals(0, after.activeMessages() + after.deadLetterMessages(), "left after the SDK received: " + after);
    }

    /** Receives and completes {@code count} messages, 50 at most per call (the SDK's buffer overflows on more). */
    private static void receiveAndComplete(ServiceBusReceiverClient receiver, long count) {
        long received = 0;
        long deadline = System.nanoTime() + Await.DEFAULT.toNanos();
        while (received < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The SDK received " + received + " of " + count + " messages (seed " + SEED + ")");
            }
            for (ServiceBusReceivedMessage message : receiver.receiveMessages((int) Math.min(50, count - received),
                    Duration.ofSeconds(2))) {
                receiver.complete(message);
                received++;
            }
        }
    }

    // ---- the kinds of bad input

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(2048)];
        random.nextBytes(bytes);
        return switch (random.nextInt(3)) {
            case 0 -> concat(AMQP_HEADER, bytes);
            case 1 -> concat(SASL_HEADER, bytes);
            default -> bytes;
        };
    }

    /** A valid opening (SDK's own, up to its open frame or later), then frames with random fields. */
    private byte[] headerAndRandomFrames(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int prefix = random.nextInt(segments.size() + 1);
        segments.subList(0, prefix).forEach(out::writeBytes);
        for (int n = random.nextInt(4) + 1; n > 0; n--) {
            byte[] body = new byte[random.nextInt(600)];
            random.nextBytes(body);
            ByteBuffer frame = ByteBuffer.allocate(8 + body.length);
            frame.putInt(random.nextInt(10) == 0 ? random.nextInt() : 8 + body.length)
                    .put((byte) (random.nextInt(5) == 0 ? random.nextInt(256) : 2))
                    .put((byte) (random.nextInt(5) == 0 ? random.nextInt(256) : 0))
                    .putShort((short) random.nextInt(4)).put(body);
            out.writeBytes(frame.array());
        }
        return out.toByteArray();
    }

    /** The SDK's session with one header or frame flipped, trimmed, extended, lied about, dropped or repeated. */
    private byte[] mutatedSession(Random random) {
        List<byte[]> mutated = new ArrayList<>(segments);
        int at = random.nextInt(mutated.size());
        byte[] segment = mutated.get(at).clone();
        switch (random.nextInt(6)) {
            case 0 -> {
                for (int flips = random.nextInt(4) + 1; flips > 0; flips--) {
                    segment[random.nextInt(segment.length)] ^= (byte) (random.nextInt(255) + 1);
                }
                mutated.set(at, segment);
            }
            case 1 -> mutated.set(at, Arrays.copyOf(segment, random.nextInt(segment.length)));
            case 2 -> {
                byte[] extra = new byte[random.nextInt(64) + 1];
                random.nextBytes(extra);
                byte[] longer = concat(segment, extra);
                if (random.nextBoolean() && longer.length >= 8 && segment[0] != 'A') {
                    ByteBuffer.wrap(longer).putInt(0, longer.length); // a true size around a garbage tail
                }
                mutated.set(at, longer);
            }
            case 3 -> {
                if (segment.length >= 4 && segment[0] != 'A') {
                    ByteBuffer.wrap(segment).putInt(0, random.nextInt());
                }
                mutated.set(at, segment);
            }
            case 4 -> mutated.remove(at);
            default -> mutated.add(at, segment);
        }
        int keep = random.nextInt(4) == 0 ? random.nextInt(mutated.size() + 1) : mutated.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mutated.subList(0, keep).forEach(out::writeBytes);
        return out.toByteArray();
    }

    /**
     * The SDK's session with the payload of its message transfer (after the performative) flipped,
     * trimmed or extended, the frame's size kept true: a message the broker must either refuse or be
     * able to deliver to the SDK.
     */
    private byte[] mutatedMessage(Random random) {
        List<byte[]> mutated = new ArrayList<>(segments);
        byte[] frame = segments.get(messageTransfer);
        int payloadStart = payloadStart(frame);
        byte[] payload = Arrays.copyOfRange(frame, payloadStart, frame.length);
        switch (random.nextInt(3)) {
            case 0 -> {
                for (int flips = random.nextInt(3) + 1; flips > 0; flips--) {
                    payload[random.nextInt(payload.length)] ^= (byte) (random.nextInt(255) + 1);
                }
            }
            case 1 -> payload = Arrays.copyOf(payload, random.nextInt(payload.length));
            default -> {
                byte[] extra = new byte[random.nextInt(16) + 1];
                random.nextBytes(extra);
                payload = concat(payload, extra);
            }
        }
        byte[] changed = concat(Arrays.copyOf(frame, payloadStart), payload);
        ByteBuffer.wrap(changed).putInt(0, changed.length);
        mutated.set(messageTransfer, changed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mutated.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** The recorded frame that transfers the message "recorded" to the queue. */
    private int messageTransfer() {
        byte[] body = "recorded".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < segments.size(); i++) {
            byte[] part = segments.get(i);
            if (part[0] != 'A' && part.length > 11 && part[8] == 0 && part[9] == 0x53 && part[10] == 0x14
                    && indexOf(part, body) > 0) {
                return i;
            }
        }
        throw new AssertionError("The recorded session has no transfer of the message");
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Where a frame's payload starts: after its header and the performative. */
    private static int payloadStart(byte[] frame) {
        DecoderImpl decoder = new DecoderImpl();
        AMQPDefinedTypes.registerAllTypes(decoder, new EncoderImpl(decoder));
        ByteBuffer body = ByteBuffer.wrap(frame, (frame[4] & 0xFF) * 4, frame.length - (frame[4] & 0xFF) * 4);
        decoder.setByteBuffer(body);
        decoder.readObject();
        return body.position();
    }

    /** A frame header claiming more than its limit: before open (512) or after it (max-frame-size). */
    private byte[] oversized(Random random) {
        int openEnd = openFrameEnd();
        boolean afterOpen = random.nextBoolean();
        byte[] prefix = afterOpen ? Arrays.copyOf(session, openEnd) : AMQP_HEADER;
        long limit = afterOpen ? 65_536 : 512;
        long claimed = limit + 1 + (long) (random.nextDouble() * ((1L << 32) - limit - 2));
        byte[] header = ByteBuffer.allocate(8).putInt((int) claimed).put((byte) 2).put((byte) 0).putShort((short) 0)
                .array();
        byte[] tail = new byte[random.nextInt(4096)];
        random.nextBytes(tail);
        return concat(prefix, header, tail);
    }

    private List<Socket> openIdleConnections(Random random) throws IOException {
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < IDLE_CONNECTIONS; i++) {
            Socket socket = new Socket("127.0.0.1", bus.port());
            socket.setSoTimeout(30_000);
            int partial = random.nextInt(3) == 0 ? 0 : random.nextInt(Math.min(session.length, openFrameEnd()));
            socket.getOutputStream().write(session, 0, partial);
            idle.add(socket);
        }
        return idle;
    }

    // ---- sending

    /** Sends {@code bytes}, half-closes, and requires the broker to close within 30 s; returns the count sent. */
    private int expectClosed(byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", bus.port())) {
            socket.setSoTimeout(30_000);
            try {
                OutputStream out = socket.getOutputStream();
                out.write(bytes);
                socket.shutdownOutput();
            } catch (SocketException closedEarly) {
                // the broker refused before reading everything
            }
            RawAmqp.readToEnd(socket.getInputStream());
        }
        return bytes.length;
    }

    /** Sends {@code bytes} and goes away at once: a FIN, or a reset when {@code reset}. */
    private void abruptClose(byte[] bytes, boolean reset) throws IOException {
        Socket socket = new Socket("127.0.0.1", bus.port());
        try {
            socket.getOutputStream().write(bytes);
        } catch (SocketException closedEarly) {
            // the broker refused first
        }
        if (reset) {
            abort(socket);
        } else {
            socket.close();
        }
    }

    private static void abort(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    // ---- the recorded session

    private byte[] recordSdkSession() throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(bus.port())) {
            ServiceBusClientBuilder client = new ServiceBusClientBuilder().connectionString(proxy.connectionString());
            try (ServiceBusSenderClient sender = client.sender().queueName(REPLAY_QUEUE).buildClient();
                    ServiceBusReceiverClient receiver = client.receiver().queueName(REPLAY_QUEUE).buildClient()) {
                sender.sendMessage(new ServiceBusMessage("recorded"));
                Receiving.collect(receiver, 1, m -> true, true);
            }
            return proxy.recorded();
        }
    }

    /** Protocol headers and frames of a recorded byte stream, in order (the first connection's). */
    private static List<byte[]> split(byte[] stream) {
        List<byte[]> parts = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(stream);
        int headers = 0;
        while (in.remaining() >= 8) {
            int start = in.position();
            if (in.get(start) == 'A' && in.get(start + 1) == 'M' && in.get(start + 2) == 'Q') {
                if (++headers > 2) {
                    break; // a second connection starts
                }
                in.position(start + 8);
            } else {
                int size = in.getInt(start);
                if (size < 8 || size > in.remaining()) {
                    break;
                }
                in.position(start + size);
            }
            parts.add(Arrays.copyOfRange(stream, start, in.position()));
        }
        return parts;
    }

    /** Where the SDK's open frame (its first AMQP frame, type 0) ends in the recorded stream. */
    private int openFrameEnd() {
        int end = 0;
        int headers = 0;
        for (byte[] part : segments) {
            end += part.length;
            if (part[0] == 'A' && part[1] == 'M') {
                headers++;
            } else if (headers > 0 && part[5] == 0) {
                return end;
            }
        }
        throw new AssertionError("The recorded session has no open frame");
    }

    /** Where the segment that ends at {@code end} starts. */
    private int segmentStart(int end) {
        int at = 0;
        for (byte[] part : segments) {
            if (at + part.length == end) {
                return at;
            }
            at += part.length;
        }
        throw new AssertionError("No segment ends at " + end);
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
