package io.contextbus.topology;

/**
 * Decides whether a rule is the replay rule of a consumer. Compares the SQL text with whitespace
 * and keyword case normalized, so hand-written files may format the expression freely.
 */
final class ReplayRuleCheck {
    private ReplayRuleCheck() {
    }

    static boolean isReplayRule(RuleDefinition rule, String consumer) {
        if (!(rule.filter() instanceof SqlRuleFilter sql) || rule.action().isPresent()) {
            return false;
        }
        return normalize(sql.sqlExpression()).equals(normalize(ContextBusTopology.replayRuleExpression(consumer)));
    }

    private static String normalize(String sql) {
        StringBuilder out = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'') {
                inString = !inString;
                out.append(c);
            } else if (inString) {
                out.append(c);
            } else if (!Character.isWhitespace(c)) {
                out.append(Character.toLowerCase(c));
            }
        }
        return out.toString();
    }
}
