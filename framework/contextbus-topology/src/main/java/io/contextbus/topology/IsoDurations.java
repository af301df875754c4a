package io.contextbus.topology;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ISO-8601 durations as Service Bus, ARM/Bicep and the emulator's Config.json write them
 * ({@code PT1M}, {@code P14D}, {@code P10675199DT2H48M5.4775807S}). Years and months count as 365
 * and 30 days, as .NET's {@code XmlConvert.ToTimeSpan} does, because these files come from .NET
 * tooling.
 */
final class IsoDurations {
    private static final Pattern ISO = Pattern.compile(
            "P(?:(\\d{1,9})Y)?(?:(\\d{1,9})M)?(?:(\\d{1,9})W)?(?:(\\d{1,9})D)?"
                    + "(?:T(?:(\\d{1,12})H)?(?:(\\d{1,12})M)?(?:(\\d{1,12}(?:\\.\\d{1,9})?)S)?)?");

    private IsoDurations() {
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} saying why it is not a duration. */
    static Duration parse(String text) {
        Matcher m = ISO.matcher(text);
        if (!m.matches() || text.equals("P") || text.endsWith("T")) {
            throw new IllegalArgumentException("must be an ISO-8601 duration such as PT1M or P14D but was '"
                    + text + "'.");
        }
        long days = number(m, 1) * 365 + number(m, 2) * 30 + number(m, 3) * 7 + number(m, 4);
        Duration d = Duration.ofDays(days).plusHours(number(m, 5)).plusMinutes(number(m, 6));
        if (m.group(7) != null) {
            BigDecimal seconds = new BigDecimal(m.group(7));
            d = d.plusSeconds(seconds.longValue())
                    .plusNanos(seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        return d;
    }

    private static long number(Matcher m, int group) {
        return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
    }

    /** Writes {@code d} with days, hours, minutes and (fractional) seconds; {@code PT0S} for zero. */
    static String format(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative duration " + d);
        }
        if (d.isZero()) {
            return "PT0S";
        }
        StringBuilder b = new StringBuilder("P");
        long days = d.toDays();
        if (days > 0) {
            b.append(days).append('D');
        }
        Duration rest = d.minusDays(days);
        if (!rest.isZero()) {
            b.append('T');
            appendIfPositive(b, rest.toHours(), 'H');
            appendIfPositive(b, rest.toMinutesPart(), 'M');
            if (rest.toSecondsPart() > 0 || rest.toNanosPart() > 0) {
                BigDecimal seconds = BigDecimal.valueOf(rest.toSecondsPart())
                        .add(BigDecimal.valueOf(rest.toNanosPart(), 9)).stripTrailingZeros();
                b.append(seconds.toPlainString()).append('S');
            }
        }
        return b.toString();
    }

    private static void appendIfPositive(StringBuilder b, long value, char unit) {
        if (value > 0) {
            b.append(value).append(unit);
        }
    }
}
