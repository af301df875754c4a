package io.contextbus.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker itself: it finds snippets and their markers, and fails on a broken one, naming it. */
class SnippetCheckerTest {

    static final Path FIXTURES = Path.of("src", "test", "resources", "snippet-fixtures");

    @Nested
    @DisplayName("given a Markdown file whose snippets compile")
    class Good {

        @Test
        void compilesFragmentsWithSetupUnitsAndIndentedFencesAndSkipsPseudoCode(@TempDir Path work) {
            List<Snippet> snippets = SnippetExtractor.extract(Path.of("good.md"), lines("good.md"));

            SnippetCompiler.Result result = compile(snippets, work);

            assertEquals(4, snippets.size());
            assertEquals(List.of(), result.errors());
            assertEquals(3, result.compiled());
            assertEquals(List.of("good.md:28"), result.notJava().stream().map(Snippet::location).toList());
        }

        @Test
        void readsTheSetupCommentAndTheIndentedFence() {
            List<Snippet> snippets = SnippetExtractor.extract(Path.of("good.md"), lines("good.md"));

            assertEquals(List.of("EventStore store = null;", "StreamId streamId = StreamId.of(\"order-1\");"),
                    snippets.get(0).setup());
            assertEquals(9, snippets.get(0).fenceLine());
            assertEquals(List.of("Duration d = Duration.ofSeconds(1);"), snippets.get(3).code());
        }
    }

    @Nested
    @DisplayName("given a Markdown file with broken snippets")
    class Broken {

        @Test
        void namesEachBrokenSnippetByFileAndLineWithTheCompilersMessage(@TempDir Path work) {
            List<Snippet> snippets = SnippetExtractor.extract(Path.of("broken.md"), lines("broken.md"));

            SnippetCompiler.Result result = compile(snippets, work);

            assertEquals(3, result.compiled());
            assertEquals(List.of("broken.md:13", "broken.md:6"), result.brokenSnippets(), result.errors().toString());
            assertTrue(result.errors().stream().anyMatch(e ->
                    e.startsWith("broken.md:6 (java snippet; line 8): cannot find symbol") && e.contains("teleport")),
                    result.errors().toString());
            assertTrue(result.errors().stream().anyMatch(e ->
                    e.startsWith("broken.md:13 (java snippet; line 14): ';' expected")), result.errors().toString());
        }

        @Test
        void anErrorInTheSetupIsNamedAsSuch(@TempDir Path work) {
            Snippet snippet = new Snippet(Path.of("x.md"), 3, List.of("store.close();"),
                    List.of("NoSuchStore store = null;"), false);

            SnippetCompiler.Result result = compile(List.of(snippet), work);

            assertEquals(1, result.errors().size(), result.errors().toString());
            assertTrue(result.errors().get(0)
                    .startsWith("x.md:3 (java snippet; in its snippet-setup comment): cannot find symbol"),
                    result.errors().get(0));
        }

        @Test
        void theRepositoryScanSkipsTheExcludedFixtures() {
            Path moduleRoot = Path.of("").toAbsolutePath();

            List<Snippet> all = SnippetExtractor.scan(moduleRoot, Set.of());
            List<Snippet> withoutFixtures = SnippetExtractor.scan(moduleRoot, Set.of(Path.of("src", "test", "resources")));

            assertTrue(all.stream().anyMatch(s -> s.file().endsWith(Path.of("snippet-fixtures", "broken.md"))));
            assertFalse(withoutFixtures.stream().anyMatch(s -> s.file().toString().contains("snippet-fixtures")));
        }
    }

    @Test
    void tellsCompilationUnitsFromFragments() {
        assertTrue(SnippetSource.isCompilationUnit(List.of("class A { void f() { g(); } }", "record B(int x) { }")));
        assertTrue(SnippetSource.isCompilationUnit(List.of("import java.util.List;", "interface C { String s = \"{\"; }")));
        assertFalse(SnippetSource.isCompilationUnit(List.of("record R(int x) { }", "R r = new R(1);")));
        assertFalse(SnippetSource.isCompilationUnit(List.of("store.close(); // class X { }")));
    }

    private static SnippetCompiler.Result compile(List<Snippet> snippets, Path work) {
        return new SnippetCompiler(System.getProperty("java.class.path"), work).compile(snippets);
    }

    private static List<String> lines(String fixture) {
        try {
            return Files.readAllLines(FIXTURES.resolve(fixture));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
