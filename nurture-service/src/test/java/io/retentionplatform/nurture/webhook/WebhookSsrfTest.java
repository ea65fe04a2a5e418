package io.retentionplatform.nurture.webhook;

import static io.restassured.RestAssured.given;
import static io.retentionplatform.nurture.webhook.WebhookTestSupport.attemptsOf;
import static io.retentionplatform.nurture.webhook.WebhookTestSupport.enqueue;
import static io.retentionplatform.nurture.webhook.WebhookTestSupport.statusOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.retentionplatform.support.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSRF guard with private addresses forbidden, as in production (the test profile allows them, for the receiver on
 * 127.0.0.1, so these tests switch the guard back): refused at registration with 400 naming {@code url}, and refused
 * at delivery when the name resolves to a private address by then (DNS rebinding, played with the resolver seam).
 */
@QuarkusTest
class WebhookSsrfTest {

    @Inject
    WebhookAddressGuard guard;

    @Inject
    ScriptedHostResolver resolver;

    @Inject
    WebhookOutbox outbox;

    @Inject
    WebhookDeliveryWorker worker;

    @Inject
    AdjustableClock clock;

    private final List<String> endpoints = new ArrayList<>();

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    @BeforeEach
    void productionRule() {
        guard.allowPrivateAddresses(false);
    }

    @AfterEach
    void testRule() {
        guard.allowPrivateAddresses(true);
        endpoints.forEach(WebhookTestSupport::delete);
        clock.reset();
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://127.0.0.1:8080/hook", "http://localhost/hook", "http://169.254.169.254/latest/meta-data/",
            "http://10.1.2.3/hook", "http://172.16.0.1/hook", "https://192.168.1.10/hook", "http://100.64.0.1/hook",
            "http://[::1]/hook", "http://[fd00::1]/hook", "http://0.0.0.0/hook", "http://224.0.0.1/hook",
            "http://[::ffff:10.0.0.1]/hook" })
    void privateAddressesAreRefusedAtRegistration(String url) {
        given().contentType("application/json").body(Map.of("url", url)).post("/webhook-endpoints")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("url"))
                .body("detail", containsString("address"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "ftp://hooks.partner.test/x", "file:///etc/passwd", "hooks.partner.test/x",
            "http://user:pw@hooks.partner.test/x", "http:///nohost", "not a url" })
    void onlyHttpUrlsWithAHostAndNoCredentialsAreAccepted(String url) {
        resolver.answer("hooks.partner.test", "203.0.113.10");
        given().contentType("application/json").body(Map.of("url", url)).post("/webhook-endpoints")
                .then().statusCode(400).contentType("application/problem+json").body("violations.field", hasItem("url"));
    }

    @Test
    void anEndpointMayNotOptIntoPrivateAddressesWhereTheDeploymentForbidsThem() {
        given().contentType("application/json").body(Map.of("url", "http://127.0.0.1/x", "allowPrivate", true))
                .post("/webhook-endpoints")
                .then().statusCode(400).contentType("application/problem+json").body("violations.field", hasItem("allowPrivate"));
    }

    @Test
    void whereTheDeploymentAllowsPrivateAddressesAnEndpointStillHasToOptIn() {
        guard.allowPrivateAddresses(true);
        given().contentType("application/json").body(Map.of("url", "http://127.0.0.1/x")).post("/webhook-endpoints")
                .then().statusCode(400).body("violations.field", hasItem("url"));
    }

    @Test
    void aNameThatResolvesToAPrivateAddressAtDeliveryIsRefusedAndNotRetried() {
        resolver.answer("rebind.partner.test", "203.0.113.10");            // public at registration
        String endpoint = given().contentType("application/json")
                .body(Map.of("url", "http://rebind.partner.test:8080/hook")).post("/webhook-endpoints")
                .then().statusCode(201).extract().jsonPath().getString("id");
        endpoints.add(endpoint);
        resolver.answer("rebind.partner.test", "127.0.0.1");               // loopback at delivery

        String id = enqueue(outbox, "segment.entered", "acme", Map.of()).get(0);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(statusOf(endpoint, id)).isEqualTo("failed"));
        var attempts = attemptsOf(id);
        assertThat(attempts.getList("items.error", String.class)).singleElement().asString()
                .contains("refused").contains("loopback").contains("127.0.0.1");
        assertThat(attempts.getList("items.httpStatus")).containsOnlyNulls();
        clock.advance(Duration.ofHours(1));
        worker.wakeUp();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> attemptsOf(id).getInt("total") == 1);
    }
}
