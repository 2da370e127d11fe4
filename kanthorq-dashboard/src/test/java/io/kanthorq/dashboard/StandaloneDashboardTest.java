package io.kanthorq.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The dashboard as an operator's process: open on loopback, behind a password elsewhere. */
class StandaloneDashboardTest {

    private static final TestSchema schema = TestDatabase.newSchema(10);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    static void dropSchema() {
        schema.close();
    }

    @Test
    void onLoopbackItServesTheDashboardWithoutAPassword() throws Exception {
        try (ConfigurableApplicationContext context = start()) {
            String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
            assertThat(get(base + "/kanthorq", null).statusCode()).isEqualTo(200);
            HttpResponse<String> streams = get(base + "/kanthorq/api/streams", null);
            assertThat(streams.statusCode()).isEqualTo(200);
            assertThat(streams.body()).startsWith("[");
        }
    }

    @Test
    void withAPasswordItAsksForTheAdmin() throws Exception {
        try (ConfigurableApplicationContext context = start("--admin-password", "s3cret")) {
            String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
            assertThat(get(base + "/kanthorq/api/streams", null).statusCode()).isEqualTo(401);
            assertThat(get(base + "/kanthorq/api/streams", "admin:wrong").statusCode())
                    .isEqualTo(401);
            assertThat(get(base + "/kanthorq/api/streams", "admin:s3cret").statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void anAddressOtherMachinesReachNeedsAPassword() {
        assertThatThrownBy(() -> StandaloneDashboard.start("--url", schema.jdbcUrl(), "--address", "0.0.0.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--address 0.0.0.0 is reachable from other machines")
                .hasMessageContaining("--admin-password");
        assertThatThrownBy(() -> StandaloneDashboard.start("--port")).hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> StandaloneDashboard.start("--colour", "red"))
                .hasMessageContaining("unknown option --colour");
    }

    private ConfigurableApplicationContext start(String... more) {
        String[] base = {
            "--url",
            schema.jdbcUrl(),
            "--user",
            schema.server().user(),
            "--password",
            schema.server().password(),
            "--port",
            "0"
        };
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return StandaloneDashboard.start(args);
    }

    private HttpResponse<String> get(String url, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (credentials != null) {
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
