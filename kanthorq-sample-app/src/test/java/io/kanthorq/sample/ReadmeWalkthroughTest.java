package io.kanthorq.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import io.kanthorq.sample.orders.OrderView;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * Runs the README's walkthrough as written: every {@code curl} command of its "Try it" block, in order,
 * against the sample app (port rewritten, fresh database, short-backoff {@code test} profile), then
 * checks that the orders end the way the README says (order 3's flaky refund completes on attempt 3,
 * order 4's broken one is Discarded after 10 attempts, order 5's emails are discarded at once).
 */
@ExtendWith(DropSchemasAfterContext.class)
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class ReadmeWalkthroughTest {

    private static final Pattern TRY_IT =
            Pattern.compile("Try it \\(in a second terminal\\):\\s*```bash\\n([\\s\\S]*?)```");
    private static final Pattern TOKEN = Pattern.compile("'([^']*)'|(\\S+)");

    private static final TestSchema schema = TestDatabase.newSchema(2);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", schema::jdbcUrl);
        registry.add("spring.datasource.username", () -> schema.server().user());
        registry.add("spring.datasource.password", () -> schema.server().password());
    }

    @LocalServerPort
    int port;

    /** One curl command: method, URL path, headers and body. */
    private record Curl(String method, String path, List<String> headers, String body) {}

    @Test
    void everyCurlCommandOfTheWalkthroughWorksAndTheOrdersEndAsTheReadmeSays() throws Exception {
        List<Curl> commands = walkthrough();
        assertThat(commands).as("curl commands of the walkthrough").hasSizeGreaterThanOrEqualTo(10);
        HttpClient client = HttpClient.newHttpClient();
        for (Curl curl : commands) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + curl.path()))
                    .method(
                            curl.method(),
                            curl.body() == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(curl.body()));
            for (String header : curl.headers()) {
                String[] nameValue = header.split(":\\s*", 2);
                request.header(nameValue[0], nameValue[1]);
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as("%s %s answered %s", curl.method(), curl.path(), response.body())
                    .isBetween(200, 299);
        }

        RestClient http = RestClient.create("http://localhost:" + port);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(refund(http, 3)).satisfies(task -> {
                    assertThat(task.state()).isEqualTo("COMPLETED");
                    assertThat(task.attempts()).isEqualTo(3);
                }));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(refund(http, 4)).satisfies(task -> {
                    assertThat(task.state()).isEqualTo("DISCARDED");
                    assertThat(task.attempts()).isEqualTo(10);
                }));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(tasks(http, 5))
                        .extracting(OrderView.TaskView::state)
                        .containsOnly("DISCARDED"));
    }

    private static OrderView.TaskView refund(RestClient http, long order) {
        return tasks(http, order).stream()
                .filter(task -> task.consumer().equals("refund_order"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("order " + order + " has no refund task yet"));
    }

    private static List<OrderView.TaskView> tasks(RestClient http, long order) {
        OrderView view = http.get().uri("/orders/" + order).retrieve().body(OrderView.class);
        return view.events().stream().flatMap(e -> e.tasks().stream()).toList();
    }

    /** The curl commands of the README's "Try it" block, continuation lines joined, comments dropped. */
    private static List<Curl> walkthrough() throws IOException {
        Path readme = Path.of(System.getProperty("basedir", "."))
                .toAbsolutePath()
                .getParent()
                .resolve("README.md");
        Matcher block = TRY_IT.matcher(Files.readString(readme));
        assertThat(block.find()).as("the README's 'Try it' block").isTrue();
        List<Curl> commands = new ArrayList<>();
        for (String line : block.group(1).replace("\\\n", " ").lines().toList()) {
            String command = line.strip();
            if (command.startsWith("curl ")) {
                commands.add(parse(command));
            }
        }
        return commands;
    }

    private static Curl parse(String command) {
        List<String> tokens = new ArrayList<>();
        Matcher token = TOKEN.matcher(command);
        while (token.find()) {
            if (token.group(2) != null && token.group(2).startsWith("#")) {
                break; // a comment to the end of the line
            }
            tokens.add(token.group(1) != null ? token.group(1) : token.group(2));
        }
        String method = "GET";
        String path = null;
        String body = null;
        List<String> headers = new ArrayList<>();
        for (int i = 1; i < tokens.size(); i++) {
            switch (tokens.get(i)) {
                case "-s" -> {}
                case "-X" -> method = tokens.get(++i);
                case "-H" -> headers.add(tokens.get(++i));
                case "-d" -> body = tokens.get(++i);
                default -> {
                    String url = tokens.get(i);
                    assertThat(url).as("curl target in: " + command).startsWith("localhost:8080/");
                    path = url.substring("localhost:8080".length());
                }
            }
        }
        assertThat(path).as("curl target in: " + command).isNotNull();
        return new Curl(method, path, headers, body);
    }
}
