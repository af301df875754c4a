package io.contextbus.testkit;

import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds commit attempts and commits for tests: unique stream ids, the n-th attempt of a stream,
 * attempts with a payload of a given size, and one attempt that uses every field with awkward
 * values (unicode, exact decimals, headers, metadata, several events).
 */
public final class TestCommits {
    /** The event type of the attempts this class makes. */
    public static final String EVENT_TYPE = "TestEvent";

    private static final Instant FIXED_STAMP = Instant.parse("2026-11-22T10:15:30.123Z");

    private TestCommits() {
    }

    /** A stream id no other test uses: {@code <prefix>-<random>}. */
    public static StreamId newStreamId(String prefix) {
        return StreamId.of(prefix + "-" + UUID.randomUUID());
    }

    /** Commit {@code sequence} of {@code stream}: one small event, a fresh commitId, stamped now. */
    public static CommitAttempt attempt(StreamId stream, long sequence) {
        return attempt(stream, sequence, now());
    }

    /** As {@link #attempt(StreamId, long)}, stamped {@code stamp}. */
    public static CommitAttempt attempt(StreamId stream, long sequence, Instant stamp) {
        return new CommitAttempt(stream, sequence, sequence, UUID.randomUUID(), stamp, Map.of(),
                List.of(EventMessage.of(EVENT_TYPE, 1, "{\"n\":" + sequence + "}")));
    }

    /** As {@link #attempt(StreamId, long)}, with the given commitId (an idempotent retry, or a race). */
    public static CommitAttempt attempt(StreamId stream, long sequence, UUID commitId) {
        return new CommitAttempt(stream, sequence, sequence, commitId, now(), Map.of(),
                List.of(EventMessage.of(EVENT_TYPE, 1, "{\"n\":" + sequence + "}")));
    }

    /** As {@link #attempt(StreamId, long)}, with one event whose data is about {@code dataBytes} long. */
    public static CommitAttempt attemptWithPayload(StreamId stream, long sequence, int dataBytes) {
        return new CommitAttempt(stream, sequence, sequence, UUID.randomUUID(), now(), Map.of(),
                List.of(EventMessage.of(EVENT_TYPE, 1, payload(dataBytes))));
    }

    /** The same attempt with another commitId (a different command racing for the same sequence). */
    public static CommitAttempt withNewCommitId(CommitAttempt a) {
        return new CommitAttempt(a.streamId(), a.commitSequence(), a.streamRevision(), UUID.randomUUID(),
                a.commitStamp(), a.headers(), a.events());
    }

    /** Commits 1..count of {@code stream} as attempts, in order. */
    public static List<CommitAttempt> attempts(StreamId stream, int count) {
        List<CommitAttempt> list = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            list.add(attempt(stream, i));
        }
        return list;
    }

    /** Commit {@code sequence} of {@code stream} as a durable commit would look (for inbox tests). */
    public static Commit commit(StreamId stream, long sequence) {
        return attempt(stream, sequence).toCommit();
    }

    /**
     * A commit as a consumer receives it, the same on every call: commitId derived from stream and
     * sequence, a fixed stamp, one event per type in {@code types} ({@code OrderPlaced} when none),
     * no headers.
     */
    public static Commit commit(String stream, long sequence, String... types) {
        return commit(stream, sequence, Map.of(), types);
    }

    /** As {@link #commit(String, long, String...)}, with {@code headers}. */
    public static Commit commit(String stream, long sequence, Map<String, String> headers, String... types) {
        String[] ts = types.length == 0 ? new String[] {"OrderPlaced"} : types;
        List<EventMessage> events = new ArrayList<>();
        for (int i = 0; i < ts.length; i++) {
            events.add(EventMessage.of(ts[i], 1, "{\"n\":" + i + ",\"stream\":\"" + stream.length() + "\"}"));
        }
        UUID id = UUID.nameUUIDFromBytes((stream + ":" + sequence).getBytes(StandardCharsets.UTF_8));
        return new Commit(StreamId.of(stream), sequence, sequence * ts.length, id, FIXED_STAMP, headers, events);
    }

    /**
     * An attempt using every field with values stores tend to mangle: unicode outside the BMP,
     * escapes, exact decimals and big integers, nested JSON, nanosecond stamp, several events with
     * metadata and schema versions above 1, and headers including a correlationId.
     */
    public static CommitAttempt richAttempt(StreamId stream, long sequence) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(Commit.CORRELATION_ID_HEADER, "corr-" + UUID.randomUUID());
        headers.put("user", "Zoë 😀 \"quoted\" \\ back");
        headers.put("empty", "");
        String data = "{\"amount\": 12345678901234567890.12345678901234567890, \"ratio\": 0.1000000000000000055511151231257827,"
                + " \"big\": 123456789012345678901234567890, \"neg\": -0, \"exp\": 1.5e300,"
                + " \"text\": \"h\\u00e9llo \\ud83d\\ude00 \\n\\t \\\"q\\\" \\u0000\", \"nested\": {\"a\": [1, 2.50, null, true, false,"
                + " {\"b\": []}]}, \"emoji\": \"🚀\"}";
        List<EventMessage> events = List.of(
                new EventMessage("OrderPlaced", 3, data, Map.of("causationId", "c-1", "tenant", "ñandú")),
                new EventMessage("Ordering.Line.Added/v2", 2, "[1, \"two\", {\"three\": 3.0}]", Map.of()),
                new EventMessage("Noted", 1, "\"just a string\"", Map.of("k", "v")));
        Instant stamp = Instant.parse("2024-02-29T23:59:59.123456789Z");
        return new CommitAttempt(stream, sequence, sequence + events.size() - 1, UUID.randomUUID(), stamp, headers, events);
    }

    /** A JSON object of roughly {@code bytes} bytes. */
    public static String payload(int bytes) {
        StringBuilder b = new StringBuilder(bytes + 16).append("{\"p\":\"");
        while (b.length() < bytes - 2) {
            b.append((char) ('a' + b.length() % 26));
        }
        return b.append("\"}").toString();
    }

    /** Now, to the microsecond (the precision most databases keep). */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
