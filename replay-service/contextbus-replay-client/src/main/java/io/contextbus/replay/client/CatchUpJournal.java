package io.contextbus.replay.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Remembers a context's catch-up across restarts: the replay it asked for and whether it has been
 * applied. Kept beside the context's store, so that a context that loses its store loses this too
 * and catches up again. Written atomically (write, then rename).
 */
public final class CatchUpJournal {
    private static final String DONE = " done";
    private final Path file;

    public CatchUpJournal(Path file) {
        this.file = file;
    }

    /** The replay asked for, and whether it was applied; empty when the context never asked. */
    public Optional<Entry> read() {
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            String text = Files.readString(file).trim();
            boolean done = text.endsWith(DONE);
            return Optional.of(new Entry(done ? text.substring(0, text.length() - DONE.length()) : text, done));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the catch-up journal " + file, e);
        }
    }

    public void write(Entry entry) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, entry.replayId() + (entry.applied() ? DONE : ""));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the catch-up journal " + file, e);
        }
    }

    /** A catch-up replay and whether the context has applied everything it brings. */
    public record Entry(String replayId, boolean applied) {
    }
}
