package io.retentionplatform.nurture;

import static io.restassured.RestAssured.given;
import static io.retentionplatform.nurture.NurtureTesting.cadence;
import static io.retentionplatform.nurture.NurtureTesting.enrollments;
import static io.retentionplatform.nurture.NurtureTesting.runDue;
import static io.retentionplatform.nurture.NurtureTesting.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.retentionplatform.support.testing.TestTokens;
import io.restassured.path.json.JsonPath;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.nurture.schedule.StepScheduler;
import io.retentionplatform.nurture.webhook.WebhookReceiver;
import io.retentionplatform.nurture.webhook.WebhookSignature;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Outcomes from the marketing tool, signed: a reply ends the enrollment and reaches scoring as an inbound contact, once. */
@QuarkusTest
class OutcomeFlowTest {

    private static StepEndpoint endpoint;
    private static WebhookReceiver receiver;

    @Inject
    StepScheduler scheduler;

    @ConfigProperty(name = "nurture.webhooks.inbound.secrets")
    List<String> inboundSecrets;

    @BeforeAll
    static void start() throws Exception {
        TestTokens.signInAsOperator();
        endpoint = new StepEndpoint("/outcomes");
        receiver = endpoint.receiver;
    }

    @org.junit.jupiter.api.BeforeEach
    void registerEndpoint() {
        endpoint.register();
    }

    @AfterAll
    static void stop() {
        endpoint.close();
        TestTokens.signOut();
    }

    private int report(String inboundId, String outcome, String refersTo, String account) {
        long timestamp = Instant.now().getEpochSecond();
        String body = "{\"type\":\"outcome\",\"timestamp\":\"" + Instant.now() + "\",\"data\":{\"outcome\":\"" + outcome + "\","
                + (refersTo == null ? "" : "\"webhookId\":\"" + refersTo + "\",") + "\"accountId\":\"" + account + "\",\"occurredAt\":\""
                + Instant.now() + "\"}}";
        return given().contentType("application/json")
                .header("webhook-id", inboundId).header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignature.header(List.of(inboundSecrets.get(0)), inboundId, timestamp, body))
                .body(body).post("/webhooks/outcomes").then().extract().statusCode();
    }

    @Test
    void aReplyConvertsTheEnrollmentAndBecomesAnInboundContactForScoringOnce() {
        String id = unique("reply");
        cadence(id, "rule:" + id, List.of(List.of("email", "check_in", "PT0S"), List.of("call", "check_in", "P3D")), List.of("reply"), 0);
        String account = unique("acct");
        given().contentType("application/json").body(Map.of("accountId", account)).post("/cadences/{id}/enrollments", id)
                .then().statusCode(201);
        ConsumerTask<String, String> events = Fixtures.follow(Topics.ENGAGEMENT_EVENTS);
        runDue(scheduler);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.at("/outcomes").stream()
                .anyMatch(r -> r.body().contains(account)));
        String sent = receiver.at("/outcomes").stream().filter(r -> r.body().contains(account)).findFirst().orElseThrow().webhookId();

        String inbound = "msg_" + unique("in");
        assertThat(report(inbound, "opened", sent, account)).isEqualTo(202);
        assertThat(report(inbound + "-2", "replied", sent, account)).isEqualTo(202);
        assertThat(report(inbound + "-2", "replied", sent, account)).isEqualTo(202);    // the tool's retry: nothing twice

        await().atMost(Duration.ofSeconds(30)).until(() -> "converted".equals(enrollments(account).getString("[0].status")));
        JsonPath enrollment = enrollments(account);
        assertThat(enrollment.getString("[0].steps[0].lastOutcome")).isEqualTo("replied");
        assertThat(enrollment.getString("[0].reengagedBy")).isEqualTo("replied");
        await().atMost(Duration.ofSeconds(30)).until(() -> events.getRecords().stream().anyMatch(r -> account.equals(r.key())));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<JsonPath> mine = events.getRecords().stream().filter(r -> account.equals(r.key())).map(r -> JsonPath.from(r.value())).toList();
            assertThat(mine).hasSize(1);
            assertThat(mine.get(0).getString("type")).isEqualTo("contact.email_reply");
            assertThat(mine.get(0).getString("attributes.direction")).isEqualTo("inbound");
        });
        events.stop();
    }

    @Test
    void anUnsubscribeEndsEveryEnrollmentAndEnrollsNothingAgain() {
        String a = unique("unsub-a");
        String b = unique("unsub-b");
        cadence(a, "rule:" + a, List.of(List.of("email", "check_in", "P1D")), List.of(), 0);
        cadence(b, "rule:" + b, List.of(List.of("email", "check_in", "P1D")), List.of(), 0);
        String account = unique("acct");
        given().contentType("application/json").body(Map.of("accountId", account)).post("/cadences/{id}/enrollments", a)
                .then().statusCode(201);
        assertThat(report("msg_" + unique("in"), "unsubscribed", null, account)).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> "exited".equals(enrollments(account).getString("[0].status")));
        assertThat(enrollments(account).getString("[0].endReason")).isEqualTo("the account unsubscribed");
        given().contentType("application/json").body(Map.of("accountId", account)).post("/cadences/{id}/enrollments", b)
                .then().statusCode(409);
    }

    @Test
    void anUnsignedOutcomeChangesNothing() {
        String account = unique("acct");
        given().contentType("application/json").header("webhook-id", "msg_x").header("webhook-timestamp",
                        Long.toString(Instant.now().getEpochSecond())).header("webhook-signature", "v1,AAAA")
                .body("{\"type\":\"outcome\",\"data\":{\"outcome\":\"unsubscribed\",\"accountId\":\"" + account + "\",\"occurredAt\":\""
                        + Instant.now() + "\"}}")
                .post("/webhooks/outcomes").then().statusCode(401);
    }
}
