package io.contextbus.topology.filter;

import io.contextbus.topology.CorrelationRuleFilter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * BENCHMARK (prints figures, asserts nothing): compile and evaluation cost of typical filters over
 * messages held in hash maps, single thread. Run with
 * {@code mvn -B -q -pl framework/contextbus-topology test-compile exec:java
 * -Dexec.mainClass=io.contextbus.topology.filter.FilterBenchmark -Dexec.classpathScope=test}.
 */
public final class FilterBenchmark {
    private static final int MESSAGES = 1024;
    private static final int ROUNDS = 7;
    private static final int EVALUATIONS_PER_ROUND = 4_000_000;

    private FilterBenchmark() {
    }

    public static void main(String[] args) {
        List<FilterContext> messages = messages();
        System.out.printf("filter evaluation, %d messages cycled, median of %d rounds x %,d evaluations%n",
                MESSAGES, ROUNDS, EVALUATIONS_PER_ROUND);
        evaluate("replay rule", MessageFilters.sql("cb_replay_target IS NULL OR cb_replay_target = 'inventory'"),
                messages);
        evaluate("TrueFilter 1=1", MessageFilters.sql("1=1"), messages);
        evaluate("LIKE + IN + comparison", MessageFilters.sql(
                "sys.Label LIKE 'Order%' AND cb_seq > 10 AND cb_source IN ('billing', 'ordering')"), messages);
        evaluate("correlation (2 properties)", MessageFilters.correlation(CorrelationRuleFilter.ofProperties(
                Map.of("cb_source", "ordering", "cb_event_types", "OrderPlaced"))), messages);
        compile("compile replay rule", () -> MessageFilters.sql(
                "cb_replay_target IS NULL OR cb_replay_target = 'inventory'"));
    }

    private static List<FilterContext> messages() {
        List<FilterContext> messages = new ArrayList<>(MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            Map<String, Object> app = new HashMap<>();
            app.put("cb_source", "ordering");
            app.put("cb_stream", "order-" + i);
            app.put("cb_seq", (long) (i % 50));
            app.put("cb_commit_id", "c" + i);
            app.put("cb_event_types", i % 2 == 0 ? "OrderPlaced" : "OrderShipped");
            if (i % 4 == 0) {
                app.put("cb_replay_target", i % 8 == 0 ? "inventory" : "shipping");
            }
            messages.add(FilterContext.of(Map.of(SystemProperty.LABEL, i % 2 == 0 ? "OrderPlaced" : "OrderShipped",
                    SystemProperty.MESSAGE_ID, "order-" + i + ":" + (i % 50)), app));
        }
        return messages;
    }

    private static void evaluate(String name, MessageFilter filter, List<FilterContext> messages) {
        FilterContext[] all = messages.toArray(FilterContext[]::new);
        long[] nanos = new long[ROUNDS];
        int matched = 0;
        for (int round = -2; round < ROUNDS; round++) { // two warm-up rounds
            matched = 0;
            long start = System.nanoTime();
            for (int i = 0; i < EVALUATIONS_PER_ROUND; i++) {
                if (filter.matches(all[i & (MESSAGES - 1)])) {
                    matched++;
                }
            }
            if (round >= 0) {
                nanos[round] = System.nanoTime() - start;
            }
        }
        Arrays.sort(nanos);
        double perEval = (double) nanos[ROUNDS / 2] / EVALUATIONS_PER_ROUND;
        System.out.printf("  %-28s %7.1f ns/evaluation  %,12.0f evaluations/s  (%d%% matched)%n",
                name, perEval, 1e9 / perEval, 100L * matched / EVALUATIONS_PER_ROUND);
    }

    private static void compile(String name, Supplier<MessageFilter> compiler) {
        int count = 200_000;
        long[] nanos = new long[ROUNDS];
        Object sink = null;
        for (int round = -2; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                sink = compiler.get();
            }
            if (round >= 0) {
                nanos[round] = System.nanoTime() - start;
            }
        }
        Arrays.sort(nanos);
        double perCompile = (double) nanos[ROUNDS / 2] / count;
        System.out.printf("  %-28s %7.2f us/compile  (%s)%n", name, perCompile / 1000, sink);
    }
}
