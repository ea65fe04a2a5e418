package io.retentionplatform.scoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.retentionplatform.support.testing.TcpRelay;
import io.retentionplatform.support.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service reaches the real MongoDB wire server through a relay that the test cuts: while MongoDB is gone a
 * request that needs it is a 503 problem+json with Retry-After within seconds (not a 500), and it is served again
 * once MongoDB is back.
 */
@QuarkusTest
@TestProfile(StoreUnavailableTest.ThroughRelay.class)
class StoreUnavailableTest {

    /**
     * The relay's switch, kept in the system properties: the profile and the test may see this class through
     * different class loaders, so a static field would give each its own relay. {@code true} cuts, {@code false}
     * restores.
     */
    private static final String SWITCH = "store-unavailable-test.relay";

    public static class ThroughRelay implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            relay();
            String uri = "mongodb://127.0.0.1:" + System.getProperty(SWITCH + ".port");
            return Map.of("quarkus.mongodb.connection-string", uri, "%test.quarkus.mongodb.connection-string", uri,
                    "quarkus.mongodb.server-selection-timeout", "2S");
        }
    }

    @SuppressWarnings("unchecked")
    static Consumer<Boolean> relay() {
        synchronized (System.getProperties()) {
            Object existing = System.getProperties().get(SWITCH);
            if (existing == null) {
                URI mongo = URI.create(System.getenv().getOrDefault("TEST_MONGODB_URI", "mongodb://127.0.0.1:27027"));
                TcpRelay relay;
                try {
                    relay = new TcpRelay(mongo.getHost(), mongo.getPort());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Consumer<Boolean> toggle = cut -> {
                    if (cut) {
                        relay.cut();
                    } else {
                        try {
                            relay.restore();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                };
                System.setProperty(SWITCH + ".port", Integer.toString(relay.port()));
                System.getProperties().put(SWITCH, toggle);
                existing = toggle;
            }
            return (Consumer<Boolean>) existing;
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

    @Test
    void withMongoDbGoneARequestIs503WithRetryAfterAndIsServedOnceItIsBack() {
        given().get("/accounts/{id}/health", "store-outage-1").then().statusCode(404);

        relay().accept(true);
        try {
            long t0 = System.nanoTime();
            Response during = given().get("/accounts/{id}/health", "store-outage-1");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            during.then().statusCode(503).contentType(containsString("application/problem+json"))
                    .header("Retry-After", equalTo("5")).body("title", equalTo("Storage unavailable"))
                    .body("instance", equalTo("/accounts/store-outage-1/health"));
            assertThat(took).isLessThan(Duration.ofSeconds(15));
        } finally {
            relay().accept(false);
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().get("/accounts/{id}/health", "store-outage-1").statusCode() == 404);
    }
}
