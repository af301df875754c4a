package io.contextbus.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A snippet turned into a Java source file, with the Markdown line of each generated line.
 * <ul>
 *   <li>A line that is only {@code ...} (a comment may follow) marks elided code and is dropped.</li>
 *   <li>Leading {@code import} lines of the setup and the snippet move to the top of the file,
 *       after the {@link StandardImports}.</li>
 *   <li>A snippet whose top level holds only type declarations (or that declares a {@code package})
 *       is a compilation unit: it compiles as is, its setup added as further top-level types.</li>
 *   <li>Any other snippet is a fragment: it becomes the body of a method that may throw anything,
 *       after its setup statements.</li>
 * </ul>
 * Snippets without a package get their own ({@code snippets.s<n>}), so equal names never collide.
 */
final class SnippetSource {

    /** Marks a generated line, which has no Markdown line. */
    static final int GENERATED = 0;
    /** Marks a line that comes from the snippet's setup comment. */
    static final int SETUP = -1;

    private static final Pattern ELISION = Pattern.compile("^\\.\\.\\.\\s*(//.*)?$");
    private static final Pattern TYPE_KEYWORD = Pattern.compile("\\b(class|interface|enum|record)\\s+\\w+");
    private static final Pattern PUBLIC_TYPE =
            Pattern.compile("(?m)^public\\s+(?:(?:final|abstract|sealed|non-sealed|static)\\s+)*(?:class|interface|enum|record|@interface)\\s+(\\w+)");

    private final Snippet snippet;
    private final String packageName;
    private final String typeName;
    private final List<String> lines = new ArrayList<>();
    private final List<Integer> origins = new ArrayList<>();

    SnippetSource(Snippet snippet, int index) {
        this.snippet = snippet;
        List<String> code = new ArrayList<>(snippet.code());
        for (int i = 0; i < code.size(); i++) {
            if (ELISION.matcher(code.get(i).strip()).matches()) {
                code.set(i, "");
            }
        }
        String ownPackage = code.stream().map(String::strip).filter(l -> l.startsWith("package "))
                .findFirst().map(l -> l.substring(8).replace(";", "").strip()).orElse(null);
        boolean unit = ownPackage != null || isCompilationUnit(code);
        this.packageName = ownPackage != null ? ownPackage : "snippets.s" + index;
        Matcher publicType = PUBLIC_TYPE.matcher(String.join("\n", code));
        this.typeName = unit && publicType.find() ? publicType.group(1) : "Snippet" + index;

        add("package " + packageName + ";", GENERATED);
        StandardImports.declarations().forEach(l -> add(l, GENERATED));
        List<Integer> setupBody = hoistImports(snippet.setup(), i -> SETUP);
        List<Integer> codeBody = hoistImports(code, snippet::lineOf);
        if (unit) {
            codeBody.forEach(i -> {
                String line = code.get(i);
                add(line.strip().startsWith("package ") ? "" : line, snippet.lineOf(i));
            });
            setupBody.forEach(i -> add(snippet.setup().get(i), SETUP));
        } else {
            add("@SuppressWarnings(\"all\") class " + typeName + " {", GENERATED);
            add("void snippet() throws Throwable {", GENERATED);
            setupBody.forEach(i -> add(snippet.setup().get(i), SETUP));
            codeBody.forEach(i -> add(code.get(i), snippet.lineOf(i)));
            add("}}", GENERATED);
        }
    }

    Snippet snippet() {
        return snippet;
    }

    /** The file's path under a source root, e.g. {@code snippets/s3/Snippet3.java}. */
    String relativePath() {
        return packageName.replace('.', '/') + "/" + typeName + ".java";
    }

    String text() {
        return String.join("\n", lines) + "\n";
    }

    /** The Markdown line of generated line {@code line} (1-based), or {@link #GENERATED} / {@link #SETUP}. */
    int origin(long line) {
        return line >= 1 && line <= origins.size() ? origins.get((int) line - 1) : GENERATED;
    }

    private void add(String line, int origin) {
        lines.add(line);
        origins.add(origin);
    }

    /** Adds the leading import lines of {@code source}; returns the indexes of the other lines. */
    private List<Integer> hoistImports(List<String> source, java.util.function.IntUnaryOperator origin) {
        List<Integer> rest = new ArrayList<>();
        boolean header = true;
        for (int i = 0; i < source.size(); i++) {
            String s = source.get(i).strip();
            if (header && s.startsWith("import ")) {
                add(source.get(i), origin.applyAsInt(i));
            } else {
                header = header && (s.isEmpty() || s.startsWith("//") || s.startsWith("package "));
                rest.add(i);
            }
        }
        return rest;
    }

    /** Only type declarations at the top level: no statement ends there, and a type is declared. */
    static boolean isCompilationUnit(List<String> code) {
        StringBuilder top = new StringBuilder();
        int depth = 0;
        String text = String.join("\n", code.stream()
                .map(l -> l.strip().startsWith("import ") ? "" : l).toList());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                i = skipTo(text, i, "\n") - 1;
            } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                i = skipTo(text, i + 2, "*/") + 1;
            } else if (c == '"' || c == '\'') {
                i = skipLiteral(text, i);
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (depth == 0) {
                if (c == ';') {
                    return false;
                }
                top.append(c);
            }
        }
        return TYPE_KEYWORD.matcher(top).find();
    }

    private static int skipTo(String text, int from, String end) {
        int at = text.indexOf(end, from);
        return at < 0 ? text.length() : at;
    }

    private static int skipLiteral(String text, int start) {
        char quote = text.charAt(start);
        if (text.startsWith("\"\"\"", start)) {
            return skipTo(text, start + 3, "\"\"\"") + 2;
        }
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote || c == '\n') {
                return i;
            }
        }
        return text.length();
    }
}
