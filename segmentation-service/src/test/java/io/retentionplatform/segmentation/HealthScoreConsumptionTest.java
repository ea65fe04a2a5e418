package io.retentionplatform.segmentation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.retentionplatform.contracts.HealthScoreMessage;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.support.testing.TestTokens;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Health scores published on the real broker land in the real PostgreSQL, once, newest version wins. */
@QuarkusTest
class HealthScoreConsumptionTest {

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    @Test
    void publishedHealthScoreIsStoredAndServed() {
        String account = "acct-" + UUID.randomUUID();

        publish(score(account, 1, 64, "watch"));

        Map<String, Object> health = awaitVersion(account, 1);
        assertThat(health).containsEntry("score", 64).containsEntry("band", "watch").containsEntry("adoption", 50);
    }

    @Test
    void repeatedAndStaleMessagesChangeNothing() {
        String account = "acct-" + UUID.randomUUID();
        HealthScoreMessage v2 = score(account, 2, 80, "healthy");
        int partition = publish(v2);
        awaitVersion(account, 2);

        // Each intruder is the account's last message: nothing newer follows to overwrite what it did, so only the
        // check it targets keeps the account at version 2 (and in the one quadrant stay its adoption of 50 gave it).
        publish(HealthScoreMessage.basic("m-" + UUID.randomUUID(), account, 1, 10, "at_risk", 0, 0, 0, Instant.now()));
        awaitConsumedThrough(partition);
        assertStillVersion2(account, "after an older version arrived late");

        publish(HealthScoreMessage.basic(v2.messageId(), account, 3, 5, "at_risk", 0, 0, 0, Instant.now()));
        awaitConsumedThrough(partition);
        assertStillVersion2(account, "after version 2's message id came again as version 3");

        publish(score(account, 4, 55, "watch"));
        assertThat(awaitVersion(account, 4)).containsEntry("score", 55).containsEntry("version", 4);
    }

    @Test
    void poisonMessageGoesToTheDeadLetterTopicAndTheConsumerCarriesOn() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        String futureSchema = Fixtures.JSON.writeValueAsString(
                        HealthScoreMessage.basic("m-" + UUID.randomUUID(), account, 1, 1, "at_risk", 0, 0, 0, Instant.now()))
                .replace("\"schemaVersion\":1", "\"schemaVersion\":99");
        try (ConsumerTask<String, String> deadLetters = Fixtures.follow(Topics.HEALTH_SCORES_DLQ)) {
            Fixtures.produce(Topics.HEALTH_SCORES, account, "{not json");
            Fixtures.produce(Topics.HEALTH_SCORES, account, futureSchema);
            publish(score(account, 1, 42, "watch"));

            assertThat(awaitVersion(account, 1)).containsEntry("score", 42);
            await("dead letters of " + account).atMost(Duration.ofSeconds(20))
                    .until(() -> deadLetters.stream().filter(r -> account.equals(r.key())).count(), equalTo(2L));
        }
    }

    @Test
    void unknownAccountIs404AndBadPagingIs400WithTheParameter() {
        given().when().get("/accounts/{id}", "nobody-" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().when().get("/accounts?size=0")
                .then().statusCode(400).contentType("application/problem+json").body("violations.field", hasItem("size"));
    }

    /** Health is served on the management interface, without credentials (the orchestrator has none). */
    @TestHTTPResource(value = "/health/ready", management = true)
    java.net.URL readiness;

    @Test
    void readinessReportsKafkaAndPostgres() {
        TestTokens.signOut();
        try {
            RestAssured.given().when().get(readiness)
                    .then().statusCode(200).body("status", equalTo("UP"))
                    .body("checks.name", hasItem("SmallRye Reactive Messaging - readiness check"))
                    .body("checks.name", hasItem("Reactive PostgreSQL connections health check"));
        } finally {
            TestTokens.signInAsOperator();
        }
    }

    private static HealthScoreMessage score(String account, long version, int score, String band) {
        return HealthScoreMessage.basic("m-" + UUID.randomUUID(), account, version, score, band, 50, 60, 70, Instant.now());
    }

    /** Publishes keyed by the account, as scoring-service does; returns the partition it went to. */
    private static int publish(HealthScoreMessage message) {
        return Fixtures.produce(Topics.HEALTH_SCORES, message.accountId(), message).partition();
    }

    /**
     * A barrier: a score of a fresh account put on {@code partition} behind what was sent there before. The service
     * reads a partition in order and commits a batch in one transaction, so once the barrier's account is served,
     * everything before it on the partition was applied or dropped.
     */
    private static void awaitConsumedThrough(int partition) {
        String barrier = "barrier-" + UUID.randomUUID();
        Fixtures.produce(Topics.HEALTH_SCORES, partition, barrier, score(barrier, 1, 50, "watch"));
        awaitVersion(barrier, 1);
    }

    private static void assertStillVersion2(String account, String when) {
        Map<String, Object> health = health(account);
        assertThat(health).as(when).containsEntry("version", 2).containsEntry("score", 80).containsEntry("adoption", 50);
        // Adoption 0 would have moved the account to another quadrant: its first stay would have ended.
        List<Map<String, Object>> stays = given().get("/accounts/{id}/segments", account).then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(stays).as(when).filteredOn(s -> "quadrant".equals(s.get("kind"))).singleElement()
                .satisfies(s -> assertThat(s.get("leftAt")).isNull());
    }

    private static Map<String, Object> awaitVersion(String account, long version) {
        return await("health score version " + version + " of " + account).atMost(Duration.ofSeconds(30))
                .until(() -> health(account), h -> h != null && ((Number) h.get("version")).longValue() >= version);
    }

    /** The account's stored health, or null while the account is unknown. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> health(String account) {
        Response response = given().when().get("/accounts/{id}", account);
        return response.statusCode() == 200 ? (Map<String, Object>) response.as(Map.class).get("health") : null;
    }
}
