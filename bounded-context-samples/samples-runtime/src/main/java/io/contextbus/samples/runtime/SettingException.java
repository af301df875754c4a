package io.contextbus.samples.runtime;

/**
 * A sample service's setting is missing or bad. {@link #setting()} is the name the operator gave
 * it by: the environment variable (e.g. {@code CONTEXTBUS_STORE}) or the {@code --name} argument.
 * Never transient: the process must be started with other settings.
 */
public final class SettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String setting;

    public SettingException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** The variable or argument that is wrong. */
    public String setting() {
        return setting;
    }
}
