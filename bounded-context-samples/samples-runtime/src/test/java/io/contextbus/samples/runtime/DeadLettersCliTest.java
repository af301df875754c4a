package io.contextbus.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line refuses bad arguments itself (exit 2, naming what is missing) before any request. */
class DeadLettersCliTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''|usage: DeadLettersCli",
            "purge --url http://127.0.0.1:1 --source ordering|usage: DeadLettersCli",
            "list --url http://127.0.0.1:1|'--source' is missing",
            "peek --url http://127.0.0.1:1 --source ordering|'--seq' is missing",
            "discard --url http://127.0.0.1:1 --source ordering --seq 3 --by alice|'--why' is missing",
            "resubmit --url http://127.0.0.1:1 --source ordering|'--seq', '--stream' or '--all true' is missing",
            "resubmit --url http://127.0.0.1:1 --source ordering --all yes|'--seq', '--stream' or '--all true' is missing",
            "list --url http://127.0.0.1:1 --source|'--source' needs a value"})
    void bad_arguments_exit_2_naming_the_problem(String line, String expected) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        int exit = DeadLettersCli.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(expected), err.toString(StandardCharsets.UTF_8));
    }
}
