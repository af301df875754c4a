package io.contextbus.topology;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/** Range and name checks shared by the topology records; each failure names the JSON property. */
final class Checks {
    /** Service Bus' default time to live: .NET {@code TimeSpan.MaxValue}, i.e. "never expires". */
    static final Duration MAX_TIME_TO_LIVE = Duration.ofDays(10675199).plusHours(2).plusMinutes(48)
            .plusSeconds(5).plusNanos(477_580_700);
    static final Duration MIN_LOCK = Duration.ofSeconds(5);
    static final Duration MAX_LOCK = Duration.ofMinutes(5);
    static final Duration MIN_DEDUPE_WINDOW = Duration.ofSeconds(20);
    static final Duration MAX_DEDUPE_WINDOW = Duration.ofDays(7);
    static final int MAX_MESSAGE_KB = 102_400;

    /** Queue and topic names: letters, digits, '.', '-', '_', '/'; start and end alphanumeric. */
    static final Pattern ENTITY_NAME = Pattern.compile("[A-Za-z0-9](?:[\\w.\\-/]{0,258}[A-Za-z0-9])?");
    /** Subscription names: as entities but no '/', at most 50 characters. */
    static final Pattern SUBSCRIPTION_NAME = Pattern.compile("[A-Za-z0-9](?:[\\w.\\-]{0,48}[A-Za-z0-9])?");
    /** Rule names: as subscriptions, plus the reserved {@code $Default}. */
    static final Pattern RULE_NAME = Pattern.compile("\\$Default|[A-Za-z0-9](?:[\\w.\\-]{0,48}[A-Za-z0-9])?");

    private Checks() {
    }

    static <T> T notNull(T value, String path) {
        if (value == null) {
            throw new TopologyException(path, "cannot be null.");
        }
        return value;
    }

    static Duration between(Duration value, Duration min, Duration max, String path) {
        notNull(value, path);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new TopologyException(path, "must be between " + IsoDurations.format(min) + " and "
                    + IsoDurations.format(max) + " but was " + IsoDurations.format(value) + ".");
        }
        return value;
    }

    static Duration positive(Duration value, String path) {
        notNull(value, path);
        if (value.isNegative() || value.isZero()) {
            throw new TopologyException(path, "must be positive but was " + value + ".");
        }
        return value;
    }

    static int between(int value, int min, int max, String path) {
        if (value < min || value > max) {
            throw new TopologyException(path, "must be between " + min + " and " + max + " but was "
                    + value + ".");
        }
        return value;
    }

    static String name(String value, Pattern pattern, String rule, String path) {
        notNull(value, path);
        if (!pattern.matcher(value).matches()) {
            throw new TopologyException(path, "must be " + rule + " but was '" + value + "'.");
        }
        return value;
    }

    /** Forwarding targets: absent, or a valid entity name ("" in the file means absent). */
    static Optional<String> forwardTarget(Optional<String> value, String path) {
        notNull(value, path);
        value.ifPresent(v -> name(v, ENTITY_NAME, "an entity name", path));
        return value;
    }
}
