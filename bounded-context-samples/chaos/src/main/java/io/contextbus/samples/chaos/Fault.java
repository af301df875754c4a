package io.contextbus.samples.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * One scheduled fault: its kind, the source topic and consumer it aims at (for the message faults
 * and purges; empty otherwise) and the pause before it. A schedule is a pure function of its seed.
 *
 * @param kind     what is injected
 * @param source   the source context whose topic is touched ("" for kills)
 * @param consumer the consumer whose subscription or inbox is touched ("" for kills)
 * @param pauseMs  load-only time before the fault is injected
 */
public record Fault(FaultKind kind, String source, String consumer, long pauseMs) {
    /** Every subscription of the sample topology: source context and consumer. */
    static final List<List<String>> SUBSCRIPTIONS = List.of(List.of("ordering", "inventory"),
            List.of("ordering", "shipping"), List.of("ordering", "billing"), List.of("inventory", "ordering"));
    /** Billing skips unknown events by configuration and has no holds API: poison aims at the others. */
    static final List<List<String>> POISONABLE = List.of(List.of("ordering", "inventory"),
            List.of("ordering", "shipping"), List.of("inventory", "ordering"));

    public Fault {
        Objects.requireNonNull(kind, "'kind' cannot be null.");
        Objects.requireNonNull(source, "'source' cannot be null.");
        Objects.requireNonNull(consumer, "'consumer' cannot be null.");
    }

    /** {@code perKind} faults of every kind, in a random order, each with its target and pause. */
    public static List<Fault> schedule(long seed, int perKind, long maxPauseMs) {
        if (perKind < 0) {
            throw new IllegalArgumentException("'perKind' cannot be negative but was " + perKind + ".");
        }
        Random random = new Random(seed);
        List<FaultKind> kinds = new ArrayList<>();
        for (FaultKind k : FaultKind.values()) {
            for (int i = 0; i < perKind; i++) {
                kinds.add(k);
            }
        }
        Collections.shuffle(kinds, random);
        List<Fault> faults = new ArrayList<>();
        for (FaultKind k : kinds) {
            List<String> target = switch (k) {
                case PURGE_SUBSCRIPTION, DUPLICATES, REORDER -> SUBSCRIPTIONS.get(random.nextInt(SUBSCRIPTIONS.size()));
                case POISON -> POISONABLE.get(random.nextInt(POISONABLE.size()));
                default -> List.of("", "");
            };
            faults.add(new Fault(k, target.get(0), target.get(1), maxPauseMs <= 0 ? 0 : random.nextLong(maxPauseMs + 1)));
        }
        return List.copyOf(faults);
    }

    @Override
    public String toString() {
        return kind + (source.isEmpty() ? "" : " " + source + ".events -> " + consumer);
    }
}
