package io.kanthorq.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanthorq.dashboard.DashboardProperties;
import io.kanthorq.spring.autoconfigure.KanthorqProperties;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the README's property tables (those headed {@code | property | default | meaning |}) true.
 * Every {@code kanthorq.*} row must name a property that exists and show its real default:
 * <ul>
 *   <li>top-level rows against the starter's {@code META-INF/spring-configuration-metadata.json}
 *       (both ways: a property in the metadata must have a row) and against a fresh
 *       {@link KanthorqProperties};</li>
 *   <li>per-consumer rows ({@code kanthorq.consumers.<name>.…}, map values the configuration processor
 *       cannot describe) against the properties of {@link KanthorqProperties.Consumer}, both ways, and
 *       per-schedule rows ({@code kanthorq.schedules.<name>.…}) against {@link KanthorqProperties.Schedule}.</li>
 * </ul>
 * A default cell holds the value in backticks ({@code `5m`}, {@code `[]`}), or "required" / "—" when
 * there is none.
 */
class ReadmePropertiesTest {

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`(kanthorq\\.[^`]+)`\\s*\\|([^|]*)\\|");
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");
    /** The header of a property table; other tables (metrics, …) are not read. */
    private static final String PROPERTY_TABLE_HEADER = "|property|default|meaning|";

    private static final String CONSUMER_PREFIX = "kanthorq.consumers.<name>.";
    private static final String SCHEDULE_PREFIX = "kanthorq.schedules.<name>.";
    private static final String DEFAULTS_PREFIX = "kanthorq.consumer-defaults.";
    private static final String DASHBOARD_PREFIX = "kanthorq.dashboard.";
    private static final ConversionService conversion = ApplicationConversionService.getSharedInstance();

    /** A README row: the property and its default cell (null when it shows none). */
    private record Row(String property, String defaultValue) {}

    @Test
    void everyTopLevelPropertyIsDocumentedWithItsDefault() throws IOException {
        Map<String, JsonNode> metadata = starterMetadata();
        Map<String, Row> rows = readmeRows();
        List<String> problems = new ArrayList<>();

        for (JsonNode property : metadata.values()) {
            String name = property.get("name").asString();
            JsonNode description = property.get("description");
            if (description == null || description.asString().contains("{@")) {
                problems.add("metadata property " + name + " has no plain-text description (IDEs show it as is)");
            }
            if (name.startsWith(DEFAULTS_PREFIX)) {
                continue; // the consumer table documents them (checked below)
            }
            boolean isMap = property.get("type").asString().startsWith("java.util.Map");
            boolean documented = isMap
                    ? rows.keySet().stream().anyMatch(r -> r.startsWith(name + ".<name>"))
                    : rows.containsKey(name);
            if (!documented) {
                problems.add("metadata property " + name + " has no README row");
            }
        }
        KanthorqProperties defaults = new KanthorqProperties();
        for (Row row : rows.values()) {
            if (row.property().startsWith(CONSUMER_PREFIX)
                    || row.property().startsWith(SCHEDULE_PREFIX)
                    || row.property().startsWith(DEFAULTS_PREFIX)) {
                continue; // the map-value tests below
            }
            String name = row.property().endsWith(".<name>")
                    ? row.property().substring(0, row.property().length() - ".<name>".length())
                    : row.property();
            JsonNode property = metadata.get(name);
            if (property == null) {
                problems.add("README row " + row.property() + " is not in the configuration metadata");
                continue;
            }
            if (property.get("type").asString().startsWith("java.util.Map")) {
                if (row.defaultValue() != null) {
                    problems.add("README row " + row.property() + " shows a default for a map");
                }
                continue;
            }
            Class<?> type = classOf(property.get("type").asString());
            JsonNode metadataDefault = property.get("defaultValue");
            Object documented = parse(row, type, problems);
            Object declared = metadataDefault == null ? null : conversion.convert(metadataDefault.asString(), type);
            if (!Objects.equals(documented, declared)) {
                problems.add(row.property() + ": README default " + row.defaultValue() + ", metadata default "
                        + metadataDefault);
            }
            Object actual = name.startsWith(DASHBOARD_PREFIX)
                    ? new BeanWrapperImpl(new DashboardProperties())
                            .getPropertyValue(camelPath(name.substring(DASHBOARD_PREFIX.length())))
                    : new BeanWrapperImpl(defaults).getPropertyValue(camelPath(name.substring("kanthorq.".length())));
            if (!Objects.equals(documented, actual)) {
                problems.add(row.property() + ": README default " + row.defaultValue() + ", actual default " + actual);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyConsumerPropertyIsDocumentedWithItsDefault() throws IOException {
        assertThat(mapValueProblems(CONSUMER_PREFIX, new KanthorqProperties.Consumer()))
                .isEmpty();
    }

    @Test
    void everySchedulePropertyIsDocumentedWithItsDefault() throws IOException {
        assertThat(mapValueProblems(SCHEDULE_PREFIX, new KanthorqProperties.Schedule()))
                .isEmpty();
    }

    /** What differs between the README rows under {@code prefix} and the properties of the map value {@code bean}. */
    private static List<String> mapValueProblems(String prefix, Object bean) throws IOException {
        Map<String, Row> rows = readmeRows();
        Map<String, Object> actual = new LinkedHashMap<>();
        Map<String, Class<?>> types = new LinkedHashMap<>();
        collect("", bean, actual, types);
        List<String> problems = new ArrayList<>();

        for (String property : actual.keySet()) {
            if (!rows.containsKey(prefix + property)) {
                problems.add("property " + property + " has no README row " + prefix + property);
            }
        }
        for (Row row : rows.values()) {
            if (!row.property().startsWith(prefix)) {
                continue;
            }
            String property = row.property().substring(prefix.length());
            if (!types.containsKey(property)) {
                problems.add("README row " + row.property() + " is not a property of " + prefix + " (known: "
                        + types.keySet() + ")");
                continue;
            }
            Object documented = parse(row, types.get(property), problems);
            if (!Objects.equals(documented, actual.get(property))) {
                problems.add(row.property() + ": README default " + row.defaultValue() + ", actual default "
                        + actual.get(property));
            }
        }
        return problems;
    }

    @Test
    void theMetadataOffersEveryConsumerKeyWithItsDefaultUnderConsumerDefaults() throws IOException {
        Map<String, JsonNode> metadata = starterMetadata();
        Map<String, Object> actual = new LinkedHashMap<>();
        Map<String, Class<?>> types = new LinkedHashMap<>();
        collect("", new KanthorqProperties.Consumer(), actual, types);
        List<String> problems = new ArrayList<>();

        for (Map.Entry<String, Object> key : actual.entrySet()) {
            JsonNode property = metadata.get(DEFAULTS_PREFIX + key.getKey());
            if (property == null) {
                problems.add("metadata has no " + DEFAULTS_PREFIX + key.getKey() + " (IDE completion)");
                continue;
            }
            JsonNode metadataDefault = property.get("defaultValue");
            Object value = key.getValue();
            if (value == null || value instanceof List) {
                continue; // no default (stream), or a list (shown as [] by the README)
            }
            Object declared = metadataDefault == null
                    ? null
                    : conversion.convert(metadataDefault.asString(), types.get(key.getKey()));
            if (!Objects.equals(declared, value)) {
                problems.add(
                        DEFAULTS_PREFIX + key.getKey() + ": metadata default " + metadataDefault + ", actual " + value);
            }
        }
        assertThat(problems).isEmpty();
    }

    /** The consumer's bindable properties in kebab case, nested ones as {@code backoff.initial}. */
    private static void collect(String prefix, Object bean, Map<String, Object> values, Map<String, Class<?>> types) {
        for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(bean.getClass())) {
            if (descriptor.getReadMethod() == null || descriptor.getName().equals("class")) {
                continue;
            }
            Object value = new BeanWrapperImpl(bean).getPropertyValue(descriptor.getName());
            String name = prefix + kebab(descriptor.getName());
            Class<?> type = descriptor.getPropertyType();
            if (type.getEnclosingClass() == KanthorqProperties.class && !type.isEnum()) {
                collect(name + ".", value, values, types);
            } else if (descriptor.getWriteMethod() != null) {
                values.put(name, value);
                types.put(name, type);
            }
        }
    }

    private static Object parse(Row row, Class<?> type, List<String> problems) {
        if (row.defaultValue() == null) {
            return null;
        }
        if (Collection.class.isAssignableFrom(type)) {
            if (!row.defaultValue().equals("[]")) {
                problems.add(row.property() + ": write an empty list default as `[]`");
            }
            return Collections.emptyList();
        }
        return conversion.convert(row.defaultValue(), type);
    }

    private static Map<String, Row> readmeRows() throws IOException {
        Path readme = Path.of(System.getProperty("basedir", "."))
                .toAbsolutePath()
                .getParent()
                .resolve("README.md");
        Map<String, Row> rows = new LinkedHashMap<>();
        boolean inPropertyTable = false;
        for (String line : Files.readAllLines(readme)) {
            if (line.replace(" ", "").equals(PROPERTY_TABLE_HEADER)) {
                inPropertyTable = true;
                continue;
            }
            inPropertyTable &= line.startsWith("|");
            Matcher row = ROW.matcher(line);
            if (inPropertyTable && row.find()) {
                String cell = row.group(2).trim();
                Matcher code = CODE.matcher(cell);
                String value = code.find() ? code.group(1) : null;
                if (value == null && !(cell.startsWith("required") || cell.startsWith("—"))) {
                    throw new IllegalStateException("README row " + row.group(1) + ": default cell must be `value`,"
                            + " 'required' or '—', got: " + cell);
                }
                rows.put(row.group(1), new Row(row.group(1), value));
            }
        }
        assertThat(rows).as("kanthorq.* rows in " + readme).isNotEmpty();
        return rows;
    }

    /** The starter's {@code kanthorq.*} properties, by name. */
    private static Map<String, JsonNode> starterMetadata() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        var resources =
                ReadmePropertiesTest.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json");
        while (resources.hasMoreElements()) {
            URL url = resources.nextElement();
            try (InputStream in = url.openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    String name = property.get("name").asString();
                    if (name.startsWith("kanthorq.")) {
                        properties.put(name, property);
                    }
                }
            }
        }
        assertThat(new TreeSet<>(properties.keySet()))
                .as("kanthorq.* properties in the starter's metadata")
                .contains("kanthorq.enabled", "kanthorq.consumers");
        return properties;
    }

    private static Class<?> classOf(String type) {
        try {
            return Class.forName(type);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("unknown metadata type " + type, e);
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String camelPath(String kebab) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
