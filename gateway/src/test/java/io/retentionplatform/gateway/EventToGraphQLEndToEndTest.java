package io.retentionplatform.gateway;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import io.retentionplatform.support.testing.TestTokens;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton, every hop real: an event POSTed to scoring-service (a separate process) is acked after
 * Kafka, stored in MongoDB and scored; the score goes over Kafka to segmentation-service (a separate process),
 * into PostgreSQL; the gateway answers GraphQL from segmentation-service's REST API.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceProcesses.class, restrictToAnnotatedClass = true)
class EventToGraphQLEndToEndTest {

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    @ConfigProperty(name = ServiceProcesses.SCORING_URL)
    String scoringUrl;

    @Test
    void eventPostedToScoringComesOutOfGraphQLAsHealthScore() {
        String account = "e2e-" + UUID.randomUUID();
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS);

        postEvent(account, "usage.feature_used", at, Map.of("feature", "dashboards"));
        postEvent(account, "contact.meeting", at, Map.of("direction", "inbound"));

        // Two events, two score versions: wait until the second has made it through every hop.
        JsonPath health = awaitGraphQLHealth(account, 2, Duration.ofSeconds(30));
        assertThat(health.getInt("adoption")).isPositive();
        assertThat(health.getInt("engagement")).isPositive();
        assertThat(health.getInt("support")).isEqualTo(100);

        // It is exactly the score scoring-service computed and holds, at the same version.
        JsonPath atScoring = given().baseUri(scoringUrl).when().get("/accounts/{id}/health", account)
                .then().statusCode(200).extract().jsonPath();
        assertThat(health.getLong("version")).isEqualTo(atScoring.getLong("version")).isEqualTo(2);
        assertThat(health.getInt("score")).isEqualTo(atScoring.getInt("score"));
        assertThat(health.getString("band")).isEqualTo(atScoring.getString("band"));
        assertThat(health.getInt("adoption")).isEqualTo(atScoring.getInt("components.adoption.value"));
        assertThat(health.getInt("engagement")).isEqualTo(atScoring.getInt("components.engagement.value"));
    }

    @Test
    void unknownAccountIsNullNotAnError() {
        JsonPath response = graphQL("{ account(id: \"nobody-" + UUID.randomUUID() + "\") { id health { score } } }");

        assertThat(response.getMap("data")).containsEntry("account", null);
        assertThat(response.getList("errors")).isNull();
    }

    @Test
    void outOfRangePageSizeIsAGraphQLErrorWithCode() {
        JsonPath response = graphQL("{ accounts(size: 0) { id } }");

        assertThat(response.getString("errors[0].extensions.code")).isEqualTo("INVALID_ARGUMENT");
        assertThat(response.getString("errors[0].message")).contains("size");
    }

    private void postEvent(String account, String type, Instant at, Map<String, Object> attributes) {
        given().baseUri(scoringUrl).contentType(ContentType.JSON)
                .body(Map.of("id", "evt-" + UUID.randomUUID(), "accountId", account, "type", type,
                        "occurredAt", at.toString(), "attributes", attributes))
                .when().post("/events")
                .then().statusCode(202);
    }

    private static JsonPath awaitGraphQLHealth(String account, long version, Duration timeout) {
        String query = "{ account(id: \"" + account + "\") { id health { score band adoption support engagement version } } }";
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonPath last = null;
        while (System.nanoTime() < deadline) {
            last = graphQL(query);
            Map<String, Object> health = last.getMap("data.account.health");
            if (health != null && ((Number) health.get("version")).longValue() >= version) {
                return new JsonPath(last.prettify()).setRootPath("data.account.health");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("GraphQL did not show health score version " + version + " for " + account
                + " within " + timeout + "; last answer: " + (last == null ? "none" : last.prettify()));
    }

    static JsonPath graphQL(String query) {
        return given().contentType(ContentType.JSON).body(Map.of("query", query))
                .when().post("/graphql")
                .then().statusCode(200).extract().jsonPath();
    }
}
