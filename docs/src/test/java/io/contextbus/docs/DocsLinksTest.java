package io.contextbus.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The docs never point outside the repository: every relative Markdown link resolves to a file or
 * folder inside it, and every Markdown file the text names is a file of the repository.
 */
class DocsLinksTest {

    @Test
    void everyRelativeLinkInTheDocsStaysInsideTheRepositoryAndExists() {
        Path root = DocsSnippetsCompileTest.repositoryRoot();

        List<String> problems = SnippetExtractor.markdownFiles(root, java.util.Set.of(DocsSnippetsCompileTest.FIXTURES))
                .stream().flatMap(file -> LinkChecker.check(root, file).stream()).toList();

        assertEquals(List.of(), problems, "docs that point outside the repository:\n" + String.join("\n", problems));
    }

    @Test
    void theCheckerNamesEachLinkThatLeavesTheRepositoryOrIsMissing() {
        Path fixtures = SnippetCheckerTest.FIXTURES.toAbsolutePath();

        List<String> problems = LinkChecker.check(fixtures, fixtures.resolve("links.md"));

        assertEquals(List.of(
                "links.md:3 names 'NOTES.md', which is no file of the repository",
                "links.md:5 links outside the repository: ../outside.md",
                "links.md:7 links to a missing file: missing.md#part",
                "links.md:9 links outside the repository: ../../../../../../elsewhere/notes.md"), problems);
    }
}
