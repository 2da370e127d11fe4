package io.kanthorq.core.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Records what a reliability scenario counted (published, tasks, handled, duplicates, lost, recovery
 * time) as a line of {@code target/reliability-figures.md}, the source of the README's table.
 */
public final class ReliabilityFigures {

    private static final Path FILE = Path.of("target", "reliability-figures.md");

    private ReliabilityFigures() {}

    /** Figures in the order given: name, value, name, value, … */
    public static Map<String, Object> figures(Object... namesAndValues) {
        Map<String, Object> figures = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            figures.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return figures;
    }

    /** Appends one scenario's figures, in the order given. */
    public static synchronized void record(String scenario, Map<String, ?> figures) {
        String line = "| " + scenario + " | " + (Soak.enabled() ? "long" : "short") + " | "
                + figures.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", "))
                + " |\n";
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.print("reliability figures: " + line);
    }
}
