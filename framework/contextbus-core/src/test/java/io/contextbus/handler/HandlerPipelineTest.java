package io.contextbus.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.ValidationException;
import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("handler pipeline (decorators)")
class HandlerPipelineTest {
    private static final ContextName ORDERING = ContextName.of("ordering");
    private final List<String> trace = new ArrayList<>();

    private static Commit commit(String... types) {
        return new Commit(StreamId.of("order-1"), 7, 7 + types.length, UUID.randomUUID(), Instant.now(),
                Map.of("traceparent", "00-abc-def-01"),
                Arrays.stream(types).map(t -> EventMessage.of(t, 1, "{}")).toList());
    }

    /** Records each hook it passes, in and out, under {@code name}. */
    private HandlerDecorator<List<String>> tracing(String name) {
        return new HandlerDecorator<>() {
            @Override
            public ApplyOutcome aroundCommit(CommitContext<List<String>> commit, CommitStep next) {
                trace.add(name + " commit " + commit.streamId().value() + ":" + commit.commitSequence());
                ApplyOutcome outcome = next.proceed();
                trace.add(name + " commit out " + outcome);
                return outcome;
            }

            @Override
            public HandlerResult aroundEvent(Object event, EventContext<List<String>> context, EventStep next) throws Exception {
                trace.add(name + " event " + context.eventIndex() + " " + context.message().type());
                HandlerResult result = next.proceed();
                trace.add(name + " event out " + context.eventIndex());
                return result;
            }
        };
    }

    private Handlers.Builder<List<String>> recordingHandlers() {
        return Handlers.<List<String>>builder()
                .on("A", (e, ctx) -> {
                    trace.add("handler " + ctx.eventIndex());
                    ctx.transaction().add("A" + ctx.eventIndex());
                    return HandlerResult.HANDLED;
                })
                .ignore("Viewed");
    }

    @Nested
    @DisplayName("order")
    class Order {
        @Test
        void the_first_registered_is_outermost_around_the_commit_and_around_each_event() {
            Handlers<List<String>> handlers = recordingHandlers().decorate(tracing("outer")).decorate(tracing("inner")).build();

            ApplyOutcome outcome = handlers.apply(ORDERING, commit("A", "A"), new ArrayList<>());

            assertEquals(ApplyOutcome.APPLIED, outcome);
            assertEquals(List.of(
                    "outer commit order-1:7", "inner commit order-1:7",
                    "outer event 0 A", "inner event 0 A", "handler 0", "inner event out 0", "outer event out 0",
                    "outer event 1 A", "inner event 1 A", "handler 1", "inner event out 1", "outer event out 1",
                    "inner commit out " + ApplyOutcome.APPLIED, "outer commit out " + ApplyOutcome.APPLIED), trace);
        }

        @Test
        void the_commit_hook_runs_once_per_commit_even_when_no_event_has_a_handler() {
            Handlers<List<String>> handlers = recordingHandlers().decorate(tracing("d")).build();

            assertEquals(ApplyOutcome.APPLIED, handlers.apply(ORDERING, commit("Viewed"), new ArrayList<>()));

            assertEquals(List.of("d commit order-1:7", "d commit out " + ApplyOutcome.APPLIED), trace);
        }
    }

    @Nested
    @DisplayName("what a decorator sees and changes")
    class Decorators {
        @Test
        void a_timing_decorator_sees_each_event_with_its_index_type_and_commit() {
            List<String> timed = new ArrayList<>();
            List<Long> durations = new ArrayList<>();
            HandlerDecorator<List<String>> timing = new HandlerDecorator<>() {
                @Override
                public HandlerResult aroundEvent(Object event, EventContext<List<String>> ctx, EventStep next) throws Exception {
                    long start = System.nanoTime();
                    try {
                        return next.proceed();
                    } finally {
                        durations.add(System.nanoTime() - start);
                        timed.add(ctx.source() + " " + ctx.streamId().value() + ":" + ctx.commitSequence() + " events["
                                + ctx.eventIndex() + "] " + ctx.message().type() + " " + ctx.headers().get("traceparent"));
                    }
                }
            };
            Handlers<List<String>> handlers = recordingHandlers().decorate(timing).build();

            handlers.apply(ORDERING, commit("A", "Viewed", "A"), new ArrayList<>());

            assertEquals(List.of("ordering order-1:7 events[0] A 00-abc-def-01",
                    "ordering order-1:7 events[2] A 00-abc-def-01"), timed, "ignored events have no handler to time");
            assertEquals(2, durations.size(), "one duration per handled event");
        }

        @Test
        void a_commit_decorator_turns_a_handlers_exception_into_a_retry() {
            ValidationException bad = new ValidationException("sku", "'sku' is unknown.");
            HandlerDecorator<List<String>> failuresAreRetries = new HandlerDecorator<>() {
                @Override
                public ApplyOutcome aroundCommit(CommitContext<List<String>> commit, CommitStep next) {
                    ApplyOutcome outcome = next.proceed();
                    return outcome instanceof ApplyOutcome.Failed f ? ApplyOutcome.retry("later: " + f.describe()) : outcome;
                }
            };
            Handlers.Builder<List<String>> throwing = Handlers.<List<String>>builder().on("A", (e, ctx) -> {
                throw bad;
            });

            ApplyOutcome.Failed undecorated = assertInstanceOf(ApplyOutcome.Failed.class,
                    throwing.build().apply(ORDERING, commit("A"), new ArrayList<>()));
            ApplyOutcome decorated = throwing.decorate(failuresAreRetries).build().apply(ORDERING, commit("A"), new ArrayList<>());

            assertSame(bad, undecorated.cause());
            assertEquals(false, undecorated.retryable(), "a non-transient contextbus exception is not retryable");
            assertEquals(ApplyOutcome.retry("later: " + bad), decorated);
        }

        @Test
        void an_event_decorator_that_rejects_stops_the_commit_before_its_handler() {
            HandlerDecorator<List<String>> noA = new HandlerDecorator<>() {
                @Override
                public HandlerResult aroundEvent(Object event, EventContext<List<String>> ctx, EventStep next) {
                    return HandlerResult.reject("A is not allowed here");
                }
            };
            List<String> tx = new ArrayList<>();

            ApplyOutcome outcome = recordingHandlers().decorate(noA).build().apply(ORDERING, commit("A", "A"), tx);

            assertEquals(ApplyOutcome.reject(ApplyOutcome.Refusal.REJECTED,
                    "events[0] ('A') was rejected by its handler: A is not allowed here"), outcome);
            assertTrue(trace.isEmpty(), "the handler never ran");
        }

        @Test
        void an_exception_thrown_by_a_decorator_is_a_failed_outcome_with_its_cause() {
            IllegalStateException broken = new IllegalStateException("tracer down");
            HandlerDecorator<List<String>> throwing = new HandlerDecorator<>() {
                @Override
                public ApplyOutcome aroundCommit(CommitContext<List<String>> commit, CommitStep next) {
                    throw broken;
                }
            };

            ApplyOutcome outcome = recordingHandlers().decorate(throwing).build().apply(ORDERING, commit("A"), new ArrayList<>());

            ApplyOutcome.Failed failed = assertInstanceOf(ApplyOutcome.Failed.class, outcome);
            assertSame(broken, failed.cause());
            assertTrue(failed.retryable());
        }
    }

    @Nested
    @DisplayName("outcomes without decorators")
    class Outcomes {
        @Test
        void a_retry_result_names_the_event() {
            Handlers<List<String>> handlers = Handlers.<List<String>>builder()
                    .on("A", (e, ctx) -> HandlerResult.retry("stock not loaded")).build();

            assertEquals(ApplyOutcome.retry("events[0] asked for a retry: stock not loaded"),
                    handlers.apply(ORDERING, commit("A"), new ArrayList<>()));
        }

        @Test
        void an_unknown_type_is_a_reject_with_its_refusal() {
            ApplyOutcome.Reject reject = assertInstanceOf(ApplyOutcome.Reject.class,
                    recordingHandlers().build().apply(ORDERING, commit("A", "Teleported"), new ArrayList<>()));

            assertEquals(ApplyOutcome.Refusal.UNKNOWN_EVENT_TYPE, reject.refusal());
            assertTrue(reject.why().contains("'Teleported'"), reject.why());
        }

        @Test
        void a_handler_returning_null_is_a_retryable_failure_naming_the_type() {
            Handlers<List<String>> handlers = Handlers.<List<String>>builder().on("A", (e, ctx) -> null).build();

            ApplyOutcome.Failed failed = assertInstanceOf(ApplyOutcome.Failed.class,
                    handlers.apply(ORDERING, commit("A"), new ArrayList<>()));

            assertEquals("The handler of 'A' returned null.", failed.cause().getMessage());
            assertTrue(failed.retryable());
        }

        @Test
        void a_null_decorator_is_refused_naming_it() {
            assertEquals("decorator", assertThrows(ValidationException.class,
                    () -> Handlers.<List<String>>builder().decorate(null)).field());
        }
    }

    @Nested
    @DisplayName("delivery")
    class Deliveries {
        private Delivery seen;

        private Handlers<List<String>> seeing() {
            return recordingHandlers().decorate(new HandlerDecorator<>() {
                @Override
                public ApplyOutcome aroundCommit(CommitContext<List<String>> commit, CommitStep next) {
                    seen = commit.delivery();
                    return next.proceed();
                }
            }).build();
        }

        @Test
        void the_decorators_see_how_the_commit_came() {
            Delivery replay = Delivery.message(Delivery.Kind.REPLAY, "order-1:7:r:rp-1", Map.of("cb_replay_id", "rp-1"));

            seeing().apply(ORDERING, commit("A"), new ArrayList<>(), replay);

            assertSame(replay, seen);
            assertTrue(!seen.isFirstPass());
        }

        @Test
        void a_commit_applied_without_a_message_is_direct_and_so_is_a_prepared_one() {
            seeing().apply(ORDERING, commit("A"), new ArrayList<>());
            assertSame(Delivery.DIRECT, seen);

            seeing().prepare(commit("A")).apply(ORDERING, new ArrayList<>(), Delivery.STASH);
            assertSame(Delivery.STASH, seen);
        }

        @Test
        void a_message_delivery_is_live_or_replay_and_names_its_message() {
            assertThrows(ValidationException.class, () -> Delivery.message(Delivery.Kind.STASH, "m", Map.of()));
            assertThrows(ValidationException.class, () -> Delivery.message(Delivery.Kind.LIVE, null, Map.of()));
            assertThrows(ValidationException.class, () -> seeing().apply(ORDERING, commit("A"), new ArrayList<>(), null));
            assertTrue(Delivery.message(Delivery.Kind.LIVE, "m", Map.of()).isFirstPass());
        }
    }
}
