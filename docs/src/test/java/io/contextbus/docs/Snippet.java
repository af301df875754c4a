package io.contextbus.docs;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One fenced {@code java} block of a Markdown file: where it starts, its lines, and the hidden
 * setup or marker written in HTML comments right before it.
 *
 * @param file      the Markdown file, relative to the folder that was scanned
 * @param fenceLine the 1-based line of the opening fence; the code starts on the next line
 * @param code      the lines between the fences, fence indentation removed
 * @param setup     the lines of a {@code <!-- snippet-setup: ... -->} comment, empty when none
 * @param notJava   {@code true} when marked {@code <!-- snippet: not-java -->} (deliberate pseudo-code)
 */
record Snippet(Path file, int fenceLine, List<String> code, List<String> setup, boolean notJava) {

    Snippet {
        Objects.requireNonNull(file, "'file' cannot be null.");
        code = List.copyOf(Objects.requireNonNull(code, "'code' cannot be null."));
        setup = List.copyOf(Objects.requireNonNull(setup, "'setup' cannot be null."));
    }

    /** The 1-based Markdown line of the code's line {@code index} (0-based). */
    int lineOf(int index) {
        return fenceLine + 1 + index;
    }

    /** {@code file:line} of the opening fence, as the checker reports it. */
    String location() {
        return file.toString().replace('\\', '/') + ":" + fenceLine;
    }
}
