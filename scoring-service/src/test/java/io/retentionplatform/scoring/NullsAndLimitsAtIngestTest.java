package io.retentionplatform.scoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.retentionplatform.support.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Null values and oversized attributes in all three formats, over the real broker and MongoDB wire server: a null says
 * nothing and is dropped (never a 500, never a null on Kafka); a required field that is null, too many attributes or
 * too long a value is 400 problem+json naming the field as the sender wrote it.
 */
@QuarkusTest
@SuppressWarnings("unchecked")
class NullsAndLimitsAtIngestTest {

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    private final String account = "acct-" + UUID.randomUUID();
    private final String at = Instant.now().minus(1, ChronoUnit.HOURS).toString();

    @Test
    void aSegmentBatchWithNullPropertiesAndContextIsAcceptedWithoutTheNulls() {
        String feature = id();
        String login = id();
        String ticket = id();
        Map<String, Object> context = nulls("referrer", "ip");
        context.put("groupId", account);
        Map<String, Object> properties = nulls("referrer", "campaign");
        properties.put("feature_name", "forecasting");
        properties.put("feature", null);
        String body = json(Map.of(
                "batch", List.of(
                        Map.of("type", "track", "messageId", feature, "event", "Feature Used", "properties", properties,
                                "context", context, "timestamp", at),
                        withNulls(Map.of("type", "identify", "messageId", login, "context", context, "timestamp", at),
                                "userId", "traits", "anonymousId"),
                        withNulls(Map.of("type", "track", "messageId", ticket, "event", "Ticket Opened",
                                "properties", withNulls(Map.of("ticket_id", "T-1"), "priority", "url"), "timestamp", at),
                                "context", "originalTimestamp")),
                "context", Map.of("groupId", account, "page", nulls("referrer"))));

        given().contentType(ContentType.JSON).body(body)
                .when().post("/v1/batch")
                .then().statusCode(200).body("accepted", equalTo(3)).body("rejected", equalTo(List.of()));

        assertThat(IngestProbe.published(account, feature).value()).doesNotContain("null").contains("\"feature\":\"forecasting\"");
        assertThat(IngestProbe.storedExactly(account, 3)).allSatisfy(e ->
                assertThat((Map<String, Object>) e.get("attributes")).doesNotContainValue(null).doesNotContainKey("referrer"));
    }

    @Test
    void aRequiredFieldThatIsNullIsNamedWhereTheSenderPutIt() {
        List<Map<String, Object>> calls = List.of(
                Map.of("type", "track", "messageId", id(), "event", "Signed In", "timestamp", at),
                Map.of("type", "track", "messageId", id(), "event", "Signed In", "timestamp", at),
                Map.of("type", "track", "messageId", id(), "event", "Signed In", "timestamp", at),
                Map.of("type", "track", "messageId", id(), "event", "NPS Survey Submitted", "timestamp", at,
                        "properties", withNulls(Map.of("plan", "gold"), "nps")));

        given().contentType(ContentType.JSON).body(json(Map.of("batch", calls, "context", Map.of("groupId", account))))
                .when().post("/v1/batch")
                .then().statusCode(200).body("accepted", equalTo(3))
                .body("rejected[0].index", equalTo(3))
                .body("rejected[0].violations.field", contains("batch[3].properties.score"));
        given().contentType(ContentType.JSON)
                .body(json(withNulls(Map.of("id", id(), "accountId", account, "type", "usage.feature_used", "occurredAt", at,
                        "attributes", withNulls(Map.of("campaign", "spring"), "feature")), "userId")))
                .when().post("/events")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", contains("attributes.feature"));
        given().contentType("application/cloudevents+json")
                .body(json(withNulls(Map.of("specversion", "1.0", "id", id(), "source", "/crm", "type", "survey.nps",
                        "subject", account, "data", withNulls(Map.of("comment", "fine"), "score")), "time", "dataschema")))
                .when().post("/events")
                .then().statusCode(400).body("violations.field", contains("data.score"));
        given().contentType(ContentType.JSON)
                .body(json(withNulls(Map.of("accountId", account, "type", "usage.login", "occurredAt", at), "id", "attributes")))
                .when().post("/events")
                .then().statusCode(400).body("violations.field", contains("id"));
    }

    @Test
    void nullAttributesInNativeAndCloudEventsAreDropped() {
        String nativeId = id();
        String cloudId = id();
        given().contentType(ContentType.JSON)
                .body(json(Map.of("id", nativeId, "accountId", account, "type", "contact.call", "occurredAt", at,
                        "attributes", withNulls(Map.of("direction", "inbound"), "campaign", "userId", "source"))))
                .when().post("/events")
                .then().statusCode(202);
        given().contentType("application/cloudevents-batch+json")
                .body(json(List.of(withNulls(Map.of("specversion", "1.0", "id", cloudId, "source", "/crm", "type", "usage.login",
                        "subject", account, "data", nulls("campaign", "userId")), "time"))))
                .when().post("/events")
                .then().statusCode(202).body("accepted", equalTo(1));

        List<Map<String, Object>> stored = IngestProbe.storedExactly(account, 2);
        assertThat(stored).filteredOn(e -> e.get("id").equals(nativeId)).singleElement()
                .satisfies(e -> assertThat((Map<String, Object>) e.get("attributes")).containsExactlyEntriesOf(Map.of("direction", "inbound")));
        assertThat(stored).filteredOn(e -> e.get("id").equals(cloudId)).singleElement()
                .satisfies(e -> assertThat((Map<String, Object>) e.get("attributes")).containsExactlyEntriesOf(Map.of("source", "/crm")));
    }

    @Test
    void tooManyAttributesOrTooLongAValueIsRefusedNamingTheField() {
        Map<String, Object> many = new HashMap<>();
        for (int i = 0; i <= 50; i++) {
            many.put("a" + i, i);
        }
        given().contentType(ContentType.JSON)
                .body(Map.of("id", id(), "accountId", account, "type", "usage.login", "occurredAt", at, "attributes", many))
                .when().post("/events")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("attributes"))
                .body("violations[0].message", containsString("at most 50 attributes"));
        given().contentType(ContentType.JSON)
                .body(Map.of("batch", List.of(
                        Map.of("type", "track", "messageId", id(), "event", "Signed In", "timestamp", at),
                        Map.of("type", "track", "messageId", id(), "event", "Webinar Attended", "timestamp", at,
                                "properties", Map.of("campaign_name", "x".repeat(1001)))),
                        "context", Map.of("groupId", account)))
                .when().post("/v1/batch")
                .then().statusCode(200).body("accepted", equalTo(1))
                .body("rejected[0].violations.field", contains("batch[1].properties.campaign_name"))
                .body("rejected[0].violations[0].message", containsString("at most 1000 characters"));
        given().contentType("application/cloudevents+json")
                .body(Map.of("specversion", "1.0", "id", id(), "source", "/" + "s".repeat(1000), "type", "usage.login",
                        "subject", account, "data", Map.of("n".repeat(101), 1)))
                .when().post("/events")
                .then().statusCode(400).body("violations.field", org.hamcrest.Matchers.containsInAnyOrder("source", "data"));
    }

    /** A map with each of {@code names} set to null (Map.of refuses nulls; Jackson writes them). */
    private static Map<String, Object> nulls(String... names) {
        return withNulls(Map.of(), names);
    }

    private static Map<String, Object> withNulls(Map<String, Object> values, String... names) {
        Map<String, Object> map = new LinkedHashMap<>(values);
        for (String name : names) {
            map.put(name, null);
        }
        return map;
    }

    /** Written by Jackson as it is, nulls included (RestAssured's object mapping may leave them out). */
    private static String json(Object body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String id() {
        return "evt-" + UUID.randomUUID();
    }
}
