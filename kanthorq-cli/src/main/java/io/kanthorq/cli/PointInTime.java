package io.kanthorq.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/**
 * A time on the command line: an ISO-8601 instant ({@code 2025-06-01T10:00:00Z}), a date-time with
 * offset, a local date-time or date (this machine's zone), or a duration meaning "that long ago"
 * ({@code 15m}, {@code 2h}, {@code 7d}).
 */
final class PointInTime implements CommandLine.ITypeConverter<Instant> {

    @Override
    public Instant convert(String value) {
        String text = value.trim();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            // try the other forms
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            // next
        }
        try {
            return LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException notLocal) {
            // next
        }
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException notDate) {
            // next
        }
        try {
            Duration ago = Durations.parse(text);
            return Instant.now().minus(ago);
        } catch (CommandLine.TypeConversionException notDuration) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a time: give an ISO-8601 time"
                    + " (2025-06-01T10:00:00Z, 2025-06-01) or how long ago (15m, 2h, 7d)");
        }
    }
}
