package io.contextbus.emulatortests;

import static io.contextbus.emulatortests.SystemContexts.BILLING;
import static io.contextbus.emulatortests.SystemContexts.ORDERS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.azure.messaging.servicebus.ServiceBusSenderClient;
import io.contextbus.inbox.Gap;
import io.contextbus.model.Commit;
import io.contextbus.model.StreamId;
import io.contextbus.servicebus.CommitMessages;
import io.contextbus.servicebus.SessionStrategy;
import io.contextbus.testkit.Await;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promise 5: a commit that arrives ahead of a gap is stashed, the gap is reported to
 * {@code GapRepair} with its stream and range, and the targeted replay of that range (sent as the
 * replay service sends it) fills it: all applied in order, nothing left stashed.
 */
@DisplayName("System: gaps heal through a targeted replay")
@ExtendWith(TargetAvailable.class)
class GapRepairSystemIT {
    @TempDir
    Path dir;
    private SystemContexts system;
    private final ExecutorService replays = Executors.newSingleThreadExecutor();
    private final List<Gap> gaps = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        replays.shutdownNow();
        system.close();
    }

    @Test
    void a_commit_ahead_of_a_gap_is_stashed_reported_and_applied_in_order_after_the_replay() {
        system = new SystemContexts(SystemTarget.get(), dir);
        String stream = system.target.stream("gap");
        system.append(List.of(stream), 3);
        CommitMessages messages = new CommitMessages(SessionStrategy.perStream());
        ServiceBusSenderClient sender = system.sender();
        AppliedLog log = system.billingLog();
        system.billing(log, b -> b.gapRepair(system.ignoreOtherRuns(gap -> {
            gaps.add(gap);
            replays.submit(() -> {
                for (Commit c : system.store(gap.source()).readStream(gap.streamId(), gap.fromSequence(),
                        gap.toSequence())) {
                    sender.sendMessage(messages.replay(gap.source(), c, BILLING, "gap-" + gaps.size()));
                }
            });
        })));

        sender.sendMessage(messages.live(ORDERS, system.stored(stream, 3)));

        Await.until(() -> log.of(stream).size() >= 3, SystemContexts.PATIENCE,
                "billing applied 3 commits of " + stream + " (gaps reported: " + gaps + ")");
        assertEquals(new Gap(ORDERS, StreamId.of(stream), 1, 2), gaps.get(0), "the first gap reported");
        assertEquals(List.of(1L, 2L, 3L), log.of(stream), "billing's applies of " + stream);
        assertEquals(List.of(), system.store(BILLING).inbox().stashed(ORDERS, StreamId.of(stream)),
                "billing's stash of " + stream + " is empty once the gap filled");
    }
}
