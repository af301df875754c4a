package io.contextbus.samples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.servicebus.local.LocalServiceBus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The samples are the reference for users: they may use contextbus and the Azure SDK only through
 * their public API. Scans every compiled class of every sample module for a reference to an
 * {@code implementation} (or older {@code internal}) package of contextbus or the Azure SDK.
 */
class PublicApiOnlyTest {
    private static final Pattern FORBIDDEN = Pattern.compile(
            "(io/contextbus|com/azure)/[\\w/$]*/(implementation|internal)/"
                    + "|(io\\.contextbus|com\\.azure)\\.[\\w.$]*\\.(implementation|internal)\\.");
    private static final List<String> SAMPLE_MODULES = List.of(
            "samples-common", "samples-runtime", "ordering", "inventory", "shipping", "billing", "demo");

    private static List<String> violations(String className, byte[] bytes) throws IOException {
        List<String> found = new ArrayList<>();
        for (String constant : ClassReferences.utf8Constants(bytes)) {
            if (FORBIDDEN.matcher(constant).find()) {
                found.add(className + " -> " + constant);
            }
        }
        return found;
    }

    @Test
    @DisplayName("no sample class refers to an internal or implementation class of the framework or the SDK")
    void samples_use_the_public_api_only() throws IOException {
        List<String> found = new ArrayList<>();
        int scanned = 0;
        for (String module : SAMPLE_MODULES) {
            Path classes = Path.of("..", module, "target", "classes");
            assertTrue(Files.isDirectory(classes), "compiled classes of " + module + " not found at " + classes.toAbsolutePath());
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    found.addAll(violations(classes.relativize(f).toString(), Files.readAllBytes(f)));
                    scanned++;
                }
            }
        }
        assertTrue(scanned > 60, "expected the samples' classes, scanned only " + scanned);
        assertEquals(List.of(), found);
    }

    @Test
    @DisplayName("the scan does find an implementation reference where there is one")
    void the_scan_catches_an_internal_reference() throws IOException {
        // LocalServiceBus is public API built on the broker's implementation package: the scan must see that.
        try (InputStream in = LocalServiceBus.class.getResourceAsStream("LocalServiceBus.class")) {
            List<String> found = violations("LocalServiceBus", in.readAllBytes());
            assertFalse(found.isEmpty(), "the scan missed io.contextbus.servicebus.local.implementation references");
        }
    }
}
