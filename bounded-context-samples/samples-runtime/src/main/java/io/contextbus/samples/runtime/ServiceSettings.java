package io.contextbus.samples.runtime;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a sample context process is started, from {@code --name=value} arguments: its data
 * directory (the SQLite file and the port file), HTTP port (0 picks a free one), the Service Bus
 * connection string (local broker only), the topology file, and optionally the replay service's
 * URL for gap repair (its bearer token comes from the environment variable
 * {@code CONTEXTBUS_REPLAY_TOKEN}, never from the command line), and the number of session
 * buckets its publisher spreads streams over (0 = one session per stream). The samples default
 * to 16 buckets: their streams are many and short (one per order), and acquiring a Service Bus
 * session per stream would cost more than processing it; order per stream holds either way.
 */
public record ServiceSettings(
        String context,
        Path dataDir,
        int httpPort,
        String connectionString,
        Path topologyFile,
        Optional<String> replayUrl,
        Optional<String> replayToken,
        int sessionBuckets) {

    public static final int DEFAULT_SESSION_BUCKETS = 16;

    public static ServiceSettings parse(String context, String[] args) {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || arg.indexOf('=') < 0) {
                throw new IllegalArgumentException("'" + arg + "' is not of the form --name=value.");
            }
            a.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return new ServiceSettings(context,
                Path.of(a.getOrDefault("data-dir", "contextbus-data")),
                number(a, "http-port", 0),
                required(a, "connection-string"),
                Path.of(a.getOrDefault("topology", "infra/topology/contextbus-sample.topology.json")),
                Optional.ofNullable(a.get("replay-url")),
                Optional.ofNullable(System.getenv("CONTEXTBUS_REPLAY_TOKEN")),
                number(a, "session-buckets", DEFAULT_SESSION_BUCKETS));
    }

    private static int number(Map<String, String> args, String name, int fallback) {
        String v = args.get(name);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'--" + name + "' must be a whole number but was '" + v + "'.");
        }
    }

    private static String required(Map<String, String> args, String name) {
        String v = args.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("'--" + name + "' is required.");
        }
        return v;
    }

    /** The file this context writes its HTTP port to once it listens. */
    public Path portFile() {
        return dataDir.resolve(context + ".http-port");
    }
}
