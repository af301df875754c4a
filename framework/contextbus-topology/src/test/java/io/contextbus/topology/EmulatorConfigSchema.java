package io.contextbus.topology;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.regex.JDKRegularExpressionFactory;
import java.util.List;

/**
 * The official emulator's Config.json schema (test data under {@code emulator-schema/}, source and
 * licence in its README) and a checker over it. Public because emulator-tests validates its own
 * Config.json with it through this module's test-jar.
 */
public final class EmulatorConfigSchema {
    private static final Schema SCHEMA = load();

    private EmulatorConfigSchema() {
    }

    private static Schema load() {
        // java.util.regex reads the schema's name pattern [\w-\.\/] as the emulator does; a
        // Unicode-mode (ECMAScript 'u') engine would refuse it.
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .regularExpressionFactory(JDKRegularExpressionFactory.getInstance()).build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
                b -> b.schemaRegistryConfig(config));
        return registry.getSchema(TopologyFiles.resource("emulator-schema/Config-schema.json"), InputFormat.JSON);
    }

    /** What the schema finds wrong with {@code configJson}, one line per error; empty when valid. */
    public static List<String> errors(String configJson) {
        List<Error> errors = SCHEMA.validate(configJson, InputFormat.JSON);
        return errors.stream().map(Error::toString).toList();
    }
}
