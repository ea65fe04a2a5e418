package io.retentionplatform.nurture;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.retentionplatform.contracts.SegmentChangeMessage;
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

/** Segment changes on the real broker become memberships in the real PostgreSQL, once, newest version wins. */
@QuarkusTest
class SegmentChangeConsumptionTest {

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    private static final String SILENT = "quadrant:silent_satisfieds";
    private static final String AUDIT = "audit:silent_90_days";

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
    void enteringAndLeavingSegmentsIsReflected() throws Exception {
        String account = "acct-" + UUID.randomUUID();

        publish(change(account, SILENT, true, 1));
        publish(change(account, AUDIT, true, 1));
        awaitSegments(account, List.of(AUDIT, SILENT));

        publish(change(account, AUDIT, false, 2));
        awaitSegments(account, List.of(SILENT));
    }

    @Test
    void repeatedAndStaleChangesAreIgnored() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        SegmentChangeMessage entered = change(account, SILENT, true, 5);

        publish(entered);
        awaitSegments(account, List.of(SILENT));
        publish(change(account, SILENT, false, 4));                                  // older, arrives late
        publish(SegmentChangeMessage.membership(entered.messageId(), account, SILENT, false, 6, Instant.now())); // same id
        publish(change(account, AUDIT, true, 1));                                    // a real change behind them

        awaitSegments(account, List.of(AUDIT, SILENT));
    }

    @Test
    void accountWithoutKnownSegmentsHasAnEmptyList() {
        given().when().get("/accounts/{id}/segments", "nobody-" + UUID.randomUUID())
                .then().statusCode(200).body("$", empty());
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

    private static SegmentChangeMessage change(String account, String segment, boolean member, long version) {
        return SegmentChangeMessage.membership("m-" + UUID.randomUUID(), account, segment, member, version, Instant.now());
    }

    private void publish(SegmentChangeMessage message) throws Exception {
        producer.send(new ProducerRecord<>(Topics.SEGMENT_CHANGES, message.accountId(), json.writeValueAsString(message))).get();
    }

    private static void awaitSegments(String account, List<String> expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        AssertionError last = null;
        while (System.nanoTime() < deadline) {
            try {
                given().when().get("/accounts/{id}/segments", account)
                        .then().statusCode(200).body("segment", contains(expected.toArray()));
                return;
            } catch (AssertionError e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw last;
    }
}
