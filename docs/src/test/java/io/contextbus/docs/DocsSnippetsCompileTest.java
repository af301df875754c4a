package io.contextbus.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fenced {@code java} block of every Markdown file in the repository compiles against the
 * modules' classes. Fails listing each broken snippet by file and line, with the compiler's message.
 */
class DocsSnippetsCompileTest {

    /** This module's own fixtures hold deliberately broken snippets. */
    static final Path FIXTURES = Path.of("docs", "src", "test", "resources");

    @Test
    void everyJavaSnippetInTheDocsCompiles(@TempDir Path work) {
        Path root = repositoryRoot();
        List<Snippet> snippets = SnippetExtractor.scan(root, Set.of(FIXTURES));
        assertTrue(snippets.size() >= 10, "found only " + snippets.size() + " java snippets under " + root
                + "; is contextbus.repository.root right?");

        SnippetCompiler.Result result = new SnippetCompiler(System.getProperty("java.class.path"), work).compile(snippets);

        long files = snippets.stream().map(Snippet::file).distinct().count();
        System.out.println("docs snippets: " + snippets.size() + " java snippets in " + files + " Markdown files; "
                + result.compiled() + " compiled, " + result.notJava().size() + " marked not-java"
                + (result.notJava().isEmpty() ? "" : ": " + result.notJava().stream().map(Snippet::location).toList()));
        if (!result.errors().isEmpty()) {
            fail(result.brokenSnippets().size() + " java snippet(s) in the docs do not compile:\n"
                    + String.join("\n", result.errors()));
        }
    }

    static Path repositoryRoot() {
        String configured = System.getProperty("contextbus.repository.root");
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
        root = root.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("CHANGELOG.md")) || !Files.isDirectory(root.resolve("docs"))) {
            throw new IllegalStateException("'contextbus.repository.root' is not the repository root: " + root);
        }
        return root;
    }
}
