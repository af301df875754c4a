package io.contextbus.samples.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.samples.common.contracts.ContractJson;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operators' command line for held streams, a client of a context's {@code /holds} API
 * ({@link HoldsApi}):
 * <pre>
 * java -cp samples-runtime.jar:... io.contextbus.samples.runtime.HoldsCli list   --url http://127.0.0.1:8082
 * ... HoldsCli retry  --url URL --source ordering --stream order-7
 * ... HoldsCli skip   --url URL --source ordering --stream order-7 --seq 3 --by alice --why "bad quantity"
 * ... HoldsCli replay --url URL --source ordering --stream order-7
 * </pre>
 * Prints the API's JSON answer; exits 0 on a 2xx answer, 1 on another answer, 2 on bad arguments.
 */
public final class HoldsCli {
    private static final OperatorCommand COMMAND = new OperatorCommand(
            "usage: HoldsCli list|retry|skip|replay --url URL [--source S --stream ID] [--seq N --by WHO --why WHY]",
            Map.of("list", List.of("url"),
                    "retry", List.of("url", "source", "stream"),
                    "replay", List.of("url", "source", "stream"),
                    "skip", List.of("url", "source", "stream", "seq", "by", "why")));

    private HoldsCli() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        Optional<Map<String, String>> options = COMMAND.options(args, err);
        return options.isEmpty() ? 2 : OperatorCommand.send(request(args[0], options.get()), out, err);
    }

    private static HttpRequest request(String command, Map<String, String> o) {
        String base = o.get("url").replaceAll("/+$", "");
        HttpRequest.Builder b = HttpRequest.newBuilder().timeout(Duration.ofSeconds(60));
        if (command.equals("list")) {
            return b.uri(URI.create(base + "/holds")).GET().build();
        }
        ObjectNode body = ContractJson.mapper().createObjectNode();
        body.put("source", o.get("source"));
        body.put("streamId", o.get("stream"));
        if (command.equals("skip")) {
            try {
                body.put("commitSequence", Long.parseLong(o.get("seq")));
            } catch (NumberFormatException e) {
                // the API names the field: send it as it is
                body.put("commitSequence", o.get("seq"));
            }
            body.put("by", o.get("by"));
            body.put("why", o.get("why"));
        }
        return b.uri(URI.create(base + "/holds/" + command)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }
}
