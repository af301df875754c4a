package io.contextbus.topology.filter;

/** One token of a SQL filter: its kind, its text (unescaped for strings and delimited names) and offset. */
record Token(Kind kind, String text, int position) {

    enum Kind { IDENTIFIER, DELIMITED_IDENTIFIER, KEYWORD, STRING, INTEGER, DECIMAL, SYMBOL, END }

    boolean is(Kind k, String value) {
        return kind == k && text.equals(value);
    }

    boolean isKeyword(String keyword) {
        return is(Kind.KEYWORD, keyword);
    }

    boolean isSymbol(String symbol) {
        return is(Kind.SYMBOL, symbol);
    }

    /** How error messages show this token. */
    String describe() {
        return switch (kind) {
            case END -> "the end of the expression";
            case STRING -> "the string '" + text.replace("'", "''") + "'";
            case DELIMITED_IDENTIFIER -> "[" + text + "]";
            default -> "'" + text + "'";
        };
    }
}
