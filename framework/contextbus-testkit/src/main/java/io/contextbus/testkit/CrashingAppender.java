package io.contextbus.testkit;

import io.contextbus.codec.CommitLimits;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.store.EventStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;

/**
 * The child process of the crash test: opens a store through a fixture instantiated by class name,
 * appends commits from several threads without end, and prints {@code ACK <streamId> <sequence>
 * <commitId>} after each append returned. It never closes the store; the parent kills it.
 *
 * <p>Arguments: {@code <fixture class> <location> <context> <threads> <stream prefix>}.
 */
public final class CrashingAppender {
    /** The first word of an acknowledgement line. */
    public static final String ACK = "ACK";

    private CrashingAppender() {
    }

    /** One acknowledgement line: a commit whose append returned in the child, so it must survive the kill. */
    public record Ack(StreamId stream, long sequence, UUID commitId) {
    }

    /**
     * Reads the acknowledgements {@code child} prints into {@code acks} until its output ends (the
     * parent kills it). A line cut short by the kill is not an acknowledgement.
     */
    public static void readAcks(Process child, Queue<Ack> acks) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] parts = line.split(" ");
                if (parts.length == 4 && parts[0].equals(ACK) && parts[3].length() == 36) {
                    acks.add(new Ack(StreamId.of(parts[1]), Long.parseLong(parts[2]), UUID.fromString(parts[3])));
                }
            }
        } catch (IOException e) {
            // the pipe breaks when the child is killed; what was read so far are the acknowledgements
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: CrashingAppender <fixture class> <location> <context> <threads> <stream prefix>");
            System.exit(2);
        }
        StoreFixture<?> fixture = (StoreFixture<?>) Class.forName(args[0]).getConstructor().newInstance();
        EventStore store = fixture.open(args[1], ContextName.of(args[2]), CommitLimits.STANDARD);
        int threads = Integer.parseInt(args[3]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            StreamId stream = StreamId.of(args[4] + "-" + t);
            Thread writer = new Thread(() -> appendForever(store, stream, out), "crash-writer-" + t);
            writer.start();
            writers.add(writer);
        }
        for (Thread w : writers) {
            w.join();
        }
    }

    private static void appendForever(EventStore store, StreamId stream, PrintStream out) {
        for (long seq = 1; ; seq++) {
            Commit c = store.append(TestCommits.attempt(stream, seq));
            synchronized (out) {
                out.println(ACK + " " + c.streamId().value() + " " + c.commitSequence() + " " + c.commitId());
                out.flush();
            }
        }
    }
}
