package io.contextbus.replay.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.replay.SourceHeads;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Comparing a source's stream heads with the consumer's inbox")
class MissingTailTest {
    static final ContextName ORDERING = ContextName.of("ordering");
    static final Instant T = Instant.parse("2026-12-07T12:00:00Z");

    static SourceHeads page(SourceHeads.Head... heads) {
        return new SourceHeads(ORDERING, List.of(heads), Position.of(10), false);
    }

    static SourceHeads.Head head(String stream, long seq) {
        return new SourceHeads.Head(StreamId.of(stream), seq, T.plusSeconds(seq));
    }

    static MissingTail.LastApplied inbox(Map<String, Long> applied) {
        return (source, stream) -> {
            assertEquals(ORDERING, source, "asks the inbox about the page's source");
            return applied.getOrDefault(stream.value(), 0L);
        };
    }

    @Test
    @DisplayName("a stream whose head is past the inbox misses exactly lastApplied+1..head")
    void behind_streams_miss_their_tail() {
        List<MissingTail> missing = MissingTail.of(page(head("a", 4), head("b", 7)), inbox(Map.of("a", 3L, "b", 2L)));

        assertEquals(List.of(new MissingTail(ORDERING, StreamId.of("a"), 4, 4, T.plusSeconds(4)),
                new MissingTail(ORDERING, StreamId.of("b"), 3, 7, T.plusSeconds(7))), missing);
        assertEquals(1, missing.get(0).commits());
        assertEquals(5, missing.get(1).commits());
    }

    @Test
    @DisplayName("a stream the inbox never saw misses everything from 1")
    void unknown_streams_miss_everything() {
        assertEquals(List.of(new MissingTail(ORDERING, StreamId.of("new"), 1, 3, T.plusSeconds(3))),
                MissingTail.of(page(head("new", 3)), inbox(Map.of())));
    }

    @Test
    @DisplayName("a stream applied up to or past its head misses nothing")
    void streams_at_or_past_their_head_miss_nothing() {
        // Past the head: the page was read before the inbox applied a later commit.
        assertEquals(List.of(), MissingTail.of(page(head("a", 4), head("b", 2)), inbox(Map.of("a", 4L, "b", 5L))));
        assertEquals(List.of(), MissingTail.of(page(), inbox(Map.of())));
    }

    @Test
    @DisplayName("the result keeps the page's order of streams")
    void keeps_the_page_order() {
        List<MissingTail> missing = MissingTail.of(page(head("z", 2), head("a", 2), head("m", 2)), inbox(Map.of("a", 2L)));

        assertEquals(List.of("z", "m"), missing.stream().map(t -> t.streamId().value()).toList());
    }

    @Test
    @DisplayName("bad arguments and impossible tails are refused naming the field")
    void refuses_bad_input() {
        assertEquals("page", assertThrows(ValidationException.class, () -> MissingTail.of(null, inbox(Map.of()))).field());
        assertEquals("inbox", assertThrows(ValidationException.class, () -> MissingTail.of(page(), null)).field());
        assertEquals("to", assertThrows(ValidationException.class,
                () -> new MissingTail(ORDERING, StreamId.of("a"), 5, 4, T)).field());
        assertEquals("from", assertThrows(ValidationException.class,
                () -> new MissingTail(ORDERING, StreamId.of("a"), 0, 4, T)).field());
    }
}
