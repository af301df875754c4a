package io.contextbus.servicebus;

import static io.contextbus.testkit.TestCommits.commit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.StoreException;
import io.contextbus.error.ValidationException;
import io.contextbus.handler.CommitContext;
import io.contextbus.handler.Delivery;
import io.contextbus.handler.EventContext;
import io.contextbus.handler.EventHandler;
import io.contextbus.handler.HandlerDecorator;
import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.handler.UnknownEventPolicy;
import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.inbox.Dependency;
import io.contextbus.inbox.Gap;
import io.contextbus.inbox.InboxResult;
import io.contextbus.inbox.StreamHold;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.servicebus.implementation.CommitConsumer;
import io.contextbus.servicebus.implementation.CommitMessages;
import io.contextbus.servicebus.implementation.Disposition;
import io.contextbus.servicebus.implementation.InboundMessage;
import io.contextbus.observation.ContextBusObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CommitConsumerTest {
    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final ContextName SHIPPING = ContextName.of("shipping");
    private final CommitMessages messages = new CommitMessages(SessionStrategy.perStream());
    private final MemoryInbox inbox = new MemoryInbox();
    private final List<Gap> gaps = new ArrayList<>();
    private final List<EventContext<List<String>>> seen = new ArrayList<>();

    private EventHandler<EventMessage, List<String>> recording() {
        return (event, ctx) -> {
            seen.add(ctx);
            ctx.transaction().add(ctx.streamId() + ":" + ctx.commitSequence() + ":" + event.type());
            return HandlerResult.HANDLED;
        };
    }

    private CommitConsumer<List<String>> consumer(Handlers<List<String>> handlers) {
        return new CommitConsumer<>(SHIPPING, ORDERING, inbox, handlers, gaps::add);
    }

    private CommitConsumer<List<String>> consumer() {
        return consumer(Handlers.<List<String>>builder().on("OrderPlaced", recording()).build());
    }

    private InboundMessage message(Commit c) {
        return Inbound.of(messages.live(ORDERING, c));
    }

    private static void assertDeadLettered(DeadLetterReason reason, Disposition d) {
        Disposition.DeadLetter dl = assertInstanceOf(Disposition.DeadLetter.class, d);
        assertEquals(reason, dl.reason(), dl.description());
    }

    @Nested
    @DisplayName("in sequence")
    class InSequence {
        @Test
        void the_next_commit_is_applied_through_the_handler_and_completed() {
            Disposition d = consumer().processAsync(message(commit("order-1", 1)), Runnable::run).join();

            assertEquals(new Disposition.Complete("applied 1"), d);
            assertEquals(List.of("order-1:1:OrderPlaced"), inbox.written);
            EventContext<List<String>> ctx = seen.get(0);
            assertEquals(ORDERING, ctx.source());
            assertEquals(StreamId.of("order-1"), ctx.streamId());
            assertEquals(1, ctx.commitSequence());
            assertEquals(0, ctx.eventIndex());
        }

        @Test
        void every_event_of_a_commit_reaches_its_handler_in_order() {
            List<String> order = new ArrayList<>();
            Handlers<List<String>> h = Handlers.<List<String>>builder()
                    .on("A", (e, c) -> order.add("A" + c.eventIndex()) ? HandlerResult.HANDLED : null)
                    .on("B", (e, c) -> order.add("B" + c.eventIndex()) ? HandlerResult.HANDLED : null)
                    .build();

            consumer(h).processAsync(message(commit("s", 1, "A", "B", "A")), Runnable::run).join();

            assertEquals(List.of("A0", "B1", "A2"), order);
        }

        @Test
        void a_duplicate_is_completed_without_running_the_handler() {
            CommitConsumer<List<String>> c = consumer();
            c.processAsync(message(commit("order-1", 1)), Runnable::run).join();

            Disposition d = c.processAsync(message(commit("order-1", 1)), Runnable::run).join();

            assertEquals(new Disposition.Complete("duplicate"), d);
            assertEquals(1, seen.size());
        }
    }

    @Nested
    @DisplayName("gaps")
    class Gaps {
        @Test
        void a_commit_ahead_of_a_gap_is_stashed_completed_and_the_gap_reported() {
            Disposition d = consumer().processAsync(message(commit("order-1", 4)), Runnable::run).join();

            assertEquals(new Disposition.Complete("stashed"), d);
            assertEquals(List.of(new Gap(ORDERING, StreamId.of("order-1"), 1, 3)), gaps);
            assertTrue(inbox.written.isEmpty());
        }

        @Test
        void once_the_gap_fills_the_stash_is_applied_in_order() {
            CommitConsumer<List<String>> c = consumer();
            c.processAsync(message(commit("order-1", 3)), Runnable::run).join();
            c.processAsync(message(commit("order-1", 2)), Runnable::run).join();

            Disposition d = c.processAsync(message(commit("order-1", 1)), Runnable::run).join();

            assertEquals(new Disposition.Complete("applied 3"), d);
            assertEquals(List.of("order-1:1:OrderPlaced", "order-1:2:OrderPlaced", "order-1:3:OrderPlaced"), inbox.written);
        }

        @Test
        void a_partly_filled_gap_reports_what_is_still_missing() {
            CommitConsumer<List<String>> c = consumer();
            c.processAsync(message(commit("order-1", 5)), Runnable::run).join();
            gaps.clear();

            c.processAsync(message(commit("order-1", 1)), Runnable::run).join();

            assertEquals(List.of(new Gap(ORDERING, StreamId.of("order-1"), 2, 4)), gaps);
        }

        @Test
        void a_failing_gap_repair_does_not_lose_the_message() {
            CommitConsumer<List<String>> c = new CommitConsumer<>(SHIPPING, ORDERING, inbox,
                    Handlers.<List<String>>builder().on("OrderPlaced", recording()).build(),
                    gap -> {
                        throw new IllegalStateException("replay service down");
                    });

            assertEquals(new Disposition.Complete("stashed"), c.processAsync(message(commit("order-1", 2)), Runnable::run).join());
            assertEquals(1, inbox.stashed(ORDERING, StreamId.of("order-1")).size());
        }
    }

    @Nested
    @DisplayName("handler failures")
    class HandlerFailures {
        @Test
        void a_throwing_handler_abandons_the_message_and_writes_nothing() {
            Handlers<List<String>> h = Handlers.<List<String>>builder().on("OrderPlaced", (e, c) -> {
                c.transaction().add("half");
                throw new IllegalStateException("database busy");
            }).build();

            Disposition d = consumer(h).processAsync(message(commit("order-1", 1)), Runnable::run).join();

            assertInstanceOf(Disposition.Abandon.class, d);
            assertTrue(inbox.written.isEmpty());
            assertEquals(0, inbox.lastApplied(ORDERING, StreamId.of("order-1")));
        }

        @Test
        void a_retry_result_abandons() {
            Handlers<List<String>> h = Handlers.<List<String>>builder()
                    .on("OrderPlaced", (e, c) -> HandlerResult.retry("inventory not loaded")).build();
            Disposition.Abandon d = assertInstanceOf(Disposition.Abandon.class, consumer(h).processAsync(message(commit("o", 1)), Runnable::run).join());
            assertTrue(d.why().contains("inventory not loaded"), d.why());
        }

        @Test
        void a_reject_result_parks_the_stream_with_the_handlers_words_and_completes_the_message() {
            Handlers<List<String>> h = Handlers.<List<String>>builder()
                    .on("OrderPlaced", (e, c) -> HandlerResult.reject("negative quantity")).build();

            Disposition d = consumer(h).processAsync(message(commit("o", 1)), Runnable::run).join();

            assertEquals(new Disposition.Complete("parked at 1"), d);
            StreamHold hold = inbox.hold(ORDERING, StreamId.of("o")).orElseThrow();
            assertTrue(hold.isParked() && hold.reason().contains("negative quantity"), hold.toString());
            assertEquals(0, inbox.lastApplied(ORDERING, StreamId.of("o")));
        }

        @Test
        void a_non_transient_contextbus_error_parks_at_once() {
            Handlers<List<String>> h = Handlers.<List<String>>builder().on("OrderPlaced", (e, c) -> {
                throw new ValidationException("sku", "'sku' is unknown.");
            }).build();
            assertEquals(new Disposition.Complete("parked at 1"),
                    consumer(h).processAsync(message(commit("o", 1)), Runnable::run).join());
            assertTrue(inbox.hold(ORDERING, StreamId.of("o")).orElseThrow().reason().contains("'sku' is unknown."));
        }

        @Test
        void later_commits_of_a_parked_stream_wait_behind_it_without_a_gap_report_and_a_not_yet_waits() {
            Handlers<List<String>> h = Handlers.<List<String>>builder().on("OrderPlaced", (e, c) ->
                    c.streamId().value().equals("o") ? HandlerResult.reject("poison")
                            : HandlerResult.notYet(new Dependency(ContextName.of("billing"), StreamId.of("inv-1"), 1))).build();
            CommitConsumer<List<String>> c = consumer(h);
            c.processAsync(message(commit("o", 1)), Runnable::run).join();

            assertEquals(new Disposition.Complete("behind held commit 1"), c.processAsync(message(commit("o", 2)), Runnable::run).join());
            assertEquals(new Disposition.Complete("behind held commit 1"), c.processAsync(message(commit("o", 3)), Runnable::run).join());
            assertEquals(List.of(), gaps, "nothing is missing: no replay asked");
            assertEquals(new Disposition.Complete("waiting at 1"), c.processAsync(message(commit("w", 1)), Runnable::run).join());
            assertEquals(StreamHold.State.WAITING, inbox.hold(ORDERING, StreamId.of("w")).orElseThrow().state());
        }

        @Test
        void a_failing_inbox_store_abandons() {
            inbox.storeFailure = new StoreException("disk I/O error", true, null);
            assertInstanceOf(Disposition.Abandon.class, consumer().processAsync(message(commit("o", 1)), Runnable::run).join());
        }
    }

    @Nested
    @DisplayName("outcome as a value, from the handlers to the disposition")
    class Outcomes {
        private final HandlerDecorator<List<String>> failuresAreRetries = new HandlerDecorator<>() {
            @Override
            public ApplyOutcome aroundCommit(CommitContext<List<String>> commit, CommitStep next) {
                ApplyOutcome outcome = next.proceed();
                return outcome instanceof ApplyOutcome.Failed f ? ApplyOutcome.retry("retry policy: " + f.describe()) : outcome;
            }
        };

        @Test
        void the_inbox_returns_the_handlers_outcome_with_the_commit_and_writes_nothing() {
            Commit c = commit("o", 1);
            Handlers<List<String>> h = Handlers.<List<String>>builder()
                    .on("OrderPlaced", (e, ctx) -> HandlerResult.reject("negative quantity")).build();

            InboxResult result = inbox.receive(ORDERING, c, h);

            InboxResult.Held held = assertInstanceOf(InboxResult.Held.class, result);
            assertEquals(ApplyOutcome.reject(ApplyOutcome.Refusal.REJECTED,
                    "events[0] ('OrderPlaced') was rejected by its handler: negative quantity"), held.outcome());
            assertEquals(1, held.hold().commitSequence());
            assertTrue(inbox.written.isEmpty());
        }

        @Test
        void a_decorator_turning_a_permanent_failure_into_a_retry_abandons_instead_of_dead_lettering() {
            Handlers<List<String>> h = Handlers.<List<String>>builder().on("OrderPlaced", (e, c) -> {
                throw new ValidationException("sku", "'sku' is unknown.");
            }).decorate(failuresAreRetries).build();

            Disposition.Abandon d = assertInstanceOf(Disposition.Abandon.class,
                    consumer(h).processAsync(message(commit("o", 1)), Runnable::run).join());

            assertTrue(d.why().startsWith("retry policy: "), d.why());
        }

        @Test
        void a_decorator_that_rejects_parks_with_its_words() {
            HandlerDecorator<List<String>> closed = new HandlerDecorator<>() {
                @Override
                public HandlerResult aroundEvent(Object event, EventContext<List<String>> ctx, EventStep next) {
                    return HandlerResult.reject("store closed for inventory");
                }
            };
            Handlers<List<String>> h = Handlers.<List<String>>builder().on("OrderPlaced", recording()).decorate(closed).build();

            assertEquals(new Disposition.Complete("parked at 1"),
                    consumer(h).processAsync(message(commit("o", 1)), Runnable::run).join());

            assertEquals("events[0] ('OrderPlaced') was rejected by its handler: store closed for inventory",
                    inbox.hold(ORDERING, StreamId.of("o")).orElseThrow().reason());
            assertTrue(seen.isEmpty(), "the handler never ran");
        }

        @Test
        void a_stashed_commit_rejected_while_the_stash_drains_parks_there_and_the_healthy_commit_stays_applied() {
            Handlers<List<String>> h = Handlers.<List<String>>builder().on("OrderPlaced", recording())
                    .on("OrderVoided", (e, c) -> HandlerResult.reject("voided")).build();
            CommitConsumer<List<String>> c = consumer(h);
            c.processAsync(message(commit("o", 2, "OrderVoided")), Runnable::run).join();

            Disposition d = c.processAsync(message(commit("o", 1)), Runnable::run).join();

            assertEquals(new Disposition.Complete("parked at 2"), d, "the healthy gap-filling message is not dead-lettered");
            assertEquals(1, inbox.lastApplied(ORDERING, StreamId.of("o")), "commit 1 stays applied");
            assertEquals(List.of("o:1:OrderPlaced"), inbox.written);
            assertEquals(2, inbox.hold(ORDERING, StreamId.of("o")).orElseThrow().commitSequence());
        }

        @Test
        void every_inbox_result_and_every_not_applied_outcome_has_a_disposition_tested_here() {
            // CommitConsumer maps these cases one by one (Java 17 has no pattern switch): a new case
            // must get its branch there and its test here.
            assertEquals(List.of(InboxResult.Applied.class, InboxResult.Duplicate.class, InboxResult.Stashed.class,
                    InboxResult.Held.class, InboxResult.Behind.class, InboxResult.RolledBack.class),
                    List.of(InboxResult.class.getPermittedSubclasses()));
            assertEquals(List.of(ApplyOutcome.Retry.class, ApplyOutcome.Reject.class, ApplyOutcome.WaitFor.class,
                            ApplyOutcome.Failed.class),
                    List.of(ApplyOutcome.NotApplied.class.getPermittedSubclasses()));
        }
    }

    @Nested
    @DisplayName("redelivery and gaps")
    class Redelivery {
        private CommitConsumer<List<String>> consumerWithMaxDeliveries(Handlers<List<String>> h, int max) {
            return new CommitConsumer<>(SHIPPING, ORDERING, inbox, h, gaps::add, OptionalInt.of(max));
        }

        private InboundMessage delivery(Commit c, long deliveryCount) {
            InboundMessage m = message(c);
            return new InboundMessage(m.messageId(), m.sessionId(), m.contentType(), deliveryCount, m.properties(),
                    m.body(), m.bodyProblem());
        }

        private Handlers<List<String>> failingOnce() {
            boolean[] failed = {false};
            return Handlers.<List<String>>builder().on("OrderPlaced", (e, c) -> {
                if (c.commitSequence() == 1 && !failed[0]) {
                    failed[0] = true;
                    throw new IllegalStateException("database busy");
                }
                return HandlerResult.HANDLED;
            }).build();
        }

        @Test
        void a_commit_stashed_behind_one_abandoned_for_redelivery_requests_no_replay() {
            CommitConsumer<List<String>> c = consumerWithMaxDeliveries(failingOnce(), 10);
            assertInstanceOf(Disposition.Abandon.class, c.processAsync(delivery(commit("o", 1), 0), Runnable::run).join());

            assertEquals(new Disposition.Complete("stashed"), c.processAsync(delivery(commit("o", 2), 0), Runnable::run).join());
            assertEquals(List.of(), gaps, "commit 1 comes back by redelivery: nothing is missing");

            assertEquals(new Disposition.Complete("applied 2"), c.processAsync(delivery(commit("o", 1), 1), Runnable::run).join());
        }

        @Test
        void a_commit_abandoned_on_its_last_delivery_does_not_come_back_so_the_gap_is_reported() {
            CommitConsumer<List<String>> c = consumerWithMaxDeliveries(failingOnce(), 10);
            assertInstanceOf(Disposition.Abandon.class, c.processAsync(delivery(commit("o", 1), 9), Runnable::run).join());

            c.processAsync(delivery(commit("o", 2), 0), Runnable::run).join();

            assertEquals(List.of(new Gap(ORDERING, StreamId.of("o"), 1, 1)), gaps);
        }

        @Test
        void without_a_known_max_delivery_count_the_gap_is_reported_as_before() {
            CommitConsumer<List<String>> c = consumer(failingOnce());
            c.processAsync(delivery(commit("o", 1), 0), Runnable::run).join();

            c.processAsync(delivery(commit("o", 2), 0), Runnable::run).join();

            assertEquals(List.of(new Gap(ORDERING, StreamId.of("o"), 1, 1)), gaps);
        }
    }

    @Nested
    @DisplayName("event types")
    class EventTypes {
        @Test
        void an_unknown_type_parks_the_stream_by_default_and_nothing_is_applied() {
            Disposition d = consumer().processAsync(message(commit("o", 1, "OrderPlaced", "OrderTeleported")), Runnable::run).join();

            assertEquals(new Disposition.Complete("parked at 1"), d);
            assertTrue(inbox.hold(ORDERING, StreamId.of("o")).orElseThrow().reason().contains("'OrderTeleported'"));
            assertTrue(seen.isEmpty());
        }

        @Test
        void with_skip_an_unknown_type_is_left_out_and_the_rest_applied() {
            Handlers<List<String>> h = Handlers.<List<String>>builder().on("OrderPlaced", recording())
                    .unknownEvents(UnknownEventPolicy.SKIP).build();

            Disposition d = consumer(h).processAsync(message(commit("o", 1, "OrderTeleported", "OrderPlaced")), Runnable::run).join();

            assertEquals(new Disposition.Complete("applied 1"), d);
            assertEquals(List.of("o:1:OrderPlaced"), inbox.written);
        }

        @Test
        void an_ignored_type_is_applied_without_a_handler() {
            Handlers<List<String>> h = Handlers.<List<String>>builder().on("OrderPlaced", recording())
                    .ignore("OrderViewed").build();

            assertEquals(new Disposition.Complete("applied 1"), consumer(h).processAsync(message(commit("o", 1, "OrderViewed")), Runnable::run).join());
            assertEquals(1, inbox.lastApplied(ORDERING, StreamId.of("o")));
        }
    }

    @Nested
    @DisplayName("poison messages")
    class Poison {
        @Test
        void a_body_that_is_not_json_is_dead_lettered() {
            InboundMessage m = Inbound.withBody(messages.live(ORDERING, commit("o", 1)), "<xml/>".getBytes(StandardCharsets.UTF_8));
            assertDeadLettered(DeadLetterReason.UNDECODABLE_BODY, consumer().processAsync(m, Runnable::run).join());
        }

        @Test
        void a_missing_property_is_dead_lettered() {
            InboundMessage m = Inbound.of(messages.live(ORDERING, commit("o", 1)), p -> p.remove("cb_commit_id"));
            assertDeadLettered(DeadLetterReason.MISSING_PROPERTY, consumer().processAsync(m, Runnable::run).join());
        }

        @Test
        void after_a_poison_message_the_next_ones_still_flow() {
            CommitConsumer<List<String>> c = consumer();
            c.processAsync(Inbound.withBody(messages.live(ORDERING, commit("a", 1)), new byte[] {1, 2}), Runnable::run).join();

            assertEquals(new Disposition.Complete("applied 1"), c.processAsync(message(commit("b", 1)), Runnable::run).join());
        }
    }

    @Nested
    class Deliveries {
        private final List<String> deliveries = new ArrayList<>();

        private CommitConsumer<List<String>> observing() {
            return consumer(Handlers.<List<String>>builder().decorate(new HandlerDecorator<>() {
                @Override
                public ApplyOutcome aroundCommit(CommitContext<List<String>> commit, CommitStep next) {
                    Delivery d = commit.delivery();
                    deliveries.add(commit.commitSequence() + " " + d.kind() + " " + d.messageId().orElse("-") + " "
                            + d.properties().getOrDefault("traceparent", "-"));
                    return next.proceed();
                }
            }).on("OrderPlaced", recording()).build());
        }

        @Test
        void decorators_see_the_live_message_and_the_stash_drain_as_such() {
            String tp = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
            CommitConsumer<List<String>> c = observing();
            c.processAsync(message(commit("order-1", 2, Map.of("traceparent", tp))), Runnable::run).join();
            c.processAsync(message(commit("order-1", 1, Map.of("traceparent", tp))), Runnable::run).join();

            assertEquals(List.of("1 LIVE order-1:1 " + tp, "2 STASH - -"), deliveries);
        }

        @Test
        void decorators_see_a_replayed_message_as_a_replay() {
            observing().processAsync(Inbound.of(messages.replay(ORDERING, commit("order-1", 1), SHIPPING, "rp-1")),
                    Runnable::run).join();

            assertEquals(List.of("1 REPLAY order-1:1:r:rp-1 -"), deliveries);
        }
    }

    @Nested
    @DisplayName("transient failures retried with backoff")
    class TransientRetries {
        private final TransientRetry retry = new TransientRetry(4, Duration.ofMillis(1), 2.0, Duration.ofMillis(5));
        private final List<String> scheduled = new ArrayList<>();
        private final ContextBusObserver observer = new ContextBusObserver() {
            @Override
            public void retryScheduled(ContextName context, ContextName source, int nextAttempt, Duration delay) {
                synchronized (scheduled) {
                    scheduled.add(nextAttempt + "<=" + delay.toMillis());
                }
            }

            @Override
            public void abandoned(ContextName context, ContextName source) {
                synchronized (scheduled) {
                    scheduled.add("abandoned");
                }
            }
        };

        private CommitConsumer<List<String>> retrying(Handlers<List<String>> h) {
            return new CommitConsumer<>(SHIPPING, ORDERING, inbox, h, gaps::add, OptionalInt.of(10), observer,
                    Optional.empty(), Optional.of(retry));
        }

        private Disposition process(CommitConsumer<List<String>> c, Commit commit) throws Exception {
            ExecutorService decider = Executors.newSingleThreadExecutor();
            try {
                return c.processAsync(message(commit), decider).get();
            } finally {
                decider.shutdownNow();
            }
        }

        @Test
        void a_handler_that_fails_twice_then_succeeds_is_applied_on_the_third_attempt_without_abandoning() throws Exception {
            AtomicInteger calls = new AtomicInteger();
            Handlers<List<String>> h = Handlers.<List<String>>builder().on("OrderPlaced", (e, c) -> {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("database busy");
                }
                if (calls.get() == 2) {
                    return HandlerResult.retry("lock timeout");
                }
                c.transaction().add("applied on " + calls.get());
                return HandlerResult.HANDLED;
            }).build();

            Disposition d = process(retrying(h), commit("o", 1));

            assertEquals(new Disposition.Complete("applied 1"), d);
            assertEquals(List.of("applied on 3"), inbox.written);
            assertEquals(2, scheduled.size(), scheduled.toString());
            assertTrue(scheduled.get(0).startsWith("2<=") && scheduled.get(1).startsWith("3<="), scheduled.toString());
            assertTrue(inbox.holds().isEmpty());
        }

        @Test
        void after_the_last_attempt_the_stream_parks_with_the_cause_and_the_message_completes() throws Exception {
            AtomicInteger calls = new AtomicInteger();
            Handlers<List<String>> h = Handlers.<List<String>>builder().on("OrderPlaced", (e, c) -> {
                calls.incrementAndGet();
                throw new IllegalStateException("database down");
            }).build();

            Disposition d = process(retrying(h), commit("o", 1));

            assertEquals(new Disposition.Complete("parked at 1"), d);
            assertEquals(4, calls.get(), "every attempt ran the handler once");
            assertEquals(3, scheduled.size(), "three retries, no abandon: " + scheduled);
            StreamHold hold = inbox.hold(ORDERING, StreamId.of("o")).orElseThrow();
            assertTrue(hold.isParked(), hold.toString());
            assertTrue(hold.reason().contains("still failing after 4 attempts") && hold.reason().contains("database down"),
                    hold.reason());
            assertTrue(inbox.written.isEmpty());
        }

        @Test
        void a_later_commit_stashed_during_the_retries_is_applied_after_it_without_a_replay_request() throws Exception {
            AtomicInteger failures = new AtomicInteger();
            Handlers<List<String>> h = Handlers.<List<String>>builder().on("OrderPlaced", (e, c) -> {
                if (c.commitSequence() == 1 && failures.incrementAndGet() <= 2) {
                    return HandlerResult.retry("not yet reachable");
                }
                c.transaction().add(c.streamId() + ":" + c.commitSequence());
                return HandlerResult.HANDLED;
            }).build();
            CommitConsumer<List<String>> c = retrying(h);
            // decisions run only when this test runs them: the second commit arrives before the first's retry
            LinkedBlockingQueue<Runnable> decisions = new LinkedBlockingQueue<>();
            var first = c.processAsync(message(commit("o", 1)), decisions::add);
            var second = c.processAsync(message(commit("o", 2)), decisions::add);
            while (!first.isDone() || !second.isDone()) {
                Runnable next = decisions.poll(30, TimeUnit.SECONDS);
                assertTrue(next != null, "a decision or a retry was due");
                next.run();
            }
            assertEquals(new Disposition.Complete("stashed"), second.get());
            assertEquals(new Disposition.Complete("applied 2"), first.get());
            assertEquals(List.of("o:1", "o:2"), inbox.written);
            assertTrue(gaps.isEmpty(), "no replay asked for a commit being retried: " + gaps);
        }

        @Test
        void a_non_transient_failure_parks_at_once_without_retries() throws Exception {
            Handlers<List<String>> h = Handlers.<List<String>>builder()
                    .on("OrderPlaced", (e, c) -> HandlerResult.reject("negative quantity")).build();

            assertEquals(new Disposition.Complete("parked at 1"), process(retrying(h), commit("o", 1)));
            assertTrue(scheduled.isEmpty(), scheduled.toString());
        }
    }
}
