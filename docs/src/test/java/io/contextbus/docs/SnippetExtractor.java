package io.contextbus.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the fenced {@code java} blocks of Markdown files. A block may be preceded (blank lines
 * allowed in between) by HTML comments, invisible when rendered:
 * {@code <!-- snippet-setup: ... -->} holds declarations the snippet needs (one or more lines), and
 * {@code <!-- snippet: not-java -->} marks deliberate pseudo-code that is not compiled.
 */
final class SnippetExtractor {

    /** Folder names never scanned: dependencies, build output, VCS data. */
    static final Set<String> SKIPPED_FOLDERS = Set.of("node_modules", "target", ".git");

    private static final Pattern OPENING = Pattern.compile("^(\\s*)(`{3,}|~{3,})\\s*([^`\\s]*).*$");
    private static final String SETUP = "snippet-setup:";
    private static final String NOT_JAVA = "snippet: not-java";

    private SnippetExtractor() {
    }

    /**
     * Every snippet of every {@code *.md} file under {@code root}, skipping {@link #SKIPPED_FOLDERS}
     * and the given folders (relative to {@code root}); files in path order.
     */
    static List<Snippet> scan(Path root, Set<Path> excluded) {
        Objects.requireNonNull(root, "'root' cannot be null.");
        Path base = root.toAbsolutePath().normalize();
        List<Snippet> snippets = new ArrayList<>();
        for (Path file : markdownFiles(base, excluded)) {
            snippets.addAll(extract(base.relativize(file), read(file)));
        }
        return snippets;
    }

    /** Every {@code *.md} file under {@code root}, in path order, skipping as {@link #scan} does. */
    static List<Path> markdownFiles(Path root, Set<Path> excluded) {
        Path base = root.toAbsolutePath().normalize();
        Set<Path> skip = excluded.stream().map(p -> base.resolve(p).normalize()).collect(Collectors.toSet());
        try (Stream<Path> files = Files.walk(base)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .filter(Files::isRegularFile)
                    .filter(p -> !inSkippedFolder(base, p, skip))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot scan " + base + " for Markdown files.", e);
        }
    }

    /** The snippets of one Markdown text; {@code file} names it in the snippets. */
    static List<Snippet> extract(Path file, List<String> lines) {
        List<Snippet> snippets = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher opening = OPENING.matcher(lines.get(i));
            if (!opening.matches()) {
                continue;
            }
            String indent = opening.group(1);
            String fence = opening.group(2);
            List<String> code = new ArrayList<>();
            int j = i + 1;
            while (j < lines.size() && !isClosing(lines.get(j), fence)) {
                code.add(stripIndent(lines.get(j), indent.length()));
                j++;
            }
            if (!opening.group(3).equals("java")) {
                i = j; // another language: its content, even a java fence shown as text, is no snippet
                continue;
            }
            List<String> setup = new ArrayList<>();
            boolean notJava = readMarkers(lines, i, setup);
            snippets.add(new Snippet(file, i + 1, code, setup, notJava));
            i = j;
        }
        return snippets;
    }

    /** Reads the HTML comments just above line {@code fence} into {@code setup}; returns "not-java". */
    private static boolean readMarkers(List<String> lines, int fence, List<String> setup) {
        boolean notJava = false;
        int k = fence - 1;
        while (k >= 0) {
            while (k >= 0 && lines.get(k).isBlank()) {
                k--;
            }
            if (k < 0 || !lines.get(k).strip().endsWith("-->")) {
                break;
            }
            int end = k;
            while (k >= 0 && !lines.get(k).contains("<!--")) {
                k--;
            }
            if (k < 0) {
                break;
            }
            String comment = String.join("\n", lines.subList(k, end + 1)).strip();
            comment = comment.substring(comment.indexOf("<!--") + 4, comment.lastIndexOf("-->")).strip();
            if (comment.equals(NOT_JAVA)) {
                notJava = true;
            } else if (comment.startsWith(SETUP)) {
                setup.addAll(0, comment.substring(SETUP.length()).strip().lines().toList());
            }
            k--;
        }
        return notJava;
    }

    /** CommonMark: the same character, at least as many, nothing else on the line. */
    private static boolean isClosing(String line, String fence) {
        String s = line.strip();
        return s.startsWith(fence) && s.chars().allMatch(c -> c == fence.charAt(0));
    }

    private static String stripIndent(String line, int indent) {
        int n = 0;
        while (n < indent && n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return line.substring(n);
    }

    private static boolean inSkippedFolder(Path base, Path file, Set<Path> excluded) {
        for (Path dir = file.getParent(); dir != null && dir.startsWith(base) && !dir.equals(base); dir = dir.getParent()) {
            if (SKIPPED_FOLDERS.contains(dir.getFileName().toString()) || excluded.contains(dir)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ".", e);
        }
    }
}
