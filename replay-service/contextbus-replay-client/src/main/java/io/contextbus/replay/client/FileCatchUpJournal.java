package io.contextbus.replay.client;

import io.contextbus.error.ValidationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The catch-up journal in a file beside the context's SQLite store, written atomically (write,
 * then rename). Create one with {@link CatchUpJournal#file}.
 */
final class FileCatchUpJournal implements CatchUpJournal {
    private static final String DONE = " done";
    private final Path file;

    FileCatchUpJournal(Path file) {
        this.file = ValidationException.requireNonNull(file, "file");
    }

    @Override
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

    @Override
    public void write(Entry entry) {
        ValidationException.requireNonNull(entry, "entry");
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
}
