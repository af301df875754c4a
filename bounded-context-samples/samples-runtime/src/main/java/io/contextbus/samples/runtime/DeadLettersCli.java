package io.contextbus.samples.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.samples.common.contracts.ContractJson;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operators' command line for dead letters, a client of a context's {@code /deadletters} API
 * ({@link DeadLettersApi}), with {@link HoldsCli}'s conventions:
 * <pre>
 * java -cp samples-runtime.jar:... io.contextbus.samples.runtime.DeadLettersCli list --url http://127.0.0.1:8082 --source ordering [--from N] [--max M]
 * ... DeadLettersCli peek     --url URL --source ordering --seq 17
 * ... DeadLettersCli resubmit --url URL --source ordering --seq 17
 * ... DeadLettersCli resubmit --url URL --source ordering --stream order-7   (or --all true)
 * ... DeadLettersCli discard  --url URL --source ordering --seq 17 --by alice --why "test message"
 * </pre>
 * Prints the API's JSON answer; exits 0 on a 2xx answer, 1 on another answer, 2 on bad arguments.
 */
public final class DeadLettersCli {
    private static final OperatorCommand COMMAND = new OperatorCommand(
            "usage: DeadLettersCli list|peek|resubmit|discard --url URL --source S"
                    + " [--seq N | --stream ID | --all true] [--from N --max M] [--by WHO --why WHY]",
            Map.of("list", List.of("url", "source"),
                    "peek", List.of("url", "source", "seq"),
                    "resubmit", List.of("url", "source"),
                    "discard", List.of("url", "source", "seq", "by", "why")));

    private DeadLettersCli() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        Optional<Map<String, String>> parsed = COMMAND.options(args, err);
        if (parsed.isEmpty()) {
            return 2;
        }
        Map<String, String> options = parsed.get();
        if (args[0].equals("resubmit") && !options.containsKey("seq") && !options.containsKey("stream")
                && !"true".equals(options.get("all"))) {
            return COMMAND.refuse("'--seq', '--stream' or '--all true' is missing.", err);
        }
        return OperatorCommand.send(request(args[0], options), out, err);
    }

    private static HttpRequest request(String command, Map<String, String> o) {
        String base = o.get("url").replaceAll("/+$", "") + "/deadletters";
        HttpRequest.Builder b = HttpRequest.newBuilder().timeout(Duration.ofSeconds(120));
        String source = o.get("source");
        if (command.equals("list")) {
            StringBuilder q = new StringBuilder("?source=").append(encode(source));
            if (o.containsKey("from")) {
                q.append("&from=").append(encode(o.get("from")));
            }
            if (o.containsKey("max")) {
                q.append("&max=").append(encode(o.get("max")));
            }
            return b.uri(URI.create(base + q)).GET().build();
        }
        if (command.equals("peek")) {
            return b.uri(URI.create(base + "/" + encode(source) + "/" + encode(o.get("seq")))).GET().build();
        }
        ObjectNode body = ContractJson.mapper().createObjectNode();
        body.put("source", source);
        if (o.containsKey("seq")) {
            try {
                body.put("sequenceNumber", Long.parseLong(o.get("seq")));
            } catch (NumberFormatException e) {
                // the API names the field: send it as it is
                body.put("sequenceNumber", o.get("seq"));
            }
        } else if (o.containsKey("stream")) {
            body.put("streamId", o.get("stream"));
        } else {
            body.put("all", true);
        }
        if (command.equals("discard")) {
            body.put("by", o.get("by"));
            body.put("why", o.get("why"));
        }
        return b.uri(URI.create(base + "/" + command)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
