package io.contextbus.aggregate;

import io.contextbus.model.Commit;
import io.contextbus.model.EventMessage;
import java.util.List;

/** Test state: how many commits and events a stream holds, and a checksum over their order and data. */
record Tally(long commits, long events, long checksum) {
    static final StateFold<Tally> FOLD = new StateFold<>() {
        @Override
        public Tally initialState() {
            return new Tally(0, 0, 17);
        }

        @Override
        public Tally apply(Tally t, Commit c) {
            long sum = t.checksum() * 31 + c.commitSequence();
            for (EventMessage e : c.events()) {
                sum = sum * 31 + e.data().hashCode();
            }
            return new Tally(t.commits() + 1, t.events() + c.events().size(), sum);
        }
    };

    /** Snapshot codec of the given schema version: {@code "commits,events,checksum"} in a JSON string. */
    static SnapshotCodec<Tally> codec(int version) {
        return new SnapshotCodec<>() {
            @Override
            public int schemaVersion() {
                return version;
            }

            @Override
            public String write(Tally t) {
                return "\"" + t.commits() + "," + t.events() + "," + t.checksum() + "\"";
            }

            @Override
            public Tally read(String json) {
                String[] p = json.replace("\"", "").split(",");
                return new Tally(Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]));
            }
        };
    }

    static List<EventMessage> events(int n) {
        return java.util.stream.IntStream.rangeClosed(1, n)
                .mapToObj(i -> EventMessage.of("test.Counted", 1, "{\"n\":" + i + "}")).toList();
    }
}
