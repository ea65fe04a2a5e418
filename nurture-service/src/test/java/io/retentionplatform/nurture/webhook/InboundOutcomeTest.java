package io.retentionplatform.nurture.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Inbound outcomes signed with the Standard Webhooks reference library (com.standardwebhooks) under the test profile's
 * inbound secrets: no JWT anywhere, the signature is the authentication.
 */
@QuarkusTest
class InboundOutcomeTest {

    @ConfigProperty(name = "nurture.webhooks.inbound.secrets")
    java.util.List<String> secrets;

    @Inject
    RecordingOutcomeSink sink;

    @Inject
    AdjustableClock clock;

    @Inject
    ObjectMapper json;

    @AfterEach
    void restore() {
        sink.failing(false);
        clock.reset();
    }

    private String body(String outcome, String accountId, Object occurredAt) throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("outcome", outcome);
        data.put("webhookId", "msg_0123abc");
        data.put("accountId", accountId);
        data.put("occurredAt", occurredAt);
        return json.writeValueAsString(Map.of("type", "outcome", "timestamp", Instant.now().toString(), "data", data));
    }

    private ValidatableResponse post(String secret, String id, long timestamp, String body) throws Exception {
        String signature = new Webhook(secret).sign(id, timestamp, body);
        return given().contentType("application/json").header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp)).header("webhook-signature", signature)
                .body(body).post("/webhooks/outcomes").then();
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    @Test
    void aValidlySignedOutcomeIsAcceptedAndHandedToTheSinkOnce() throws Exception {
        String id = "msg_in_" + UUID.randomUUID();
        String account = "acct-" + UUID.randomUUID();
        String body = body("meeting_booked", account, "2026-03-01T10:15:30Z");

        post(secrets.get(0), id, now(), body).statusCode(202);
        post(secrets.get(0), id, now(), body).statusCode(202);          // redelivered: accepted, not handed over again

        assertThat(sink.received()).filteredOn(o -> o.accountId().equals(account)).singleElement().isEqualTo(
                new InboundOutcome(id, "msg_0123abc", account, "meeting_booked", Instant.parse("2026-03-01T10:15:30Z")));
    }

    @Test
    void theSecondSecretOfARotationIsAcceptedToo() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        post(secrets.get(1), "msg_in_" + UUID.randomUUID(), now(), body("opened", account, "2026-03-01T10:15:30Z"))
                .statusCode(202);
        assertThat(sink.received()).filteredOn(o -> o.accountId().equals(account)).hasSize(1);
    }

    @Test
    void aWrongOrMissingSignatureIsRefused() throws Exception {
        String body = body("clicked", "acme", "2026-03-01T10:15:30Z");
        post("whsec_" + java.util.Base64.getEncoder().encodeToString("a-secret-nobody-configured-here".getBytes()),
                "msg_in_1", now(), body).statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("webhook-signature"));
        // Signed, then the body changed.
        String signature = new Webhook(secrets.get(0)).sign("msg_in_2", now(), body);
        given().contentType("application/json").header("webhook-id", "msg_in_2")
                .header("webhook-timestamp", Long.toString(now())).header("webhook-signature", signature)
                .body(body.replace("clicked", "replied")).post("/webhooks/outcomes").then().statusCode(401);
        given().contentType("application/json").body(body).post("/webhooks/outcomes").then().statusCode(401)
                .contentType("application/problem+json").body("detail", containsString("headers are required"));
    }

    @Test
    void aTimestampMoreThanFiveMinutesOffIsRefusedEitherWay() throws Exception {
        String body = body("clicked", "acme", "2026-03-01T10:15:30Z");
        // 310 s, not 301: a second spent between computing the timestamp and the server's check (a loaded CI machine)
        // would bring a future timestamp back inside the window.
        post(secrets.get(0), "msg_in_" + UUID.randomUUID(), now() - 310, body).statusCode(401)
                .contentType("application/problem+json").body("detail", containsString("stale or replayed"));
        post(secrets.get(0), "msg_in_" + UUID.randomUUID(), now() + 310, body).statusCode(401)
                .body("detail", containsString("stale or replayed"));
        post(secrets.get(0), "msg_in_" + UUID.randomUUID(), now() - 200, body).statusCode(202);
    }

    @Test
    void anInvalidBodyIsAProblemNamingTheField() throws Exception {
        post(secrets.get(0), "msg_in_" + UUID.randomUUID(), now(), body("liked", "acme", "2026-03-01T10:15:30Z"))
                .statusCode(400).contentType("application/problem+json").body("violations.field", hasItem("data.outcome"));
        post(secrets.get(0), "msg_in_" + UUID.randomUUID(), now(), body("opened", null, "2026-03-01T10:15:30Z"))
                .statusCode(400).body("violations.field", hasItem("data.accountId"));
        post(secrets.get(0), "msg_in_" + UUID.randomUUID(), now(), body("opened", "acme", "yesterday"))
                .statusCode(400).body("violations.field", hasItem("data.occurredAt"));
        post(secrets.get(0), "msg_in_" + UUID.randomUUID(), now(), "{\"type\": \"outcome\", ")
                .statusCode(400).body("violations.field", hasItem("body"));
    }

    @Test
    void aSinkThatFailsMakesTheSenderRetryAndTheRetryIsHandedOver() throws Exception {
        String id = "msg_in_" + UUID.randomUUID();
        String account = "acct-" + UUID.randomUUID();
        String body = body("bounced", account, "2026-03-01T10:15:30Z");
        sink.failing(true);
        post(secrets.get(0), id, now(), body).statusCode(503).contentType("application/problem+json");
        sink.failing(false);
        post(secrets.get(0), id, now(), body).statusCode(202);
        assertThat(sink.received()).filteredOn(o -> o.accountId().equals(account)).hasSize(1);
    }
}
