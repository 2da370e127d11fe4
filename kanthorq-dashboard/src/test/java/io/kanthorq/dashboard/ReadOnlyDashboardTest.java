package io.kanthorq.dashboard;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.kanthorq.dashboard.app.DashboardTestApplication;
import io.kanthorq.test.spring.KanthorqTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** {@code kanthorq.dashboard.read-only=true} removes every mutating endpoint: even an admin gets 404. */
@SpringBootTest(
        classes = DashboardTestApplication.class,
        properties = {"kanthorq.dashboard.read-only=true", "kanthorq.dashboard.path=/ops/queue/"})
@AutoConfigureMockMvc
@KanthorqTest
class ReadOnlyDashboardTest {

    @Autowired
    MockMvc http;

    @Test
    void mutatingEndpointsDoNotExistButReadsDo() throws Exception {
        String api = "/ops/queue/api";
        http.perform(get(api + "/consumers").with(httpBasic("admin", "admin-pw")))
                .andExpect(status().isOk());
        for (String path : new String[] {
            "/consumers/refund_order/pause",
            "/consumers/refund_order/resume",
            "/consumers/refund_order/tasks/redrive",
            "/consumers/refund_order/tasks/cancel",
            "/consumers/refund_order/tasks/01KA0000000000000000000000/redrive",
            "/consumers/refund_order/tasks/01KA0000000000000000000000/cancel",
            "/streams/order_update/events"
        }) {
            http.perform(post(api + path)
                            .with(httpBasic("admin", "admin-pw"))
                            .with(csrf())
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{}"))
                    .andExpect(status().isNotFound());
        }
        http.perform(get("/ops/queue").with(httpBasic("admin", "admin-pw")))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("\"readOnly\":true")))
                .andExpect(content().string(Matchers.containsString("\"admin\":false")));
    }
}
