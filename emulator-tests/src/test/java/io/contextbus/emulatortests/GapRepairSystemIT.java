package io.contextbus.emulatortests;

import static io.contextbus.emulatortests.SystemContexts.AUDIT;
import static io.contextbus.emulatortests.SystemContexts.BILLING;
import static io.contextbus.emulatortests.SystemContexts.ORDERS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import io.contextbus.inbox.Gap;
import io.contextbus.model.StreamId;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.replay.client.ReplayGapRepair;
import io.contextbus.replay.service.ReplayService;
import io.contextbus.replay.service.ReplayServiceConfig;
import io.contextbus.replay.service.ServiceBusReplayTransport;
import io.contextbus.replay.service.SqliteSourceStores;
import io.contextbus.servicebus.SessionStrategy;
import io.contextbus.servicebus.implementation.CommitMessages;
import io.contextbus.testkit.Await;
import io.contextbus.testsupport.AppliedLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promises 5 and 6 through the real replay path: a commit that arrives ahead of a gap is stashed,
 * the gap is reported to {@code ReplayGapRepair}, which asks the replay service (in-process, REST on
 * 127.0.0.1, reading {@code orders}' store read-only and sending to the target) for the stream from
 * the first missing commit to its head; the replay fills the gap: all applied in order, nothing left stashed, and {@code audit} never sees the replay.
 */
@DisplayName("System: gaps heal through the replay service, for the gapped consumer only")
@ExtendWith(TargetAvailable.class)
class GapRepairSystemIT {
    private static final String TOKEN = UUID.randomUUID().toString() + UUID.randomUUID();

    @TempDir
    Path dir;
    private SystemContexts system;
    private final List<Gap> gaps = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        system.close();
    }

    private ReplayGapRepair replayService() {
        ReplayServiceConfig config = new ReplayServiceConfig(ReplayServiceConfig.Http.DEFAULT.withPort(0), TOKEN,
                dir.resolve("replay/replays.db"), system.target.replayServiceBus(),
                Map.of(ORDERS, ReplayServiceConfig.Context.sqliteSource(dir), BILLING, ReplayServiceConfig.Context.target(),
                        AUDIT, ReplayServiceConfig.Context.target()),
                Optional.empty(), ReplayServiceConfig.Pacing.DEFAULT, false);
        ReplayService service = system.track(ReplayService.start(config, new SqliteSourceStores(Map.of(ORDERS, dir)),
                new ServiceBusReplayTransport(system.target.client(), source -> SessionStrategy.perStream())));
        return system.track(new ReplayGapRepair(ReplayClient.create(service.uri(), TOKEN), BILLING));
    }

    @Test
    void a_commit_ahead_of_a_gap_is_stashed_reported_and_applied_in_order_after_the_replay_service_fills_it() {
        system = new SystemContexts(SystemTarget.get(), dir);
        String stream = system.target.stream("gap");
        system.append(List.of(stream), 3);
        ReplayGapRepair repair = replayService();
        AppliedLog log = system.billingLog();
        system.billing(log, b -> b.gapRepair(system.ignoreOtherRuns(gap -> {
            gaps.add(gap);
            repair.requestReplay(gap);
        })));
        CommitMessages messages = new CommitMessages(SessionStrategy.perStream());
        ServiceBusSenderClient sender = system.sender();

        sender.sendMessage(messages.live(ORDERS, system.stored(stream, 3)));

        Await.until(() -> log.of(stream).size() >= 3, SystemContexts.PATIENCE,
                "billing applied 3 commits of " + stream + " (gaps reported: " + gaps + ", replays asked: "
                        + repair.requested() + ")");
        assertEquals(new Gap(ORDERS, StreamId.of(stream), 1, 2), gaps.get(0), "the first gap reported");
        assertEquals(List.of(1L, 2L, 3L), log.of(stream), "billing's applies of " + stream);
        assertEquals(List.of(), system.store(BILLING).inbox().stashed(ORDERS, StreamId.of(stream)),
                "billing's stash of " + stream + " is empty once the gap filled");
        // A live commit after the replay settled marks the end of what audit may hold for the stream.
        system.store(ORDERS).append(SystemContexts.attempt(stream, 4));
        sender.sendMessage(messages.live(ORDERS, system.stored(stream, 4)));
        List<ServiceBusReceivedMessage> audit = SessionProbe.receiveUntil(system.target, stream,
                m -> SessionProbe.seq(m) == 4);
        assertEquals(List.of(3L, 4L), audit.stream().map(SessionProbe::seq).toList(),
                "audit received " + SessionProbe.describe(audit) + ": the replay for billing must not reach it");
    }
}
