package io.retentionplatform.scoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.retentionplatform.support.testing.TestTokens;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The webhook over the real broker and MongoDB wire server: accept, store once, score, reject bad input. */
@QuarkusTest
@SuppressWarnings("unchecked")
class EventIngestionTest {

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Test
    void acceptedEventIsOnKafkaKeyedByAccountAndProducesAHealthScore() {
        String account = "acct-" + UUID.randomUUID();
        String eventId = "evt-" + UUID.randomUUID();

        postEvent(eventId, account, "usage.feature_used", Instant.now().minus(1, ChronoUnit.HOURS), Map.of("feature", "reports"))
                .then().statusCode(202).body("eventId", equalTo(eventId));

        ConsumerRecord<String, String> published = IngestProbe.published(account, eventId);
        assertThat(published.key()).isEqualTo(account);
        assertThat(published.value()).contains("\"schemaVersion\":1").contains("\"type\":\"usage.feature_used\"");

        Map<String, Object> health = awaitHealth(account, 1);
        Map<String, Map<String, Number>> components = (Map<String, Map<String, Number>>) health.get("components");
        assertThat(components.get("support").get("value")).isEqualTo(100);
        assertThat(components.get("engagement").get("value")).isEqualTo(0);
        assertThat(components.get("adoption").get("value").intValue()).isBetween(1, 20);
        assertThat(components).doesNotContainKey("survey");
        double weighted = components.values().stream().mapToDouble(c -> c.get("contribution").doubleValue()).sum();
        assertThat((int) health.get("score")).isEqualTo((int) Math.round(weighted));
        assertThat(health).containsEntry("band", "at_risk");
        assertThat((String) health.get("explanation")).contains("first score");
    }

    @Test
    void sameEventIdDeliveredTwiceIsStoredOnceAndCountedOnce() {
        String account = "acct-" + UUID.randomUUID();
        String eventId = "evt-" + UUID.randomUUID();
        Instant at = Instant.now().minus(2, ChronoUnit.HOURS);

        postEvent(eventId, account, "contact.meeting", at, Map.of("direction", "inbound")).then().statusCode(202);
        awaitHealth(account, 1);
        postEvent(eventId, account, "contact.meeting", at, Map.of("direction", "inbound")).then().statusCode(202);
        // A later, different event proves the duplicate has been consumed (same key, same partition, in order).
        String laterId = "evt-" + UUID.randomUUID();
        postEvent(laterId, account, "usage.login", at, Map.of()).then().statusCode(202);
        Map<String, Object> health = awaitHealth(account, 2);

        assertThat(mongo.getDatabase(database).getCollection("events").countDocuments(Filters.eq("_id", eventId))).isEqualTo(1);
        assertThat(mongo.getDatabase(database).getCollection("events").countDocuments(Filters.eq("accountId", account))).isEqualTo(2);
        // one inbound meeting counted once: engagement about 25 (a little less if it fell on yesterday), not 50
        Map<String, Map<String, Number>> components = (Map<String, Map<String, Number>>) health.get("components");
        assertThat(components.get("engagement").get("value").intValue()).isBetween(24, 25);
    }

    @Test
    void malformedEventGets400WithTheFieldAtFaultAndNothingIsPublished() {
        String account = "acct-" + UUID.randomUUID();
        String badId = "evt-bad-" + UUID.randomUUID();

        given().contentType(ContentType.JSON)
                .body(Map.of("id", badId, "accountId", account, "type", "usage.teleport", "occurredAt", Instant.now().toString()))
                .when().post("/events")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("violations.field", hasItem("type"));

        given().contentType(ContentType.JSON)
                .body(Map.of("id", badId, "accountId", account, "type", "usage.login", "occurredAt", "last tuesday"))
                .when().post("/events")
                .then().statusCode(400).body("violations.field", hasItem("occurredAt"));

        given().contentType(ContentType.JSON).body("{\"id\": \"x\", ")
                .when().post("/events")
                .then().statusCode(400).contentType("application/problem+json");

        // Same key, same partition, in order: once the valid follower is there, anything before it would be too.
        String goodId = "evt-good-" + UUID.randomUUID();
        postEvent(goodId, account, "usage.login", Instant.now(), Map.of()).then().statusCode(202);
        List<ConsumerRecord<String, String>> records = IngestProbe.publishedUntil(account, goodId);
        assertThat(records).noneMatch(r -> r.value().contains(badId));
        assertThat(mongo.getDatabase(database).getCollection("events").countDocuments(Filters.eq("_id", badId))).isZero();
    }

    @Test
    void healthOfUnknownAccountIs404ProblemJson() {
        given().when().get("/accounts/{id}/health", "nobody-" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    /** Health is served on the management interface, without credentials (the orchestrator has none). */
    @TestHTTPResource(value = "/health/ready", management = true)
    java.net.URL readiness;

    @Test
    void readinessReportsKafkaAndMongo() {
        TestTokens.signOut();
        try {
            RestAssured.given().when().get(readiness)
                    .then().statusCode(200).body("status", equalTo("UP"))
                    .body("checks.name", hasItem("SmallRye Reactive Messaging - readiness check"))
                    .body("checks.name", hasItem("MongoDB connection health check"));
        } finally {
            TestTokens.signInAsOperator();
        }
    }

    static Response postEvent(String id, String account, String type, Instant at, Map<String, Object> attributes) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("id", id, "accountId", account, "type", type, "occurredAt", at.toString(), "attributes", attributes))
                .when().post("/events");
    }

    static Map<String, Object> awaitHealth(String account, long minVersion) {
        return awaitHealth(account, minVersion, health -> true);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> awaitHealth(String account, long minVersion, java.util.function.Predicate<Map<String, Object>> until) {
        return await("health score version >= " + minVersion + " of " + account)
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Response response = given().when().get("/accounts/{id}/health", account);
                    return response.statusCode() == 200 ? (Map<String, Object>) response.as(Map.class) : null;
                }, health -> health != null && ((Number) health.get("version")).longValue() >= minVersion && until.test(health));
    }
}
