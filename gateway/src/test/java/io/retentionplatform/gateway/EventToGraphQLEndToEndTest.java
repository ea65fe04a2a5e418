package io.retentionplatform.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.retentionplatform.support.security.Roles;
import io.retentionplatform.support.testing.TestTokens;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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

    @ConfigProperty(name = ServiceProcesses.SEGMENTATION_URL)
    String segmentationUrl;

    @ConfigProperty(name = ServiceProcesses.NURTURE_URL)
    String nurtureUrl;

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
        JsonPath response = graphQL("{ accounts(first: 0) { nodes { id } } }");

        assertThat(response.getString("errors[0].extensions.code")).isEqualTo("INVALID_ARGUMENT");
        assertThat(response.getString("errors[0].message")).contains("first");
    }

    @Test
    void theCallersTokenDecidesThroughTheGatewayAndTheServicesCheckItToo() {
        String account = "e2e-sec-" + UUID.randomUUID();
        postEvent(account, "usage.login", Instant.now().minus(1, ChronoUnit.HOURS), Map.of());
        awaitGraphQLHealth(account, 1, Duration.ofSeconds(30));
        String query = "{ account(id: \"" + account + "\") { id } }";

        // Every role from viewer up reads; the gateway passes the token on and segmentation-service accepts it.
        for (String role : new String[] { Roles.VIEWER, Roles.MANAGER, Roles.ADMIN }) {
            JsonPath answer = graphQL(query, TestTokens.bearer(role));
            assertThat(answer.getString("data.account.id")).as(role).isEqualTo(account);
            assertThat(answer.getList("errors")).as(role).isNull();
        }
        // No token, a bad one, or one without a person's role: no data, a coded error, nothing internal.
        Map<String, String> refused = Map.of(
                "no token", "",
                "expired", "Bearer " + TestTokens.expired(Roles.ADMIN),
                "foreign key", "Bearer " + TestTokens.foreign(Roles.ADMIN),
                "ingest role only", TestTokens.bearer(Roles.INGEST));
        refused.forEach((what, authorization) -> {
            JsonPath answer = graphQL(query, authorization);
            assertThat(answer.getString("data.account")).as(what).isNull();
            assertThat(answer.getString("errors[0].extensions.code")).as(what).isIn("unauthorized", "forbidden");
            assertThat(answer.prettify()).as(what).doesNotContain("ForbiddenException").doesNotContain("UnauthorizedException")
                    .doesNotContain("io.quarkus").doesNotContain("java.");
        });
        assertThat(graphQL(query, "").getString("errors[0].extensions.code")).isEqualTo("unauthorized");
        assertThat(graphQL(query, TestTokens.bearer(Roles.INGEST)).getString("errors[0].extensions.code")).isEqualTo("forbidden");

        // The services behind the gateway check on their own: no token, no data.
        TestTokens.signOut();
        try {
            given().baseUri(segmentationUrl).get("/accounts/{id}", account).then().statusCode(401);
            given().baseUri(nurtureUrl).get("/accounts/{id}/segments", account).then().statusCode(401);
            given().baseUri(scoringUrl).get("/accounts/{id}/health", account).then().statusCode(401);
            given().baseUri(segmentationUrl).header("Authorization", TestTokens.bearer(Roles.VIEWER))
                    .get("/accounts/{id}", account).then().statusCode(200);
        } finally {
            TestTokens.signInAsOperator();
        }
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
        JsonPath answer = await("health score version " + version + " of " + account + " through GraphQL").atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> graphQL(query), last -> {
                    Map<String, Object> health = last.getMap("data.account.health");
                    return health != null && ((Number) health.get("version")).longValue() >= version;
                });
        return new JsonPath(answer.prettify()).setRootPath("data.account.health");
    }

    static JsonPath graphQL(String query) {
        return given().contentType(ContentType.JSON).body(Map.of("query", query))
                .when().post("/graphql")
                .then().statusCode(200).extract().jsonPath();
    }

    /** A query with this {@code Authorization} (empty: none), whatever the class signed in as. */
    static JsonPath graphQL(String query, String authorization) {
        TestTokens.signOut();
        try {
            var request = given().contentType(ContentType.JSON).body(Map.of("query", query));
            if (!authorization.isEmpty()) {
                request.header("Authorization", authorization);
            }
            // Bad credentials fail before execution: 401 with a GraphQL error; missing ones within it: 200.
            return request.when().post("/graphql").then().statusCode(anyOf(is(200), is(401))).extract().jsonPath();
        } finally {
            TestTokens.signInAsOperator();
        }
    }
}
