package io.retentionplatform.scoring.deadletter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.support.security.Roles;
import io.retentionplatform.support.testing.TestTokens;
import org.junit.jupiter.api.Test;

/** With Kafka unreachable, listing and redriving answer 503 problem+json with Retry-After within seconds. */
@QuarkusTest
@TestProfile(DeadLettersWithoutKafkaTest.KafkaUnreachable.class)
class DeadLettersWithoutKafkaTest {

    /** The service's Kafka settings point at a port nothing listens on. */
    public static class KafkaUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String nowhere = "127.0.0.1:" + closedPort();
            return Map.of("kafka.bootstrap.servers", nowhere, "%test.kafka.bootstrap.servers", nowhere);
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final String admin = "Bearer " + TestTokens.token("dead-letter-admin-" + UUID.randomUUID(), Roles.ADMIN);

    @Test
    void listingAndRedriveAnswer503WithRetryAfterWithinSeconds() {
        // Warm up authentication and the resource (a refused topic never reaches Kafka), so only Kafka is timed.
        given().header("Authorization", admin).get("/dead-letters/{topic}", "warm-up").then().statusCode(400);

        long t0 = System.nanoTime();
        Response listing = given().header("Authorization", admin).get("/dead-letters/{topic}", Topics.ENGAGEMENT_EVENTS_DLQ);
        Duration listingTook = Duration.ofNanos(System.nanoTime() - t0);
        listing.then().statusCode(503).contentType(containsString("application/problem+json"))
                .header("Retry-After", equalTo("10")).body("title", equalTo("Kafka unavailable"));

        long t1 = System.nanoTime();
        Response redrive = given().header("Authorization", admin).post("/dead-letters/{topic}/redrive", Topics.ACCOUNT_CHANGES_DLQ);
        Duration redriveTook = Duration.ofNanos(System.nanoTime() - t1);
        redrive.then().statusCode(503).contentType(containsString("application/problem+json"))
                .header("Retry-After", equalTo("10"));

        // Kafka calls give up after 3 s here (scoring.dead-letters.kafka-timeout); the clients' defaults wait 60 s.
        // The margin is for a busy machine: creating the clients alone took seconds on a shared 2-core one.
        assertThat(listingTook).isLessThan(Duration.ofSeconds(15));
        assertThat(redriveTook).isLessThan(Duration.ofSeconds(15));
    }
}
