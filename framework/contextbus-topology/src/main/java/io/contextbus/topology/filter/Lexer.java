package io.contextbus.topology.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a Service Bus SQL filter into tokens: regular identifiers (a letter, then letters, digits
 * or '_'), delimited identifiers ({@code [name]} with {@code ]]}, or {@code "name"} with
 * {@code ""}), string constants ({@code 'it''s'}), integer and decimal/approximate numbers,
 * operators and punctuation. Keywords are recognized case-insensitively and upper-cased.
 */
final class Lexer {
    static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "IS", "NULL", "IN", "LIKE", "ESCAPE", "EXISTS",
            "TRUE", "FALSE");
    private static final Set<String> TWO_CHAR_SYMBOLS = Set.of("<>", "!=", "<=", ">=");
    private static final String ONE_CHAR_SYMBOLS = "=<>+-*/%(),.";

    private final String source;
    private int at;

    private Lexer(String source) {
        this.source = source;
    }

    static List<Token> tokenize(String source) {
        Lexer lexer = new Lexer(source);
        List<Token> tokens = new ArrayList<>();
        Token t;
        do {
            t = lexer.next();
            tokens.add(t);
        } while (t.kind() != Token.Kind.END);
        return tokens;
    }

    private Token next() {
        while (at < source.length() && Character.isWhitespace(source.charAt(at))) {
            at++;
        }
        if (at >= source.length()) {
            return new Token(Token.Kind.END, "", at);
        }
        char c = source.charAt(at);
        if (Character.isLetter(c)) {
            return word();
        }
        if (Character.isDigit(c) || (c == '.' && at + 1 < source.length() && Character.isDigit(source.charAt(at + 1)))) {
            return number();
        }
        return switch (c) {
            case '\'' -> quoted('\'', '\'', Token.Kind.STRING, "a closing quote (') for the string");
            case '[' -> quoted('[', ']', Token.Kind.DELIMITED_IDENTIFIER, "a closing ']' for the property name");
            case '"' -> quoted('"', '"', Token.Kind.DELIMITED_IDENTIFIER, "a closing '\"' for the property name");
            default -> symbol(c);
        };
    }

    private Token word() {
        int start = at;
        while (at < source.length() && (Character.isLetterOrDigit(source.charAt(at)) || source.charAt(at) == '_')) {
            at++;
        }
        String text = source.substring(start, at);
        String upper = text.toUpperCase(Locale.ROOT);
        return KEYWORDS.contains(upper) ? new Token(Token.Kind.KEYWORD, upper, start)
                : new Token(Token.Kind.IDENTIFIER, text, start);
    }

    private Token number() {
        int start = at;
        boolean decimal = false;
        digits();
        if (at < source.length() && source.charAt(at) == '.') {
            decimal = true;
            at++;
            digits();
        }
        if (at < source.length() && (source.charAt(at) == 'e' || source.charAt(at) == 'E')) {
            decimal = true;
            at++;
            if (at < source.length() && (source.charAt(at) == '+' || source.charAt(at) == '-')) {
                at++;
            }
            int exponent = at;
            digits();
            if (at == exponent) {
                throw error(at, "digits of the exponent");
            }
        }
        if (at < source.length() && (Character.isLetter(source.charAt(at)) || source.charAt(at) == '_')) {
            throw error(at, "an operator or space after the number " + source.substring(start, at));
        }
        return new Token(decimal ? Token.Kind.DECIMAL : Token.Kind.INTEGER, source.substring(start, at), start);
    }

    private void digits() {
        while (at < source.length() && Character.isDigit(source.charAt(at))) {
            at++;
        }
    }

    /** A quoted run where the closing character is escaped by doubling it. */
    private Token quoted(char open, char close, Token.Kind kind, String expectedClose) {
        int start = at;
        at++;
        StringBuilder text = new StringBuilder();
        while (true) {
            if (at >= source.length()) {
                throw new FilterSyntaxException(source, start, expectedClose + " opened here",
                        "the end of the expression");
            }
            char c = source.charAt(at++);
            if (c == close) {
                if (at < source.length() && source.charAt(at) == close) {
                    text.append(close);
                    at++;
                } else {
                    break;
                }
            } else {
                text.append(c);
            }
        }
        if (kind == Token.Kind.DELIMITED_IDENTIFIER && text.length() == 0) {
            throw new FilterSyntaxException(source, start, "a property name between " + open + " and " + close,
                    "an empty name");
        }
        return new Token(kind, text.toString(), start);
    }

    private Token symbol(char c) {
        if (at + 1 < source.length()) {
            String two = source.substring(at, at + 2);
            if (TWO_CHAR_SYMBOLS.contains(two)) {
                at += 2;
                return new Token(Token.Kind.SYMBOL, two, at - 2);
            }
        }
        if (ONE_CHAR_SYMBOLS.indexOf(c) >= 0) {
            at++;
            return new Token(Token.Kind.SYMBOL, String.valueOf(c), at - 1);
        }
        throw new FilterSyntaxException(source, at, "an operator, a name, a number or a string",
                "'" + c + "'");
    }

    private FilterSyntaxException error(int position, String expected) {
        String found = position < source.length() ? "'" + source.charAt(position) + "'" : "the end of the expression";
        return new FilterSyntaxException(source, position, expected, found);
    }
}
