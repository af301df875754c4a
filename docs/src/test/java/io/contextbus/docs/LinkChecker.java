package io.contextbus.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what in a Markdown file points outside the repository: a relative link that leaves it or
 * names a missing file, or a mention of the design notes that are kept outside it.
 */
final class LinkChecker {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern URL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
    private static final Pattern OUTSIDE = Pattern.compile("DESIGN\\.md|\\.\\./shared/|/work/shared");

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
            Matcher outside = OUTSIDE.matcher(lines.get(i));
            if (outside.find()) {
                problems.add(where + " names '" + outside.group() + "', which is not in the repository");
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
}
