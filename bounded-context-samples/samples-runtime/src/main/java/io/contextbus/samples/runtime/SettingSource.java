package io.contextbus.samples.runtime;

import java.util.Map;
import java.util.Optional;

/** Arguments over environment variables; errors name whichever the value came from. */
final class SettingSource {
    private final Map<String, String> args;
    private final Map<String, String> env;

    SettingSource(Map<String, String> args, Map<String, String> env) {
        this.args = args;
        this.env = env == null ? Map.of() : env;
    }

    /** Whether the process was started the demo's way (with arguments). */
    boolean fromArguments() {
        return !args.isEmpty();
    }

    boolean hasArgument(String arg) {
        return args.containsKey(arg);
    }

    Optional<String> value(String arg, String variable) {
        if (arg != null && args.containsKey(arg)) {
            return Optional.of(args.get(arg));
        }
        return variable == null ? Optional.empty() : Optional.ofNullable(env.get(variable)).filter(v -> !v.isBlank());
    }

    int number(String arg, String variable, int fallback) {
        String name = arg != null && args.containsKey(arg) ? "--" + arg : variable;
        Optional<String> v = value(arg, variable);
        try {
            return v.map(Integer::parseInt).orElse(fallback);
        } catch (NumberFormatException e) {
            throw new SettingException(name, "'" + name + "' must be a whole number but was '" + v.get() + "'.");
        }
    }

    int port(String arg, String variable) {
        int port = number(arg, variable, 0);
        if (port < 0 || port > 65_535) {
            String name = arg != null && args.containsKey(arg) ? "--" + arg : variable;
            throw new SettingException(name, "'" + name + "' must be a port (0..65535) but was " + port + ".");
        }
        return port;
    }

    /** {@code on} or {@code off}; {@code fallback} when unset. */
    boolean onOff(String arg, String variable, boolean fallback) {
        String name = arg != null && args.containsKey(arg) ? "--" + arg : variable;
        Optional<String> v = value(arg, variable);
        if (v.isEmpty()) {
            return fallback;
        }
        return switch (v.get()) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new SettingException(name, "'" + name + "' must be 'on' or 'off' but was '" + v.get() + "'.");
        };
    }
}
