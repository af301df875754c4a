package io.contextbus.replay.client;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reconcile journal in a file beside the consumer's SQLite store: one line per source,
 * {@code <source> <URL-encoded position>}, the whole file replaced atomically (write, then rename). Create one
 * with {@link ReconcileJournal#file}.
 */
final class FileReconcileJournal implements ReconcileJournal {
    private final Path file;

    FileReconcileJournal(Path file) {
        this.file = ValidationException.requireNonNull(file, "file");
    }

    @Override
    public synchronized Position position(ContextName source) {
        ValidationException.requireNonNull(source, "source");
        return new Position(read().getOrDefault(source.value(), ""));
    }

    @Override
    public synchronized void write(ContextName source, Position position) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(position, "position");
        Map<String, String> all = read();
        all.put(source.value(), position.token());
        StringBuilder text = new StringBuilder();
        // A context name has no space; the position is URL-encoded, so it has neither space nor line break.
        all.forEach((s, p) -> text.append(s).append(' ').append(URLEncoder.encode(p, StandardCharsets.UTF_8)).append('\n'));
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the reconcile journal " + file, e);
        }
    }

    private Map<String, String> read() {
        Map<String, String> all = new TreeMap<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    int space = line.indexOf(' ');
                    if (space > 0) {
                        all.put(line.substring(0, space), URLDecoder.decode(line.substring(space + 1), StandardCharsets.UTF_8));
                    }
                }
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the reconcile journal " + file, e);
        }
    }
}
