package io.contextbus.topology;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test helpers: the sample topology file and small JSON documents built around one entity. */
final class TopologyFiles {
    private TopologyFiles() {
    }

    static String resource(String name) {
        try (InputStream in = TopologyFiles.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sample() {
        return resource("contextbus-sample.topology.json");
    }

    /** A file with the given JSON as its only topic. */
    static String withTopic(String topicJson) {
        return withEntities("[]", "[" + topicJson + "]");
    }

    /** A file with the given JSON as its only queue. */
    static String withQueue(String queueJson) {
        return withEntities("[" + queueJson + "]", "[]");
    }

    static String withEntities(String queuesJson, String topicsJson) {
        return """
                {"UserConfig": {"Namespaces": [{"Name": "sbemulatorns", "Queues": %s, "Topics": %s}],
                 "Logging": {"Type": "File"}}}
                """.formatted(queuesJson, topicsJson);
    }
}
