package io.contextbus.emulatortests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.servicebus.PublisherOptions;
import io.contextbus.testsupport.AppliedLog;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Promise 3 (and 2): every commit of many streams is published by the dispatcher and applied in order per stream. */
@DisplayName("System: ordered per stream, across many streams")
@ExtendWith(TargetAvailable.class)
class OrderedPerStreamSystemIT {
    private static final int STREAMS = 40;
    private static final int COMMITS = 5;

    @TempDir
    Path dir;
    private SystemContexts system;

    @AfterEach
    void stop() {
        system.close();
    }

    @Test
    void commits_of_many_streams_are_published_and_applied_once_each_in_commit_order() {
        system = new SystemContexts(SystemTarget.get(), dir);
        AppliedLog log = system.billingLog();
        system.billing(log, b -> b);
        List<String> streams = system.streams("ordered", STREAMS);

        system.append(streams, COMMITS);
        system.publisher(PublisherOptions.DEFAULT);

        log.awaitAll(streams, COMMITS, SystemContexts.PATIENCE,
                "billing applied " + COMMITS + " commits of each of " + STREAMS + " streams");
        List<Long> expected = LongStream.rangeClosed(1, COMMITS).boxed().toList();
        for (String stream : streams) {
            assertEquals(expected, log.of(stream), "applied sequences of " + stream
                    + " (a repeat is a double apply, a swap a reordering)");
        }
    }
}
