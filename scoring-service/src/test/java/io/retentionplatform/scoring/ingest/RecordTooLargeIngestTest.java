package io.retentionplatform.scoring.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.retentionplatform.support.testing.TestTokens;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events too large for Kafka, over the real broker: the ingest producer may send records of up to 4 KB
 * ({@code max.request.size}), and its topic takes messages of up to 1.5 KB ({@code max.message.bytes}). Above 4 KB the
 * service refuses the event before sending; between the two the broker refuses it. Either way 413 problem+json, never
 * a 503 that would make the sender retry forever.
 */
@QuarkusTest
@TestProfile(RecordTooLargeIngestTest.SmallRecords.class)
class RecordTooLargeIngestTest {

    public static class SmallRecords implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.engagement-events-out.max.request.size", "4096",
                    // One record per request: the broker's limit applies to a whole record batch.
                    "mp.messaging.outgoing.engagement-events-out.linger.ms", "0");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SmallTopic.class));
        }
    }

    /**
     * Creates a topic of its own with the small limit before the service could create it with the broker's default,
     * and points the ingest producer at it.
     */
    public static class SmallTopic implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            String topic = "engagement-events-small-" + UUID.randomUUID();
            String bootstrap = System.getenv().getOrDefault("TEST_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:29092");
            try (KafkaCompanion companion = new KafkaCompanion(bootstrap)) {
                companion.topics().create(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("max.message.bytes", "1500"))));
            }
            return Map.of("mp.messaging.outgoing.engagement-events-out.topic", topic);
        }

        @Override
        public void stop() {
        }
    }

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    private final String account = "acct-" + UUID.randomUUID();
    private final String at = Instant.now().minusSeconds(60).toString();

    @Test
    void aSmallEventIsAccepted() {
        given().contentType(ContentType.JSON).body(event(id(), Map.of("campaign", "spring")))
                .post("/events")
                .then().statusCode(202);
    }

    @Test
    void anEventAboveWhatTheProducerMaySendIs413BeforeAnythingIsSent() {
        // Every value within the 1,000-character cap, together above 4 KB.
        Map<String, Object> large = Map.of("feature", "f".repeat(1000), "campaign", "c".repeat(1000),
                "userId", "u".repeat(1000), "source", "s".repeat(1000));

        given().contentType(ContentType.JSON).body(Map.of("id", id(), "accountId", account, "type", "usage.feature_used",
                        "occurredAt", at, "attributes", large))
                .post("/events")
                .then().statusCode(413).contentType("application/problem+json")
                .body("status", equalTo(413))
                .body("detail", containsString("at most 4096 fit"));
    }

    @Test
    void inABatchTheOversizedEventIsRefusedByIndexAndTheOthersAccepted() {
        String small = id();
        Map<String, Object> oversized = Map.of("id", id(), "accountId", account, "type", "usage.feature_used", "occurredAt", at,
                "attributes", Map.of("feature", "f".repeat(1000), "campaign", "c".repeat(1000), "userId", "u".repeat(1000),
                        "source", "s".repeat(1000)));

        given().contentType(ContentType.JSON).body(Map.of("events", List.of(event(small, Map.of()), oversized)))
                .post("/events/batch")
                .then().statusCode(202)
                .body("acceptedIds", equalTo(List.of(small)))
                .body("rejected[0].index", equalTo(1))
                .body("rejected[0].violations[0].field", equalTo("events[1].attributes"))
                .body("rejected[0].violations[0].message", containsString("bytes as a Kafka record"));
        given().contentType(ContentType.JSON).body(Map.of("events", List.of(oversized)))
                .post("/events/batch")
                .then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void anEventTheBrokerRefusesAsTooLargeIs413() {
        // About 2 KB: within what the producer may send, above what the topic takes.
        String response = given().contentType(ContentType.JSON)
                .body(event(id(), Map.of("campaign", "c".repeat(1000), "userId", "u".repeat(900))))
                .post("/events")
                .then().statusCode(413).contentType("application/problem+json")
                .extract().jsonPath().getString("detail");

        assertThat(response).contains("Kafka refused an event as too large");
    }

    private Map<String, Object> event(String id, Map<String, Object> attributes) {
        return Map.of("id", id, "accountId", account, "type", "usage.login", "occurredAt", at, "attributes", attributes);
    }

    private static String id() {
        return "evt-" + UUID.randomUUID();
    }
}
