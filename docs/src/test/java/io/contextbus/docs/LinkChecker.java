package io.contextbus.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds what in a Markdown file points outside the repository: a relative link that leaves it or
 * names a missing file, or a Markdown file named in the text that is no file of the repository (a
 * reader can only follow what the repository holds).
 */
final class LinkChecker {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern URL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
    /** A Markdown file's name standing alone in the text (not the tail of a path or a URL). */
    private static final Pattern MD_NAME = Pattern.compile("(?<![\\w/.-])([\\w-]+\\.md)\\b");
    private static final Map<Path, Set<String>> MD_NAMES = new ConcurrentHashMap<>();

    private LinkChecker() {
    }

    /** The problems of {@code file}, each as {@code path:line what}, paths relative to {@code root}. */
    static List<String> check(Path root, Path file) {
        Path base = root.toAbsolutePath().normalize();
        Path md = file.toAbsolutePath().normalize();
        List<String> lines;
        try {
            lines = Files.readAllLines(md);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + md + ".", e);
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String where = base.relativize(md).toString().replace('\\', '/') + ":" + (i + 1);
            Matcher named = MD_NAME.matcher(LINK.matcher(lines.get(i)).replaceAll("]")); // link targets: below
            while (named.find()) {
                if (!mdNames(base).contains(named.group(1))) {
                    problems.add(where + " names '" + named.group(1) + "', which is no file of the repository");
                }
            }
            Matcher link = LINK.matcher(lines.get(i));
            while (link.find()) {
                String target = link.group(1);
                if (URL.matcher(target).matches() || target.startsWith("#")) {
                    continue; // a URL, or an anchor in the same page
                }
                Path resolved = md.getParent().resolve(target.replaceAll("#.*$", "")).normalize();
                if (!resolved.startsWith(base)) {
                    problems.add(where + " links outside the repository: " + target);
                } else if (!Files.exists(resolved)) {
                    problems.add(where + " links to a missing file: " + target);
                }
            }
        }
        return problems;
    }

    private static Set<String> mdNames(Path root) {
        return MD_NAMES.computeIfAbsent(root, r -> SnippetExtractor.markdownFiles(r, Set.of()).stream()
                .map(f -> f.getFileName().toString()).collect(Collectors.toSet()));
    }
}
