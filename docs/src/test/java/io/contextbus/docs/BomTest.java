package io.contextbus.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The BOM ({@code bom/pom.xml}) manages exactly the published artifacts (the jar modules under
 * {@code framework/} and {@code replay-service/}, less those that skip deployment, such as the
 * repository's own test support) at the project's version, and the
 * getting-started project asks for that version.
 */
class BomTest {
    private static final Pattern ARTIFACT_ID = Pattern.compile("<artifactId>([^<]+)</artifactId>");
    private static final Pattern VERSION = Pattern.compile("<version>([^<]+)</version>");

    @Test
    @DisplayName("the BOM manages every published module, and nothing else, at the project's version")
    void bomListsThePublishedModules() throws IOException {
        Path root = DocsSnippetsCompileTest.repositoryRoot();
        String bom = Files.readString(root.resolve("bom/pom.xml"));
        String managed = bom.substring(bom.indexOf("<dependencyManagement>"), bom.indexOf("</dependencyManagement>"));

        assertEquals(publishedModules(root), all(ARTIFACT_ID, managed), "the BOM's managed artifacts");
        assertEquals(Set.of("${project.version}"), all(VERSION, managed), "every managed version is the BOM's own");
        assertEquals(projectVersion(root), firstVersion(bom), "the BOM's version is the parent's");
    }

    @Test
    @DisplayName("the getting-started project imports the BOM of this version")
    void gettingStartedAsksForThisVersion() throws IOException {
        Path root = DocsSnippetsCompileTest.repositoryRoot();
        String example = Files.readString(root.resolve("docs/examples/first-context/pom.xml"));

        assertEquals("<contextbus.version>" + projectVersion(root) + "</contextbus.version>",
                find(Pattern.compile("<contextbus\\.version>[^<]+</contextbus\\.version>"), example));
    }

    private static Set<String> publishedModules(Path root) throws IOException {
        Set<String> ids = new TreeSet<>();
        for (String folder : List.of("framework", "replay-service")) {
            try (Stream<Path> modules = Files.list(root.resolve(folder))) {
                for (Path pom : modules.map(m -> m.resolve("pom.xml")).filter(Files::isRegularFile).toList()) {
                    String text = Files.readString(pom);
                    String own = text.substring(text.indexOf("</parent>"));
                    boolean unpublished = own.contains("<maven.deploy.skip>true</maven.deploy.skip>");
                    if (!own.contains("<packaging>pom</packaging>") && !unpublished) {
                        ids.add(find(ARTIFACT_ID, own).replaceAll("</?artifactId>", ""));
                    }
                }
            }
        }
        return ids;
    }

    private static String projectVersion(Path root) throws IOException {
        return firstVersion(Files.readString(root.resolve("pom.xml")));
    }

    private static String firstVersion(String pom) {
        return find(VERSION, pom).replaceAll("</?version>", "");
    }

    private static Set<String> all(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new AssertionError("no " + pattern + " in " + text);
        }
        return m.group();
    }
}
