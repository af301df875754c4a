package io.contextbus.servicebus;

import io.contextbus.model.Commit;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds commits for unit tests. */
final class TestCommits {
    private TestCommits() {
    }

    static Commit commit(String stream, long sequence, String... types) {
        return commit(stream, sequence, Map.of(), types);
    }

    static Commit commit(String stream, long sequence, Map<String, String> headers, String... types) {
        String[] ts = types.length == 0 ? new String[] {"OrderPlaced"} : types;
        List<EventMessage> events = new ArrayList<>();
        for (int i = 0; i < ts.length; i++) {
            events.add(EventMessage.of(ts[i], 1, "{\"n\":" + i + ",\"stream\":\"" + stream.length() + "\"}"));
        }
        UUID id = UUID.nameUUIDFromBytes((stream + ":" + sequence).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new Commit(StreamId.of(stream), sequence, sequence * ts.length, id,
                Instant.parse("2026-11-22T10:15:30.123Z"), headers, events);
    }
}
