package io.retentionplatform.scoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.retentionplatform.support.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each ingest format over the real broker and MongoDB wire server: accepted, mapped, rejected one by one. */
@QuarkusTest
class IngestFormatsTest {

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    private final String at = Instant.now().minus(1, ChronoUnit.HOURS).toString();

    @Test
    void nativeBatchAcceptsTheGoodEventsAndRejectsTheBadOnesByIndex() {
        String account = account();
        String good1 = id();
        String good2 = id();
        String badType = id();
        String badAttributes = id();
        List<Map<String, Object>> events = List.of(
                event(good1, account, "usage.feature_used", Map.of("feature", "reports")),
                event(badType, account, "usage.teleport", Map.of()),
                event(badAttributes, account, "survey.nps", Map.of("score", 11)),
                event(good2, account, "contact.call", Map.of("direction", "inbound")));

        given().contentType(ContentType.JSON).body(Map.of("events", events))
                .when().post("/events/batch")
                .then().statusCode(202)
                .body("accepted", equalTo(2))
                .body("acceptedIds", contains(good1, good2))
                .body("rejected.index", contains(1, 2))
                .body("rejected[0].violations.field", hasItem("events[1].type"))
                .body("rejected[1].violations.field", hasItem("events[2].attributes.score"));

        assertThat(awaitStoredIds(account, 2)).containsExactlyInAnyOrder(good1, good2);
    }

    @Test
    void aBatchOfOnlyBadEventsIs400AndUnreadableOrOversizedRequestsAreRefused() {
        given().contentType(ContentType.JSON).body(Map.of("events", List.of(event(id(), account(), "nope", Map.of()))))
                .when().post("/events/batch")
                .then().statusCode(400).contentType("application/problem+json").body("rejected[0].index", equalTo(0));
        given().contentType(ContentType.JSON).body("{\"events\": [ {\"id\": ")
                .when().post("/events/batch")
                .then().statusCode(400).contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString("line 1"));
        given().contentType(ContentType.JSON).body(Map.of("things", List.of()))
                .when().post("/events/batch")
                .then().statusCode(400).body("violations.field", hasItem("events"));

        List<Map<String, Object>> tooMany = new ArrayList<>();
        String account = account();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(event(id(), account, "usage.login", Map.of()));
        }
        given().contentType(ContentType.JSON).body(Map.of("events", tooMany))
                .when().post("/events/batch")
                .then().statusCode(413).contentType("application/problem+json");
        String padding = "x".repeat(1100 * 1024);
        given().contentType(ContentType.JSON).body(Map.of("events", List.of(event(id(), account, "usage.login", Map.of("note", padding)))))
                .when().post("/events/batch")
                .then().statusCode(413).contentType("application/problem+json");
        assertThat(IngestProbe.storedNow(account)).isEmpty();
    }

    @Test
    void segmentCallsAreMappedWithMessageIdAsIdAndGroupIdAsAccount() {
        String account = account();
        String featureId = id();
        String identifyId = id();

        given().contentType(ContentType.JSON)
                .body(Map.of("type", "track", "messageId", featureId, "userId", "u-1", "event", "Feature Used",
                        "properties", Map.of("feature_name", "forecasting"), "context", Map.of("groupId", account),
                        "timestamp", at))
                .when().post("/v1/track")
                .then().statusCode(200).body("success", equalTo(true)).body("accepted", equalTo(1));
        given().contentType(ContentType.JSON)
                .body(Map.of("messageId", identifyId, "userId", "u-1", "traits", Map.of("email", "ann@example.com"),
                        "context", Map.of("groupId", account), "timestamp", at))
                .when().post("/v1/identify")
                .then().statusCode(200).body("accepted", equalTo(1));
        given().contentType(ContentType.JSON)
                .body(Map.of("messageId", id(), "userId", "u-1", "groupId", account, "traits", Map.of("name", "Acme")))
                .when().post("/v1/group")
                .then().statusCode(200).body("accepted", equalTo(0)).body("skipped[0].reason", org.hamcrest.Matchers.containsString("group"));

        List<Map<String, Object>> stored = awaitStored(account, 2);
        assertThat(stored).anySatisfy(e -> {
            assertThat(e).containsEntry("id", featureId).containsEntry("type", "usage.feature_used");
            assertThat((Map<String, Object>) e.get("attributes")).containsEntry("feature", "forecasting").containsEntry("userId", "u-1");
        });
        assertThat(stored).anySatisfy(e -> assertThat(e).containsEntry("id", identifyId).containsEntry("type", "usage.login"));
    }

    @Test
    void segmentBatchUsesTheBatchContextSkipsUnmappedEventsAndRejectsCallsWithoutAccount() {
        String account = account();
        String ticket = id();
        String nps = id();
        Map<String, Object> body = Map.of(
                "batch", List.of(
                        Map.of("type", "track", "messageId", ticket, "event", "Ticket Created",
                                "properties", Map.of("ticket_id", "T-9", "priority", "high"), "timestamp", at),
                        Map.of("type", "track", "messageId", id(), "event", "Button Clicked", "properties", Map.of()),
                        Map.of("type", "track", "messageId", nps, "event", "NPS Survey Submitted",
                                "properties", Map.of("nps", 9), "timestamp", at),
                        Map.of("type", "track", "messageId", id(), "event", "Feature Used",
                                "properties", Map.of("feature", "x"), "context", Map.of("groupId", "")),
                        Map.of("type", "track", "messageId", id(), "properties", Map.of())),
                "context", Map.of("groupId", account));

        given().contentType(ContentType.JSON).body(body)
                .when().post("/v1/batch")
                .then().statusCode(200)
                .body("accepted", equalTo(2))
                .body("skipped.index", contains(1))
                .body("rejected.index", contains(3, 4))
                .body("rejected[0].violations.field", contains("batch[3].context.groupId"))
                .body("rejected[1].violations.field", hasItem("batch[4].event"));

        List<Map<String, Object>> stored = awaitStored(account, 2);
        assertThat(stored).extracting(e -> e.get("type")).containsExactlyInAnyOrder("support.ticket_opened", "survey.nps");
        assertThat(stored).filteredOn(e -> e.get("id").equals(ticket)).singleElement()
                .satisfies(e -> assertThat((Map<String, Object>) e.get("attributes")).containsEntry("ticketId", "T-9").containsEntry("severity", "high"));
    }

    @Test
    void theSameSegmentMessageSentTwiceIsStoredOnce() {
        String account = account();
        String messageId = id();
        Map<String, Object> call = Map.of("type", "track", "messageId", messageId, "event", "Meeting Held",
                "properties", Map.of("direction", "inbound"), "context", Map.of("groupId", account), "timestamp", at);

        given().contentType(ContentType.JSON).body(call).when().post("/v1/track").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("batch", List.of(call))).when().post("/v1/batch").then().statusCode(200);
        String marker = id();
        given().contentType(ContentType.JSON).body(event(marker, account, "usage.login", Map.of())).when().post("/events").then().statusCode(202);

        assertThat(awaitStoredIds(account, 2)).containsExactlyInAnyOrder(messageId, marker);
        Map<String, Object> health = EventIngestionTest.awaitHealth(account, 1, h -> true);
        assertThat(((Map<String, Map<String, Number>>) health.get("components")).get("engagement").get("value").intValue()).isBetween(24, 25);
    }

    @Test
    void cloudEventsInStructuredModeAreMappedBySubjectOrPartitionKey() {
        String account = account();
        String single = id();
        String inBatch = id();

        given().contentType("application/cloudevents+json")
                .body(Map.of("specversion", "1.0", "id", single, "source", "/crm/hubspot", "type", "io.retentionplatform.contact.meeting",
                        "subject", account, "time", at, "datacontenttype", "application/json", "data", Map.of("direction", "outbound")))
                .when().post("/events")
                .then().statusCode(202).body("eventId", equalTo(single));
        given().contentType("application/cloudevents-batch+json")
                .body(List.of(
                        Map.of("specversion", "1.0", "id", inBatch, "source", "/product", "type", "usage.feature_used",
                                "partitionkey", account, "time", at, "data", Map.of("feature", "api")),
                        Map.of("specversion", "0.3", "id", id(), "source", "/product", "type", "usage.login", "subject", account)))
                .when().post("/events")
                .then().statusCode(202).body("accepted", equalTo(1)).body("rejected[0].violations.field", hasItem("[1].specversion"));
        given().contentType("application/cloudevents+json")
                .body(Map.of("specversion", "1.0", "id", id(), "source", "/x", "type", "usage.login"))
                .when().post("/events")
                .then().statusCode(400).contentType("application/problem+json").body("violations.field", hasItem("subject"));

        List<Map<String, Object>> stored = awaitStored(account, 2);
        assertThat(stored).anySatisfy(e -> assertThat(e).containsEntry("id", single).containsEntry("type", "contact.meeting"));
        assertThat(stored).anySatisfy(e -> assertThat(e).containsEntry("id", inBatch).containsEntry("type", "usage.feature_used"));
    }

    private static List<String> awaitStoredIds(String account, int count) {
        return awaitStored(account, count).stream().map(e -> (String) e.get("id")).toList();
    }

    private static List<Map<String, Object>> awaitStored(String account, int count) {
        return IngestProbe.storedExactly(account, count);
    }

    private Map<String, Object> event(String id, String account, String type, Map<String, Object> attributes) {
        return Map.of("id", id, "accountId", account, "type", type, "occurredAt", at, "attributes", attributes);
    }

    private static String account() {
        return "acct-" + UUID.randomUUID();
    }

    private static String id() {
        return "evt-" + UUID.randomUUID();
    }
}
