package io.contextbus.emulatortests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import io.contextbus.servicebus.PublisherOptions;
import io.contextbus.servicebus.SessionStrategy;
import io.contextbus.testsupport.AppliedLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promise 3 with session buckets: streams published into {@code b0..b3} keep their order per
 * stream, and the broker holds them in exactly those sessions.
 */
@DisplayName("System: session buckets keep order per stream")
@ExtendWith(TargetAvailable.class)
class SessionBucketsSystemIT {
    private static final int BUCKETS = 4;
    private static final int STREAMS = 20;
    private static final int COMMITS = 4;

    @TempDir
    Path dir;
    private SystemContexts system;

    @AfterEach
    void stop() {
        system.close();
    }

    @Test
    void streams_published_into_buckets_are_applied_in_order_and_held_in_the_bucket_sessions() {
        system = new SystemContexts(SystemTarget.get(), dir);
        SessionStrategy buckets = SessionStrategy.buckets(BUCKETS);
        AppliedLog log = system.billingLog();
        system.billing(log, b -> b.consumerOptions(SystemContexts.CONSUMER.withSessionBuckets(BUCKETS)));
        List<String> streams = system.streams("bucketed", STREAMS);

        system.append(streams, COMMITS);
        system.publisher(PublisherOptions.DEFAULT.withSessions(buckets));

        log.awaitAll(streams, COMMITS, SystemContexts.PATIENCE,
                "billing applied " + COMMITS + " commits of each of " + STREAMS + " bucketed streams");
        List<Long> expected = LongStream.rangeClosed(1, COMMITS).boxed().toList();
        for (String stream : streams) {
            assertEquals(expected, log.of(stream), "applied sequences of " + stream);
        }
        Map<String, List<Long>> seen = auditByStream(streams, buckets);
        for (String stream : streams) {
            assertEquals(expected, seen.get(stream), "audit's copy of " + stream + " in session "
                    + buckets.sessionId(io.contextbus.model.StreamId.of(stream)));
        }
    }

    /** Reads each bucket session of audit until every stream's last commit showed; order per stream as delivered. */
    private Map<String, List<Long>> auditByStream(List<String> streams, SessionStrategy buckets) {
        Map<String, List<Long>> seen = new HashMap<>();
        Map<String, List<String>> bySession = new HashMap<>();
        for (String s : streams) {
            bySession.computeIfAbsent(buckets.sessionId(io.contextbus.model.StreamId.of(s)), k -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<String, List<String>> e : bySession.entrySet()) {
            assertTrue(e.getKey().matches("b[0-" + (BUCKETS - 1) + "]"), "bucket session id " + e.getKey());
            List<String> mine = e.getValue();
            List<ServiceBusReceivedMessage> got = SessionProbe.receiveUntil(system.target, e.getKey(), m -> {
                if (mine.contains(SessionProbe.stream(m))) {
                    seen.computeIfAbsent(SessionProbe.stream(m), k -> new ArrayList<>()).add(SessionProbe.seq(m));
                }
                return mine.stream().allMatch(s -> seen.getOrDefault(s, List.of()).size() >= COMMITS);
            });
            assertTrue(got.stream().allMatch(m -> e.getKey().equals(m.getSessionId())), "session ids in " + e.getKey());
        }
        return seen;
    }
}
