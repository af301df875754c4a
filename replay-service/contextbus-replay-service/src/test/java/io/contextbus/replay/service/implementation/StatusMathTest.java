package io.contextbus.replay.service.implementation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.model.ContextName;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayState;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.SourceProgress;
import io.contextbus.replay.service.implementation.StatusSnapshot.ConsumerLag;
import io.contextbus.replay.service.implementation.StatusSnapshot.ReplayProgress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StatusMathTest {

    @Nested
    @DisplayName("consumer lag")
    class ConsumerLagMath {
        @Test
        @DisplayName("sums, per stream of the source, its head minus what the inbox applied")
        void sums_what_each_stream_is_behind() {
            // given three streams at 5, 3 and 7; the inbox applied 5, 1 and nothing of the third
            Map<String, Long> heads = Map.of("a", 5L, "b", 3L, "c", 7L);
            Map<String, Long> applied = Map.of("a", 5L, "b", 1L);

            // when
            ConsumerLag lag = StatusMath.consumerLag("ordering", heads, applied, 2, 0, OptionalLong.of(1));

            // then
            assertEquals(new ConsumerLag("ordering", 3, 2, 2 + 7, 2, 0, OptionalLong.of(1)), lag);
        }

        @Test
        @DisplayName("a stream the inbox is ahead on, or that the source does not have, is not behind")
        void an_inbox_ahead_of_the_source_counts_as_caught_up() {
            ConsumerLag lag = StatusMath.consumerLag("ordering", Map.of("a", 2L), Map.of("a", 4L, "z", 9L), 0,
                    0, OptionalLong.empty());

            assertEquals(new ConsumerLag("ordering", 1, 0, 0, 0, 0, OptionalLong.empty()), lag);
        }

        @Test
        @DisplayName("no streams, no lag")
        void an_empty_source_has_no_lag() {
            assertEquals(new ConsumerLag("ordering", 0, 0, 0, 0, 0, OptionalLong.empty()),
                    StatusMath.consumerLag("ordering", Map.of(), Map.of(), 0, 0, OptionalLong.empty()));
        }
    }

    @Test
    @DisplayName("dispatch lag is the commits after the checkpoint, never negative")
    void dispatch_lag() {
        assertEquals(40, StatusMath.dispatchLag(100, 60, 40).lag());
        assertEquals(0, StatusMath.dispatchLag(0, 0, -1).lag());
    }

    @Nested
    @DisplayName("replay progress")
    class ReplayProgressMath {
        @Test
        @DisplayName("is sent over planned, with the replay's rate and ETA")
        void fraction_of_the_plan_sent() {
            ReplayProgress p = StatusMath.replay(status(200, 50, OptionalDouble.of(15)));

            assertEquals(0.25, p.fraction());
            assertEquals("shipping", p.target());
            assertEquals(List.of("ordering"), p.sources());
            assertEquals("RUNNING", p.state());
            assertEquals(OptionalDouble.of(15), p.etaSeconds());
            assertEquals(10.0, p.rate());
        }

        @Test
        @DisplayName("is 0 while nothing is planned yet")
        void nothing_planned() {
            assertEquals(0.0, StatusMath.replay(status(0, 0, OptionalDouble.empty())).fraction());
        }
    }

    static ReplayStatus status(long planned, long sent, OptionalDouble eta) {
        ContextName source = ContextName.of("ordering");
        return new ReplayStatus("r1", ReplayRequest.everything(ContextName.of("shipping"), List.of(source)),
                ReplayState.RUNNING, Instant.EPOCH, Optional.of(Instant.EPOCH), Optional.empty(), planned, sent,
                List.of(new SourceProgress(source, planned, sent, false)), 10.0, eta, 0, List.of());
    }
}
