package io.contextbus.samples.runtime;

import java.util.HashMap;
import java.util.Map;

/** The {@code --name=value} command-line arguments every sample process takes. */
public final class NamedArguments {
    private NamedArguments() {
    }

    /**
     * {@code args} as a map from name to value (the last one wins for a name given twice).
     *
     * @throws SettingException naming an argument that is not of the form {@code --name=value}
     */
    public static Map<String, String> parse(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new SettingException(arg, "'" + arg + "' is not of the form --name=value.");
            }
            a.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return a;
    }
}
