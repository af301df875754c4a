package io.contextbus.docs;

import java.util.List;

/**
 * The imports every snippet gets without writing them, so that docs can show statements alone.
 * Only on-demand imports: a snippet's own single-type import always wins over them. Add a package
 * here when the docs start showing its API (and its module to this module's pom, test scope).
 */
final class StandardImports {

    static final List<String> PACKAGES = List.of(
            "java.io",
            "java.math",
            "java.net",
            "java.nio.file",
            "java.sql",
            "java.time",
            "java.util",
            "java.util.concurrent",
            "java.util.function",
            "com.fasterxml.jackson.databind",
            "com.fasterxml.jackson.databind.node",
            "com.azure.core.credential",
            "com.azure.identity",
            "com.azure.messaging.servicebus",
            "io.contextbus.codec",
            "io.contextbus.dispatch",
            "io.contextbus.error",
            "io.contextbus.handler",
            "io.contextbus.inbox",
            "io.contextbus.model",
            "io.contextbus.serialization",
            "io.contextbus.store",
            "io.contextbus.topology",
            "io.contextbus.topology.filter",
            "io.contextbus.testkit",
            "io.contextbus.store.sqlite",
            "io.contextbus.store.cosmos",
            "io.contextbus.servicebus",
            "io.contextbus.servicebus.local",
            "io.contextbus.opentelemetry",
            "io.contextbus.replay",
            "io.contextbus.replay.client");

    private StandardImports() {
    }

    /** The import declarations, one per line. */
    static List<String> declarations() {
        return PACKAGES.stream().map(p -> "import " + p + ".*;").toList();
    }
}
