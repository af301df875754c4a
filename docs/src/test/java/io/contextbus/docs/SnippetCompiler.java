package io.contextbus.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles snippets with the JDK's compiler against a class path, in one run, and reports each
 * error at the Markdown file and line it comes from, with the compiler's message.
 */
final class SnippetCompiler {

    /** The outcome: how many snippets were compiled, which were skipped, and every error. */
    record Result(int compiled, List<Snippet> notJava, List<String> errors) {

        Result {
            notJava = List.copyOf(notJava);
            errors = List.copyOf(errors);
        }

        /** The broken snippets' locations ({@code file:fenceLine}), without duplicates. */
        List<String> brokenSnippets() {
            return errors.stream().map(e -> e.substring(0, e.indexOf(' '))).distinct().toList();
        }
    }

    private final String classPath;
    private final Path workDir;

    SnippetCompiler(String classPath, Path workDir) {
        this.classPath = Objects.requireNonNull(classPath, "'classPath' cannot be null.");
        this.workDir = Objects.requireNonNull(workDir, "'workDir' cannot be null.");
    }

    Result compile(List<Snippet> snippets) {
        Path sources = workDir.resolve("src");
        Path classes = workDir.resolve("classes");
        List<SnippetSource> toCompile = new ArrayList<>();
        List<Snippet> notJava = new ArrayList<>();
        for (Snippet snippet : snippets) {
            if (snippet.notJava()) {
                notJava.add(snippet);
            } else {
                toCompile.add(new SnippetSource(snippet, toCompile.size() + 1));
            }
        }
        if (toCompile.isEmpty()) {
            return new Result(0, notJava, List.of());
        }
        Map<Path, SnippetSource> byFile = new HashMap<>();
        try {
            Files.createDirectories(classes);
            for (SnippetSource source : toCompile) {
                Path file = sources.resolve(source.relativePath()).toAbsolutePath().normalize();
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.text());
                byFile.put(file, source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the snippets' sources under " + workDir + ".", e);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("No Java compiler in this runtime: run the build on a JDK, not a JRE.");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<String> options = List.of("-classpath", classPath, "-d", classes.toString(),
                    "-proc:none", "-implicit:none", "-nowarn", "-Xmaxerrs", "100000",
                    // report errors of every snippet, not only of those parsed before the first error
                    "-XDshould-stop.ifError=FLOW");
            javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(byFile.keySet())).call();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the compiler's file manager.", e);
        }
        TreeSet<String> errors = new TreeSet<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(describe(d, byFile));
            }
        }
        return new Result(toCompile.size(), notJava, new ArrayList<>(errors));
    }

    private static String describe(Diagnostic<? extends JavaFileObject> d, Map<Path, SnippetSource> byFile) {
        String message = d.getMessage(Locale.ROOT);
        SnippetSource source = d.getSource() == null ? null
                : byFile.get(Path.of(d.getSource().toUri()).toAbsolutePath().normalize());
        if (source == null) {
            return "(no snippet) " + message;
        }
        Snippet snippet = source.snippet();
        int origin = source.origin(d.getLineNumber());
        String where = switch (origin) {
            case SnippetSource.GENERATED -> "in the code generated around the snippet";
            case SnippetSource.SETUP -> "in its snippet-setup comment";
            default -> "line " + origin;
        };
        return snippet.location() + " (java snippet; " + where + "): " + message
                + "\n    | " + sourceLine(source, d.getLineNumber());
    }

    private static String sourceLine(SnippetSource source, long line) {
        List<String> lines = source.text().lines().toList();
        return line >= 1 && line <= lines.size() ? lines.get((int) line - 1).strip() : "";
    }
}
