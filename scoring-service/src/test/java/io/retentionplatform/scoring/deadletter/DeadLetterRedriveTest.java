package io.retentionplatform.scoring.deadletter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.support.security.Roles;
import io.retentionplatform.support.testing.TestTokens;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dead letters listed and redriven against the real Kafka: records put on engagement-events-dlq as SmallRye
 * dead-letters them come back on engagement-events with their key, value and own headers, without the
 * dead-letter ones, once; a second redrive does not send them again.
 */
@QuarkusTest
class DeadLetterRedriveTest {

    private static final TopicPartition DLQ = new TopicPartition(Topics.ENGAGEMENT_EVENTS_DLQ, 0);

    private static KafkaCompanion kafka;

    /** An admin of its own: the redrive's rate limit counts per caller. */
    private final String admin = "Bearer " + TestTokens.token("dead-letter-admin-" + UUID.randomUUID(), Roles.ADMIN);

    @BeforeAll
    static void connect() {
        kafka = new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @BeforeEach
    void anonymousByDefault() {
        TestTokens.signOut();
    }

    @Test
    void redriveSendsDeadLettersBackOnceWithKeyValueAndHeadersButNoDeadLetterHeaders() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> accounts = List.of("acme-dl-" + run + "-1", "acme-dl-" + run + "-2", "acme-dl-" + run + "-3");
        long before = endOffset(DLQ);
        List<ProducerRecord<String, String>> deadLetters = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            deadLetters.add(deadLetter(accounts.get(i), event(accounts.get(i)), 40L + i));
        }
        kafka.produceStrings().fromRecords(deadLetters).awaitCompletion(Duration.ofSeconds(30));

        // Listed from where they start (other tests may dead-letter in between): reason, origin, value as text.
        JsonPath page = given().header("Authorization", admin)
                .queryParam("partition", 0).queryParam("fromOffset", before).queryParam("limit", 200)
                .get("/dead-letters/{topic}", Topics.ENGAGEMENT_EVENTS_DLQ)
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> listed = page.<Map<String, Object>>getList("records").stream()
                .filter(record -> accounts.contains(record.get("key"))).toList();
        assertThat(listed).extracting(record -> record.get("key")).containsExactlyElementsOf(accounts);
        assertThat(listed.get(0)).containsEntry("reason", "Unreadable engagement event")
                .containsEntry("cause", "schema check failed")
                .containsEntry("originalTopic", Topics.ENGAGEMENT_EVENTS)
                .containsEntry("originalPartition", 2)
                .containsEntry("valueTruncated", false);
        assertThat(((Number) listed.get(1).get("originalOffset")).longValue()).isEqualTo(41L);
        assertThat(listed.get(2)).containsEntry("value", event(accounts.get(2)));
        assertThat(page.getLong("partitions[0].nextOffset")).isGreaterThanOrEqualTo(before + 3);

        ConsumerTask<String, String> redriven = kafka.consumeStrings().fromTopics(Topics.ENGAGEMENT_EVENTS);
        try {
            JsonPath first = given().header("Authorization", admin)
                    .post("/dead-letters/{topic}/redrive", Topics.ENGAGEMENT_EVENTS_DLQ)
                    .then().statusCode(200).extract().jsonPath();
            assertThat(first.getInt("redriven")).isGreaterThanOrEqualTo(3);
            assertThat(first.getLong("partitions[0].fromOffset")).isLessThanOrEqualTo(before);
            long position = first.getLong("partitions[0].toOffset");
            assertThat(position).isGreaterThanOrEqualTo(before + 3);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ours(redriven, accounts)).hasSize(3));
            for (ConsumerRecord<String, String> record : ours(redriven, accounts)) {
                assertThat(record.value()).isEqualTo(event(record.key()));
                assertThat(header(record, "origin")).isEqualTo("dead-letter-redrive-test");
                assertThat(record.headers().toArray()).extracting(Header::key)
                        .noneMatch(key -> key.startsWith("dead-letter-"));
            }

            // Again: the position does not go back, and nothing of ours is sent a second time.
            JsonPath second = given().header("Authorization", admin)
                    .post("/dead-letters/{topic}/redrive", Topics.ENGAGEMENT_EVENTS_DLQ)
                    .then().statusCode(200).extract().jsonPath();
            assertThat(second.getLong("partitions[0].fromOffset")).isEqualTo(position);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> ours(redriven, accounts).size() == 3);

            given().header("Authorization", admin).queryParam("partition", 0).queryParam("fromOffset", before)
                    .get("/dead-letters/{topic}", Topics.ENGAGEMENT_EVENTS_DLQ)
                    .then().statusCode(200)
                    .body("partitions[0].redrivePosition", equalTo((int) second.getLong("partitions[0].toOffset")));
        } finally {
            redriven.stop();
        }
    }

    @Test
    void onlyAdminsMayListOrRedrive() {
        given().get("/dead-letters/{topic}", Topics.ENGAGEMENT_EVENTS_DLQ).then().statusCode(401);
        given().post("/dead-letters/{topic}/redrive", Topics.ENGAGEMENT_EVENTS_DLQ).then().statusCode(401);
        for (String role : List.of(Roles.VIEWER, Roles.MANAGER)) {
            given().header("Authorization", TestTokens.bearer(role)).get("/dead-letters/{topic}", Topics.ENGAGEMENT_EVENTS_DLQ)
                    .then().statusCode(403).contentType(containsString("application/problem+json"));
            given().header("Authorization", TestTokens.bearer(role))
                    .post("/dead-letters/{topic}/redrive", Topics.ENGAGEMENT_EVENTS_DLQ)
                    .then().statusCode(403).contentType(containsString("application/problem+json"));
        }
    }

    @Test
    void onlyTheFourDeadLetterTopicsAreAcceptedAndBadParametersAreNamed() {
        for (String topic : List.of(Topics.ENGAGEMENT_EVENTS, Topics.HEALTH_SCORES_DLQ, "segment-changes-dlq")) {
            given().header("Authorization", admin).post("/dead-letters/{topic}/redrive", topic)
                    .then().statusCode(400).contentType(containsString("application/problem+json"))
                    .body("violations[0].field", equalTo("topic"));
            given().header("Authorization", admin).get("/dead-letters/{topic}", topic)
                    .then().statusCode(400).body("violations[0].field", equalTo("topic"));
        }
        given().header("Authorization", admin).queryParam("limit", 0)
                .get("/dead-letters/{topic}", Topics.ACCOUNT_CHANGES_DLQ)
                .then().statusCode(400).contentType(containsString("application/problem+json"))
                .body(containsString("limit"));
        given().header("Authorization", admin).queryParam("partition", 99)
                .get("/dead-letters/{topic}", Topics.ERASURE_REQUESTS_DLQ)
                .then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("violations[0].field", equalTo("partition"));
    }

    private static ProducerRecord<String, String> deadLetter(String account, String value, long originalOffset) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.ENGAGEMENT_EVENTS_DLQ, 0, account, value);
        Map<String, String> headers = Map.of(
                "dead-letter-reason", "Unreadable engagement event",
                "dead-letter-cause", "schema check failed",
                "dead-letter-topic", Topics.ENGAGEMENT_EVENTS,
                "dead-letter-partition", "2",
                "dead-letter-offset", Long.toString(originalOffset),
                "dead-letter-exception-class-name", "java.lang.IllegalArgumentException",
                "origin", "dead-letter-redrive-test");
        headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    /** A valid event: the consumer folds it in when it comes back, rather than dead-lettering it again. */
    private static String event(String account) {
        return "{\"schemaVersion\":1,\"eventId\":\"dl-" + account + "\",\"accountId\":\"" + account
                + "\",\"type\":\"usage.login\",\"occurredAt\":\"2026-01-05T10:00:00Z\",\"receivedAt\":\"2026-01-05T10:00:01Z\","
                + "\"attributes\":{}}";
    }

    private static List<ConsumerRecord<String, String>> ours(ConsumerTask<String, String> task, List<String> accounts) {
        return task.getRecords().stream().filter(record -> accounts.contains(record.key())).toList();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long endOffset(TopicPartition partition) {
        return kafka.offsets().get(partition, OffsetSpec.latest()).offset();
    }
}
