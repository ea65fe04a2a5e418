package io.retentionplatform.scoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.retentionplatform.contracts.EngagementEventMessage;
import io.retentionplatform.support.testing.TestTokens;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Data minimisation at ingest, in all three formats, over the real broker and MongoDB wire server: what the scoring
 * reads, source, userId and the configured allow-list survive; e-mail, name, phone, IP and anything else the sender
 * attached are in none of the Kafka record, the MongoDB document and the events API.
 */
@QuarkusTest
@SuppressWarnings("unchecked")
class PersonalDataAtIngestTest {

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }


    private static final String EMAIL = "ann.jansen@example.com";
    private static final String NAME = "Ann Jansen";
    private static final String PHONE = "+31 6 1234 5678";
    private static final String IP = "203.0.113.77";

    @Inject
    MongoClient mongo;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    private final String at = Instant.now().minus(1, ChronoUnit.HOURS).toString();

    @Test
    void segmentIdentifyKeepsOnlyUserIdAndSource() {
        String account = "acct-" + UUID.randomUUID();
        String id = "evt-" + UUID.randomUUID();
        given().contentType(ContentType.JSON)
                .body(Map.of("messageId", id, "userId", "u-1047", "anonymousId", "anon-9",
                        "traits", Map.of("email", EMAIL, "name", NAME, "phone", PHONE, "address", Map.of("city", "Utrecht")),
                        "context", Map.of("groupId", account, "ip", IP, "userAgent", "Mozilla/5.0"), "timestamp", at))
                .when().post("/v1/identify")
                .then().statusCode(200);

        assertEverywhere(account, id, Map.of("userId", "u-1047", "source", "segment:identify"));
    }

    @Test
    void segmentTrackKeepsWhatTheScoringReadsAndDropsProperties() {
        String account = "acct-" + UUID.randomUUID();
        String id = "evt-" + UUID.randomUUID();
        given().contentType(ContentType.JSON)
                .body(Map.of("type", "track", "messageId", id, "userId", "u-1047", "event", "NPS Survey Submitted",
                        "properties", Map.of("nps", 9, "email", EMAIL, "comment", "Call me, " + NAME + " " + PHONE,
                                "campaign", "autumn-survey"),
                        "context", Map.of("groupId", account, "ip", IP, "traits", Map.of("email", EMAIL)), "timestamp", at))
                .when().post("/v1/track")
                .then().statusCode(200);

        assertEverywhere(account, id, Map.of("score", 9, "campaign", "autumn-survey", "userId", "u-1047",
                "source", "segment:track:NPS Survey Submitted"));
    }

    @Test
    void aCloudEventKeepsItsDirectionAndSourceOnly() {
        String account = "acct-" + UUID.randomUUID();
        String id = "evt-" + UUID.randomUUID();
        given().contentType("application/cloudevents+json")
                .body(Map.of("specversion", "1.0", "id", id, "source", "/crm/hubspot", "type", "io.retentionplatform.contact.call",
                        "subject", account, "time", at, "data", Map.of("direction", "inbound", "contactEmail", EMAIL,
                                "contactName", NAME, "notes", Map.of("phone", PHONE), "callerIp", IP)))
                .when().post("/events")
                .then().statusCode(202);

        assertEverywhere(account, id, Map.of("direction", "inbound", "source", "/crm/hubspot"));
    }

    @Test
    void aBinaryModeCloudEventKeepsItsFeatureAndSourceOnly() {
        String account = "acct-" + UUID.randomUUID();
        String id = "evt-" + UUID.randomUUID();
        given().header("ce-specversion", "1.0").header("ce-id", id).header("ce-source", "/product/web")
                .header("ce-type", "io.retentionplatform.usage.feature_used").header("ce-subject", account).header("ce-time", at)
                .header("ce-useremail", EMAIL)
                .contentType(ContentType.JSON)
                .body(Map.of("feature", "forecasting", "userId", "u-88", "email", EMAIL, "clientIp", IP, "referrer", "x"))
                .when().post("/events")
                .then().statusCode(202);

        assertEverywhere(account, id, Map.of("feature", "forecasting", "userId", "u-88", "source", "/product/web"));
    }

    @Test
    void aNativeEventKeepsItsTicketFieldsAndScalarsOnly() {
        String account = "acct-" + UUID.randomUUID();
        String id = "evt-" + UUID.randomUUID();
        given().contentType(ContentType.JSON)
                .body(Map.of("id", id, "accountId", account, "type", "support.ticket_opened", "occurredAt", at,
                        "attributes", Map.of("ticketId", "T-77", "severity", "high", "requesterEmail", EMAIL,
                                "requester", Map.of("name", NAME, "phone", PHONE), "userId", "u-5",
                                "campaign", List.of("not", "a", "scalar"), "ip", IP)))
                .when().post("/events")
                .then().statusCode(202);

        assertEverywhere(account, id, Map.of("ticketId", "T-77", "severity", "high", "userId", "u-5"));
        // The kept attributes still do their work: the ticket counts as open and high severity.
        Map<String, Object> health = EventIngestionTest.awaitHealth(account, 1);
        assertThat((String) health.get("explanation")).isNotBlank();
        Map<String, Object> engagement = given().get("/accounts/{id}/engagement", account).then().statusCode(200)
                .extract().as(Map.class);
        assertThat(((Map<String, Object>) engagement.get("signals")).get("openTickets")).isEqualTo(1);
    }

    /** The Kafka record, the MongoDB document and the events API carry exactly {@code expected} as attributes. */
    private void assertEverywhere(String account, String eventId, Map<String, Object> expected) {
        String raw = IngestProbe.published(account, eventId).value();
        assertNoPersonalData(raw);
        assertThat(read(raw).attributes()).containsExactlyInAnyOrderEntriesOf(expected);

        List<Map<String, Object>> served = IngestProbe.storedExactly(account, 1);
        assertThat(served).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("id", eventId);
            assertThat((Map<String, Object>) e.get("attributes")).containsExactlyInAnyOrderEntriesOf(expected);
        });

        Document stored = mongo.getDatabase(database).getCollection("events").find(Filters.eq("_id", eventId)).first();
        assertThat(stored).isNotNull();
        assertNoPersonalData(stored.toJson());
        assertThat(stored.get("attributes", Document.class)).containsOnlyKeys(expected.keySet());
    }

    private static void assertNoPersonalData(String text) {
        assertThat(text).doesNotContain(EMAIL).doesNotContain(NAME).doesNotContain(PHONE).doesNotContain(IP)
                .doesNotContain("Utrecht").doesNotContain("anon-9").doesNotContain("Mozilla");
    }

    private EngagementEventMessage read(String value) {
        try {
            return json.readValue(value, EngagementEventMessage.class);
        } catch (Exception e) {
            throw new IllegalStateException("Unreadable engagement event: " + value, e);
        }
    }
}
