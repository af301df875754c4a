package io.contextbus.samples.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The soak's options")
class SoakOptionsTest {

    @Test
    @DisplayName("are read from --name=value arguments")
    void parsed() {
        SoakOptions o = SoakOptions.parse(new String[] {"--commits=100000", "--faults-per-kind=50", "--rate=12",
                "--clients=4", "--products=5", "--seed=99", "--max-pause-ms=10", "--work-dir=x",
                "--converge-timeout-seconds=30", "--topology=ignored-here.json"});

        assertEquals(new SoakOptions(100_000, 50, 12, 4, 5, 99, 10, Path.of("x"), Duration.ofSeconds(30)), o);
        assertEquals(20_000, o.stockPerProduct());
    }

    @Test
    @DisplayName("draw a seed when none is given")
    void default_seed() {
        SoakOptions o = SoakOptions.parse(new String[0]);

        assertEquals(100_000, o.commits());
        assertEquals(50, o.faultsPerKind());
        assertTrue(o.seed() >= 0);
    }

    @Test
    @DisplayName("refuse bad input, naming the option")
    void bad_input() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SoakOptions.parse(new String[] {"--rate=0"}))
                .getMessage().contains("'--rate'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SoakOptions.parse(new String[] {"commits"}))
                .getMessage().contains("--name=value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SoakOptions.parse(new String[] {"--comits=5"}))
                .getMessage().contains("comits"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SoakOptions.parse(new String[] {"--commits=x"}))
                .getMessage().contains("number"));
    }
}
