package io.retentionplatform.scoring.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.retentionplatform.support.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ingest producer pointed at a port where no broker listens (the rest of the service uses the real broker): every
 * format answers 503 problem+json with Retry-After within seconds, never hangs.
 */
@QuarkusTest
@TestProfile(KafkaUnavailableIngestTest.NoBroker.class)
class KafkaUnavailableIngestTest {

    /**
     * Above the service's own bound (scoring.ingest.kafka-ack-timeout, 10 s), with room for a busy test machine; far
     * below Kafka's defaults, which would hold the request for a minute (max.block.ms) or two (delivery.timeout.ms).
     */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);

    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.engagement-events-out.bootstrap.servers", "127.0.0.1:" + closedPort());
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @BeforeEach
    void warmUp() {
        // The first request loads the request path's classes: not what is timed here. Validation needs no broker.
        given().contentType(ContentType.JSON)
                .body(Map.of("id", id(), "accountId", "acct-warm-up", "type", "usage.teleport", "occurredAt", at))
                .post("/events")
                .then().statusCode(400);
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    private final String account = "acct-" + UUID.randomUUID();
    private final String at = Instant.now().minusSeconds(60).toString();

    @Test
    void aNativeEventIs503WithRetryAfterWithinSeconds() {
        Response response = timed(() -> given().contentType(ContentType.JSON)
                .body(Map.of("id", id(), "accountId", account, "type", "usage.login", "occurredAt", at))
                .post("/events"));

        assertUnavailable(response);
    }

    @Test
    void aSegmentBatchIs503WithRetryAfterWithinSeconds() {
        Response response = timed(() -> given().contentType(ContentType.JSON)
                .body(Map.of("batch", List.of(
                        Map.of("type", "track", "messageId", id(), "event", "Signed In", "groupId", account, "timestamp", at),
                        Map.of("type", "track", "messageId", id(), "event", "Feature Used", "groupId", account,
                                "properties", Map.of("feature", "reports"), "timestamp", at))))
                .post("/v1/batch"));

        assertUnavailable(response);
    }

    @Test
    void aBinaryCloudEventIs503WithRetryAfterWithinSeconds() {
        Response response = timed(() -> given().header("ce-specversion", "1.0").header("ce-id", id())
                .header("ce-source", "/crm").header("ce-type", "usage.login").header("ce-subject", account)
                .post("/events"));

        assertUnavailable(response);
    }

    private static void assertUnavailable(Response response) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.header("Retry-After")).isEqualTo("5");
        assertThat(response.jsonPath().getString("detail")).contains("Kafka did not acknowledge");
    }

    private static Response timed(java.util.function.Supplier<Response> request) {
        long started = System.nanoTime();
        Response response = request.get();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).as("answered after %s", took).isLessThan(ANSWER_WITHIN);
        return response;
    }

    private static String id() {
        return "evt-" + UUID.randomUUID();
    }
}
