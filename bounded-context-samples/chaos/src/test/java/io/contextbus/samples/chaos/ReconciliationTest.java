package io.contextbus.samples.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.model.Commit;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.samples.demo.check.AppliedCommit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The operator's reconciliation")
class ReconciliationTest {

    private static Commit commit(String stream, long seq) {
        return new Commit(StreamId.of(stream), seq, seq, UUID.randomUUID(), Instant.now(), Map.of(),
                List.of(EventMessage.of("t", 1, "{}")));
    }

    @Test
    @DisplayName("asks for each stream's missing tail, grouped by its first missing commit")
    void missing_tails() {
        Map<String, List<Commit>> sources = Map.of("ordering", List.of(commit("a", 1), commit("a", 2), commit("a", 3),
                commit("b", 1), commit("b", 2), commit("c", 1), commit("d", 1), commit("d", 2)));
        // a: 1 applied; b: 1 then 2 (whole); c: nothing; d: 2 before 1 (prefix is empty)
        Map<String, List<AppliedCommit>> applied = Map.of("shipping", List.of(new AppliedCommit("ordering", "a", 1),
                new AppliedCommit("ordering", "b", 1), new AppliedCommit("ordering", "b", 2),
                new AppliedCommit("ordering", "d", 2), new AppliedCommit("other", "c", 1)));

        List<ReplayRequest> requests = Reconciliation.missingTails(Map.of("shipping", List.of("ordering")), sources, applied);

        assertEquals(2, requests.size(), requests.toString());
        assertEquals(1, requests.get(0).fromCommitSequence());
        assertEquals(List.of("c", "d"), requests.get(0).streams().stream().map(StreamId::value).sorted().toList());
        assertEquals(2, requests.get(1).fromCommitSequence());
        assertEquals(List.of(StreamId.of("a")), requests.get(1).streams());
        assertEquals("shipping", requests.get(1).target().value());
    }

    @Test
    @DisplayName("asks for nothing when every consumer applied every commit")
    void nothing_missing() {
        assertEquals(List.of(), Reconciliation.missingTails(Map.of("shipping", List.of("ordering")),
                Map.of("ordering", List.of(commit("a", 1))), Map.of("shipping", List.of(new AppliedCommit("ordering", "a", 1)))));
    }
}
