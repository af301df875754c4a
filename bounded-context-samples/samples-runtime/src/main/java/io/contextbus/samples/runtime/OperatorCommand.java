package io.contextbus.samples.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the operators' command lines ({@link HoldsCli}, {@link DeadLettersCli}) share: a command
 * name followed by {@code --name value} pairs, checked against the options each command requires;
 * one request to the context's API, whose JSON answer is printed (standard output on 2xx, standard
 * error otherwise). Exit codes: 0 on a 2xx answer, 1 on another answer, 2 on bad arguments.
 */
final class OperatorCommand {
    private final String usage;
    private final Map<String, List<String>> required;

    /** {@code required}: per command, the options it cannot do without. */
    OperatorCommand(String usage, Map<String, List<String>> required) {
        this.usage = usage;
        this.required = required;
    }

    /**
     * The options of {@code args} (command first), or empty after printing what is wrong and the
     * usage to {@code err}.
     */
    Optional<Map<String, String>> options(String[] args, PrintStream err) {
        if (args.length == 0 || !required.containsKey(args[0])) {
            err.println(usage);
            return Optional.empty();
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                err.println("'" + args[i] + "' needs a value. " + usage);
                return Optional.empty();
            }
            options.put(args[i].substring(2), args[++i]);
        }
        for (String option : required.get(args[0])) {
            if (!options.containsKey(option)) {
                err.println("'--" + option + "' is missing. " + usage);
                return Optional.empty();
            }
        }
        return Optional.of(options);
    }

    /** Prints {@code why} and the usage; returns the exit code for bad arguments. */
    int refuse(String why, PrintStream err) {
        err.println(why + " " + usage);
        return 2;
    }

    /** Sends {@code request}, prints its answer; returns the exit code. */
    static int send(HttpRequest request, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        boolean ok = response.statusCode() / 100 == 2;
        (ok ? out : err).println(response.body());
        return ok ? 0 : 1;
    }
}
