package io.contextbus.model;

import java.util.Map;
import java.util.Optional;

/**
 * The commit headers that carry the W3C trace context active when the commit was appended
 * ({@code traceparent}, {@code tracestate}), and the one check of a {@code traceparent}'s form that
 * every part of contextbus applies before trusting one. Core writes no header itself: a tracing
 * module (contextbus-opentelemetry) adds them at append, the Service Bus adapter copies a
 * well-formed one to the message, a malformed one is ignored everywhere (never an error: a bad
 * header must not stop a send or an apply).
 */
public final class TraceHeaders {
    /** W3C Trace Context {@code traceparent}: {@code 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}. */
    public static final String TRACEPARENT = "traceparent";
    /** W3C Trace Context {@code tracestate}, kept only beside a {@link #TRACEPARENT}. */
    public static final String TRACESTATE = "tracestate";
    /** W3C limit on a {@code tracestate} value (32 members of at most 256 + 1 characters); longer is dropped. */
    public static final int MAX_TRACESTATE_LENGTH = 8192;

    private TraceHeaders() {
    }

    /** The well-formed {@code traceparent} among {@code headers}; empty when absent or malformed. */
    public static Optional<String> traceparent(Map<String, String> headers) {
        String value = headers == null ? null : headers.get(TRACEPARENT);
        return isValidTraceparent(value) ? Optional.of(value) : Optional.empty();
    }

    /** The {@code tracestate} beside a well-formed {@code traceparent}; empty otherwise or when too long. */
    public static Optional<String> tracestate(Map<String, String> headers) {
        if (traceparent(headers).isEmpty()) {
            return Optional.empty();
        }
        String value = headers.get(TRACESTATE);
        return value == null || value.isEmpty() || value.length() > MAX_TRACESTATE_LENGTH ? Optional.empty()
                : Optional.of(value);
    }

    /**
     * Whether {@code value} is a {@code traceparent} of version 00 as W3C Trace Context defines it:
     * lower-case hex fields of 2, 32, 16 and 2 characters, a trace id and a span id not all zeros.
     * Later versions may append fields after a dash; they are accepted as their first four fields.
     */
    public static boolean isValidTraceparent(String value) {
        if (value == null || value.length() < 55 || (value.length() > 55 && value.charAt(55) != '-')) {
            return false;
        }
        if (value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') {
            return false;
        }
        String version = value.substring(0, 2);
        if (!hex(version) || version.equals("ff") || (version.equals("00") && value.length() != 55)) {
            return false;
        }
        String traceId = value.substring(3, 35);
        String spanId = value.substring(36, 52);
        return hex(traceId) && hex(spanId) && hex(value.substring(53, 55)) && !zeros(traceId) && !zeros(spanId);
    }

    private static boolean hex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean zeros(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
