package io.retentionplatform.scoring;

import static io.restassured.RestAssured.given;
import static io.retentionplatform.scoring.EventIngestionTest.awaitHealth;
import static io.retentionplatform.scoring.EventIngestionTest.postEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.retentionplatform.contracts.ErasureConfirmationMessage;
import io.retentionplatform.contracts.ErasureRequestMessage;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.support.security.Roles;
import io.retentionplatform.support.testing.TestTokens;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GDPR art. 17 in scoring-service over the real broker and MongoDB wire server: POST /erasures publishes the request,
 * scoring's own consumer erases and confirms, every service's confirmation is recorded once; an event accepted before
 * the erasure and arriving after it does not bring the account back; one person's user id is removed from the events.
 */
@QuarkusTest
@SuppressWarnings("unchecked")
class ErasureTest {

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

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    private final Instant at = Instant.now().minus(1, ChronoUnit.HOURS);

    @Test
    void aWholeAccountIsErasedInScoringAndEachServicesConfirmationIsRecordedOnce() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        postEvent(id(), account, "usage.feature_used", at, Map.of("feature", "reports", "userId", "u-1")).then().statusCode(202);
        postEvent(id(), account, "contact.meeting", at, Map.of("direction", "inbound")).then().statusCode(202);
        awaitHealth(account, 2);
        assertThat(db().getCollection("health_history").countDocuments(Filters.eq("accountId", account))).isPositive();

        JsonPath accepted = given().contentType(ContentType.JSON).body(Map.of("accountId", account))
                .when().post("/erasures")
                .then().statusCode(202).header("Location", containsString("/erasures/er-"))
                .body("accountId", equalTo(account)).body("scope", equalTo("account")).body("complete", equalTo(false))
                .body("services.'segmentation-service'.status", equalTo("pending"))
                .extract().jsonPath();
        String requestId = accepted.getString("requestId");
        assertThat(accepted.getString("publishedAt")).isNotNull();

        // On the topic, keyed by the account, for every service to consume.
        List<ConsumerRecord<String, String>> published = TopicProbe.readUntil(Topics.ERASURE_REQUESTS,
                r -> r.value().contains(requestId), Duration.ofSeconds(20));
        ErasureRequestMessage message = json.readValue(published.get(published.size() - 1).value(), ErasureRequestMessage.class);
        assertThat(published.get(published.size() - 1).key()).isEqualTo(account);
        assertThat(message.userId()).isNull();
        assertThat(message.requestedBy()).isEqualTo("operator");

        JsonPath status = awaitStatus(requestId, s -> "confirmed".equals(s.getString("services.'scoring-service'.status")));
        assertThat(status.getMap("services.'scoring-service'.erased"))
                .containsEntry("events", 2).containsEntry("accountState", 1);
        assertThat(status.getInt("services.'scoring-service'.erased.healthHistory")).isPositive();
        assertThat(status.getBoolean("complete")).isFalse();

        assertThat(db().getCollection("events").countDocuments(Filters.eq("accountId", account))).isZero();
        assertThat(db().getCollection("health_history").countDocuments(Filters.eq("accountId", account))).isZero();
        Document marker = db().getCollection("account_state").find(Filters.eq("_id", account)).first();
        assertThat(marker.get("current")).isNull();
        assertThat(marker.get("erasedAt")).isNotNull();
        assertThat(marker.toJson()).doesNotContain("reports");
        given().get("/accounts/{id}/health", account).then().statusCode(404);
        assertThat(given().get("/accounts/{id}/events", account).jsonPath().getList("$")).isEmpty();

        // The other services' confirmations (their own consumers are tested in their modules): a repeat is ignored.
        confirm(requestId, "segmentation-service", account, Map.of("accounts", 1L));
        confirm(requestId, "nurture-service", account, Map.of("segmentMemberships", 3L));
        confirm(requestId, "nurture-service", account, Map.of("segmentMemberships", 99L));
        JsonPath complete = awaitStatus(requestId, s -> s.getBoolean("complete"));
        assertThat(complete.getInt("services.'nurture-service'.erased.segmentMemberships")).isEqualTo(3);
        assertThat(complete.getString("services.'segmentation-service'.confirmedAt")).isNotNull();
        given().get("/erasures").then().statusCode(200).body("requestId", hasItem(requestId));
    }

    @Test
    void anEventAcceptedBeforeTheErasureThatArrivesAfterItDoesNotBringTheAccountBack() {
        String account = "acct-" + UUID.randomUUID();
        postEvent(id(), account, "usage.login", at, Map.of()).then().statusCode(202);
        awaitHealth(account, 1);
        Instant acceptedBeforeErasure = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String requestId = erase(Map.of("accountId", account));
        awaitStatus(requestId, s -> "confirmed".equals(s.getString("services.'scoring-service'.status")));

        String late = id();
        KafkaSend.send(Topics.ENGAGEMENT_EVENTS, account, rawEvent(late, account, "usage.feature_used",
                "{\"feature\":\"reports\"}", acceptedBeforeErasure));
        // Same key, same partition, in order: once the new event is scored, the late one was consumed before it.
        String fresh = id();
        postEvent(fresh, account, "usage.login", Instant.now(), Map.of()).then().statusCode(202);
        Map<String, Object> health = awaitHealth(account, 1);

        assertThat(given().get("/accounts/{id}/events", account).jsonPath().getList("id")).containsExactly(fresh);
        assertThat(db().getCollection("events").countDocuments(Filters.eq("_id", late))).isZero();
        // A new account from fresh data: one login, no feature use from before the erasure.
        assertThat(((Map<String, Object>) given().get("/accounts/{id}/engagement", account).as(Map.class).get("signals"))
                .get("featuresUsed")).isEqualTo(0);
        assertThat(health.get("version")).isEqualTo(1);
    }

    @Test
    void onePersonsUserIdIsRemovedFromTheEventsWhichStillCount() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        String first = id();
        String second = id();
        String other = id();
        postEvent(first, account, "usage.feature_used", at, Map.of("feature", "reports", "userId", "u-erase")).then().statusCode(202);
        postEvent(second, account, "usage.login", at, Map.of("userId", "u-erase")).then().statusCode(202);
        postEvent(other, account, "usage.login", at, Map.of("userId", "u-stay")).then().statusCode(202);
        Map<String, Object> before = awaitHealth(account, 1, h -> eventCount(account) == 3);
        Instant acceptedBeforeErasure = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        String requestId = erase(Map.of("accountId", account, "userId", "u-erase"));
        JsonPath status = awaitStatus(requestId, s -> "confirmed".equals(s.getString("services.'scoring-service'.status")));
        assertThat(status.getString("scope")).isEqualTo("user");
        assertThat(status.getInt("services.'scoring-service'.erased.eventUserIds")).isEqualTo(2);

        // An event of the same person accepted before the erasure, arriving after it: stored without the user id.
        String late = id();
        // It happened when the others did: an event on another day would add an active day and move the score (a run in
        // the first hour after midnight UTC saw 33 instead of 32).
        KafkaSend.send(Topics.ENGAGEMENT_EVENTS, account, rawEvent(late, account, "usage.login", "{\"userId\":\"u-erase\"}",
                at, acceptedBeforeErasure));
        awaitHealth(account, 1, h -> eventCount(account) == 4);

        List<Map<String, Object>> events = given().get("/accounts/{id}/events", account).jsonPath().getList("$");
        assertThat(events).extracting(e -> e.get("id")).containsExactlyInAnyOrder(first, second, other, late);
        assertThat(events).filteredOn(e -> !other.equals(e.get("id")))
                .allSatisfy(e -> assertThat((Map<String, Object>) e.get("attributes")).doesNotContainKey("userId"));
        assertThat(events).filteredOn(e -> other.equals(e.get("id"))).singleElement()
                .satisfies(e -> assertThat((Map<String, Object>) e.get("attributes")).containsEntry("userId", "u-stay"));
        assertThat(db().getCollection("events").find(Filters.eq("accountId", account)).into(new java.util.ArrayList<>()))
                .allSatisfy(d -> assertThat(d.toJson()).doesNotContain("u-erase"));
        // The events still count: the account keeps its score, the feature use included.
        Map<String, Object> after = awaitHealth(account, 1);
        assertThat(after.get("score")).isEqualTo(before.get("score"));

        // Once every service confirmed, the request keeps only the hash of the user id.
        confirm(requestId, "segmentation-service", account, Map.of("userReferences", 0L));
        confirm(requestId, "nurture-service", account, Map.of("userReferences", 0L));
        JsonPath complete = awaitStatus(requestId, s -> s.getBoolean("complete") && s.getString("userId") == null);
        assertThat(complete.getString("scope")).isEqualTo("user");
        Document stored = db().getCollection("erasure_requests").find(Filters.eq("_id", requestId)).first();
        assertThat(stored.toJson()).doesNotContain("u-erase");
        assertThat(stored.getString("userIdSha256")).hasSize(64);
    }

    @Test
    void aRequestStoredButNeverAcknowledgedIsPublishedAgainAndCarriedOut() {
        // As if the process died between storing the request and Kafka's ack.
        String account = "acct-" + UUID.randomUUID();
        String requestId = "er-" + UUID.randomUUID();
        db().getCollection("erasure_requests").insertOne(new Document("_id", requestId).append("accountId", account)
                .append("requestedAt", new java.util.Date()).append("requestedBy", "operator")
                .append("confirmations", new Document()));

        TopicProbe.readUntil(Topics.ERASURE_REQUESTS, r -> account.equals(r.key()) && r.value().contains(requestId),
                Duration.ofSeconds(30));
        JsonPath status = awaitStatus(requestId, s -> "confirmed".equals(s.getString("services.'scoring-service'.status")));
        assertThat(status.getString("publishedAt")).isNotNull();
    }

    @Test
    void invalidRequestsAre400NamingTheFieldAndUnknownOnes404() {
        given().contentType(ContentType.JSON).body(Map.of("userId", "u-1")).when().post("/erasures")
                .then().statusCode(400).contentType("application/problem+json").body("violations.field", hasItem("accountId"));
        given().contentType(ContentType.JSON).body(Map.of("accountId", "not an id!")).when().post("/erasures")
                .then().statusCode(400).body("violations.field", hasItem("accountId"));
        given().contentType(ContentType.JSON).body(Map.of("accountId", "acme", "userId", " ")).when().post("/erasures")
                .then().statusCode(400).body("violations.field", hasItem("userId"));
        given().get("/erasures/{id}", "er-unknown").then().statusCode(404).contentType("application/problem+json");
        given().get("/erasures?limit=0").then().statusCode(400).body("violations.field", hasItem("limit"));
    }

    @Test
    void onlyAdministratorsMayRequestOrReadErasures() {
        given().spec(TestTokens.as(Roles.MANAGER)).contentType(ContentType.JSON).body(Map.of("accountId", "acme"))
                .when().post("/erasures").then().statusCode(403).contentType("application/problem+json");
        given().spec(TestTokens.as(Roles.VIEWER)).get("/erasures").then().statusCode(403);
        TestTokens.signOut();
        try {
            given().contentType(ContentType.JSON).body(Map.of("accountId", "acme")).when().post("/erasures")
                    .then().statusCode(401).contentType("application/problem+json");
            given().get("/erasures/{id}", "er-x").then().statusCode(401);
        } finally {
            TestTokens.signInAsOperator();
        }
    }

    private static String erase(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/erasures")
                .then().statusCode(202).extract().jsonPath().getString("requestId");
    }

    private static JsonPath awaitStatus(String requestId, Predicate<JsonPath> until) {
        return await("status of erasure " + requestId).atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/erasures/{id}", requestId).then().statusCode(200).extract().jsonPath(), until::test);
    }

    private void confirm(String requestId, String service, String account, Map<String, Long> erased) throws Exception {
        KafkaSend.send(Topics.ERASURE_CONFIRMATIONS, account, json.writeValueAsString(new ErasureConfirmationMessage(
                ErasureConfirmationMessage.SCHEMA_VERSION, requestId, service, account, Instant.now(), erased)));
    }

    private static int eventCount(String account) {
        return given().get("/accounts/{id}/events", account).jsonPath().getList("$").size();
    }

    private static String rawEvent(String id, String account, String type, String attributes, Instant receivedAt) {
        return rawEvent(id, account, type, attributes, receivedAt.minusSeconds(60), receivedAt);
    }

    private static String rawEvent(String id, String account, String type, String attributes, Instant occurredAt,
            Instant receivedAt) {
        return "{\"schemaVersion\":1,\"eventId\":\"" + id + "\",\"accountId\":\"" + account + "\",\"type\":\"" + type
                + "\",\"occurredAt\":\"" + occurredAt + "\",\"receivedAt\":\"" + receivedAt
                + "\",\"attributes\":" + attributes + "}";
    }

    private MongoDatabase db() {
        return mongo.getDatabase(database);
    }

    private static String id() {
        return "evt-" + UUID.randomUUID();
    }
}
