package io.retentionplatform.segmentation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.retentionplatform.contracts.HealthScoreMessage;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.support.testing.TestTokens;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private KafkaProducer<String, String> producer;

    @BeforeEach
    void openProducer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(p);
    }

    @AfterEach
    void closeProducer() {
        producer.close();
    }

    @Test
    void publishedHealthScoreIsStoredAndServed() throws Exception {
        String account = "acct-" + UUID.randomUUID();

        publish(score(account, 1, 64, "watch"));

        Map<String, Object> health = awaitVersion(account, 1);
        assertThat(health).containsEntry("score", 64).containsEntry("band", "watch").containsEntry("adoption", 50);
    }

    @Test
    void repeatedAndStaleMessagesChangeNothing() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        HealthScoreMessage v2 = score(account, 2, 80, "healthy");

        publish(v2);
        awaitVersion(account, 2);
        publish(HealthScoreMessage.basic("m-" + UUID.randomUUID(), account, 1, 10, "at_risk", 0, 0, 0, Instant.now())); // older version, late
        publish(HealthScoreMessage.basic(v2.messageId(), account, 3, 5, "at_risk", 0, 0, 0, Instant.now())); // same message id
        publish(score(account, 4, 55, "watch"));                          // a real change behind them

        Map<String, Object> health = awaitVersion(account, 4);
        assertThat(health).containsEntry("score", 55).containsEntry("version", 4);
        // Had the stale version 1 (adoption 0) or the repeat (adoption 0) been applied, the account would have left
        // its quadrant and come back: one stay, never left, proves neither was.
        java.util.List<Map<String, Object>> stays = given().get("/accounts/{id}/segments", account).jsonPath().getList("$");
        assertThat(stays).filteredOn(s -> "quadrant".equals(s.get("kind"))).singleElement()
                .satisfies(s -> assertThat(s.get("leftAt")).isNull());
    }

    @Test
    void poisonMessageGoesToTheDeadLetterTopicAndTheConsumerCarriesOn() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        producer.send(new ProducerRecord<>(Topics.HEALTH_SCORES, account, "{not json")).get();
        producer.send(new ProducerRecord<>(Topics.HEALTH_SCORES, account,
                json.writeValueAsString(HealthScoreMessage.basic("m-" + UUID.randomUUID(), account, 1, 1, "at_risk", 0, 0, 0, Instant.now()))
                        .replace("\"schemaVersion\":1", "\"schemaVersion\":99")))
                .get();
        publish(score(account, 1, 42, "watch"));

        assertThat(awaitVersion(account, 1)).containsEntry("score", 42);
        assertThat(DeadLetters.countFor(bootstrap, Topics.HEALTH_SCORES_DLQ, account, 2, Duration.ofSeconds(20))).isEqualTo(2);
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

    private void publish(HealthScoreMessage message) throws Exception {
        producer.send(new ProducerRecord<>(Topics.HEALTH_SCORES, message.accountId(), json.writeValueAsString(message))).get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> awaitVersion(String account, long version) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Response response = given().when().get("/accounts/{id}", account);
            if (response.statusCode() == 200) {
                Map<String, Object> health = (Map<String, Object>) response.as(Map.class).get("health");
                if (((Number) health.get("version")).longValue() >= version) {
                    return health;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("Account " + account + " did not reach version " + version + " within 20 s");
    }
}
