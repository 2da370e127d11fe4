package io.kanthorq.cli;

import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.Names;
import picocli.CommandLine;

/**
 * Stream and consumer names on the command line, validated while the arguments are parsed (before any
 * connection is made), with the engine's own rule and message.
 */
final class EntityName {

    private EntityName() {}

    /** A consumer name ({@code ^[a-z][a-z0-9_]{0,44}$}). */
    static final class Consumer implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return valid("consumer", value);
        }
    }

    /** A stream name ({@code ^[a-z][a-z0-9_]{0,44}$}). */
    static final class Stream implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return valid("stream", value);
        }
    }

    private static String valid(String what, String value) {
        try {
            return Names.requireValid(what, value);
        } catch (InvalidInputException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
