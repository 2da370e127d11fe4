package io.kanthorq.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the README compiles against the modules as built, so code a user pastes keeps
 * working when an API moves.
 *
 * <p>A block that declares types (the Quick start's subscriber and service) is compiled as one file of an application
 * package, together with the other such blocks. Any other block is a fragment: its imports stay imports and the rest
 * becomes the body of a method whose class has the variables the README's prose assumes ({@code kanthorq},
 * {@code dataSource}, {@code connection}, {@code eventId}, {@code log}, {@code emails}). What the README leaves to the
 * reader (the application's {@code Mailer}, {@code OrderRepository}, {@code Order}, {@code Tenants}, {@code Invoices}) is declared here, and
 * {@code java.time} and {@code java.util} are imported for every block.
 */
class ReadmeSnippetsTest {

    private static final Pattern BLOCK = Pattern.compile("(?m)^( *)```java\\n([\\s\\S]*?)^\\1```");
    private static final Pattern TYPE_DECLARATION =
            Pattern.compile("(?m)^(@\\w+|(public |final |abstract )*(class|record|interface|enum) )");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import [\\w.]+;\\n");

    private static final String PACKAGE = "readme";
    private static final String COMMON_IMPORTS = "import java.time.*;\nimport java.util.*;\n";

    /** The application's own types the README's snippets use without declaring. */
    private static final String APPLICATION_TYPES = """
            package readme;

            import java.util.List;

            interface Mailer {
                void send(String to, String text);
            }

            interface OrderRepository {
                Order markCancelled(long id);
            }

            record Order(long id, String customerEmail) {}

            interface Emails {
                void sendCancellation(String body);
            }

            record Tenant(String id) {}

            interface Tenants {
                List<Tenant> all();
            }

            interface Invoices {
                void handle(Tenant tenant, io.kanthorq.core.Event event);
            }
            """;

    @TempDir
    Path output;

    @Test
    void everyJavaBlockOfTheReadmeCompiles() throws IOException {
        List<String> blocks = javaBlocks();
        assertThat(blocks).as("java blocks in the README").hasSizeGreaterThanOrEqualTo(4);

        List<JavaFileObject> sources = new ArrayList<>();
        sources.add(source("ApplicationTypes", APPLICATION_TYPES));
        for (int i = 0; i < blocks.size(); i++) {
            String block = blocks.get(i);
            String name = "Block" + (i + 1);
            sources.add(
                    source(name, TYPE_DECLARATION.matcher(block).find() ? typeBlock(block) : fragment(name, block)));
        }

        assertThat(compile(sources)).as("compiler errors in README java blocks").isEmpty();
    }

    private static List<String> javaBlocks() throws IOException {
        Path readme = Path.of(System.getProperty("basedir", "."))
                .toAbsolutePath()
                .getParent()
                .resolve("README.md");
        Matcher matcher = BLOCK.matcher(Files.readString(readme));
        List<String> blocks = new ArrayList<>();
        while (matcher.find()) {
            String indent = matcher.group(1);
            blocks.add(matcher.group(2)
                    .lines()
                    .map(line -> line.startsWith(indent) ? line.substring(indent.length()) : line)
                    .collect(Collectors.joining("\n", "", "\n")));
        }
        return blocks;
    }

    /** Types declared by a block join the application package; public ones lose the modifier, one file per block. */
    private static String typeBlock(String block) {
        String body = block.replaceAll("(?m)^public (class|record|interface|enum) ", "$1 ");
        return "package " + PACKAGE + ";\n" + COMMON_IMPORTS + body;
    }

    private static String fragment(String name, String block) {
        StringBuilder imports = new StringBuilder();
        Matcher matcher = IMPORT.matcher(block);
        while (matcher.find()) {
            imports.append(matcher.group());
        }
        String statements = IMPORT.matcher(block).replaceAll("");
        return "package " + PACKAGE + ";\n" + COMMON_IMPORTS + imports + "\nclass " + name + " {\n"
                + "    io.kanthorq.core.Kanthorq kanthorq;\n"
                + "    javax.sql.DataSource dataSource;\n"
                + "    java.sql.Connection connection;\n"
                + "    String eventId;\n"
                + "    org.slf4j.Logger log;\n"
                + "    Emails emails;\n\n"
                + "    void run() throws Exception {\n"
                + statements
                + "    }\n}\n";
    }

    private List<String> compile(List<JavaFileObject> sources) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<String> options = List.of(
                    "-classpath", classPath(), "-d", output.toString(), "-proc:none", "-Xlint:none", "--release", "17");
            compiler.getTask(null, files, diagnostics, options, null, sources).call();
        }
        return diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT) + "\n"
                        + line(d))
                .toList();
    }

    private static String line(Diagnostic<? extends JavaFileObject> diagnostic) {
        try {
            List<String> lines = diagnostic
                    .getSource()
                    .getCharContent(true)
                    .toString()
                    .lines()
                    .toList();
            long number = diagnostic.getLineNumber();
            return number >= 1 && number <= lines.size()
                    ? "    " + lines.get((int) number - 1).strip()
                    : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Surefire runs tests from a manifest-only jar; the real test class path is in its property. */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static JavaFileObject source(String name, String code) {
        return new SimpleJavaFileObject(
                URI.create("string:///" + PACKAGE + "/" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        };
    }
}
