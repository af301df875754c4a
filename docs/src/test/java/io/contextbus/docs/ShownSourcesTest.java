package io.contextbus.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A fenced block right after {@code <!-- source: path -->} shows that file of the repository
 * whole; after {@code <!-- excerpt: path -->} a run of its lines (indentation aside). The build
 * runs the getting-started program from its file, so the page cannot drift from what runs.
 */
class ShownSourcesTest {
    private static final Pattern MARKER = Pattern.compile("^<!-- (source|excerpt): (\\S+) -->$");
    private static final Pattern FENCE = Pattern.compile("^(`{3,})\\S*\\s*$");

    @Test
    @DisplayName("every block marked as a file's source or excerpt shows that file as it is")
    void shownSourcesMatchTheirFiles() throws IOException {
        Path root = DocsSnippetsCompileTest.repositoryRoot();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path md : SnippetExtractor.markdownFiles(root, Set.of(DocsSnippetsCompileTest.FIXTURES))) {
            List<String> lines = Files.readAllLines(md);
            for (int i = 0; i < lines.size(); i++) {
                Matcher marker = MARKER.matcher(lines.get(i).strip());
                if (marker.matches()) {
                    checked++;
                    check(root, root.relativize(md) + ":" + (i + 1), marker.group(1), marker.group(2), md, lines, i,
                            problems);
                }
            }
        }
        assertEquals(List.of(), problems, String.join("\n", problems));
        assertTrue(checked >= 2, "getting-started.md shows the program and its dependency block: " + checked);
    }

    @Test
    @DisplayName("getting-started.md shows the whole getting-started program")
    void gettingStartedShowsTheProgram() throws IOException {
        Path root = DocsSnippetsCompileTest.repositoryRoot();
        String page = Files.readString(root.resolve("docs/getting-started.md"));

        assertTrue(page.contains("<!-- source: examples/first-context/src/main/java/example/billing/FirstContext.java -->"),
                "the page marks the program's block with its file");
        assertTrue(page.contains("<!-- excerpt: examples/first-context/pom.xml -->"),
                "the page marks the dependency block with the example's pom");
    }

    private static void check(Path root, String where, String kind, String path, Path md, List<String> lines,
                              int markerLine, List<String> problems) throws IOException {
        Path file = md.getParent().resolve(path).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            problems.add(where + " names " + path + ", which is no file of the repository");
            return;
        }
        List<String> block = blockAfter(lines, markerLine);
        if (block == null) {
            problems.add(where + " is not followed by a fenced block");
            return;
        }
        List<String> fileLines = Files.readAllLines(file);
        if (kind.equals("source")) {
            if (!block.equals(fileLines)) {
                problems.add(where + " differs from " + path + " (first difference at block line "
                        + (firstDifference(block, fileLines) + 1) + "): copy the file into the page");
            }
        } else if (!containsRun(stripped(fileLines), stripped(block))) {
            problems.add(where + " is not a run of lines of " + path + ": copy them from the file");
        }
    }

    private static List<String> blockAfter(List<String> lines, int markerLine) {
        int open = markerLine + 1;
        while (open < lines.size() && lines.get(open).isBlank()) {
            open++;
        }
        if (open >= lines.size()) {
            return null;
        }
        Matcher fence = FENCE.matcher(lines.get(open));
        if (!fence.matches()) {
            return null;
        }
        int close = open + 1;
        while (close < lines.size() && !lines.get(close).strip().equals(fence.group(1))) {
            close++;
        }
        return close < lines.size() ? lines.subList(open + 1, close) : null;
    }

    private static int firstDifference(List<String> a, List<String> b) {
        int i = 0;
        while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
            i++;
        }
        return i;
    }

    private static List<String> stripped(List<String> lines) {
        return lines.stream().map(String::strip).toList();
    }

    static boolean containsRun(List<String> haystack, List<String> run) {
        assertFalse(run.isEmpty(), "an excerpt shows at least one line");
        for (int start = 0; start + run.size() <= haystack.size(); start++) {
            if (haystack.subList(start, start + run.size()).equals(run)) {
                return true;
            }
        }
        return false;
    }
}
