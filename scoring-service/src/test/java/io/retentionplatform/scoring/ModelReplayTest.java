package io.retentionplatform.scoring;

import static io.restassured.RestAssured.given;
import static io.retentionplatform.scoring.EventIngestionTest.awaitHealth;
import static io.retentionplatform.scoring.EventIngestionTest.postEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.retentionplatform.support.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A model change replays every account; the replayed scores equal a fresh computation under the new model. */
@QuarkusTest
class ModelReplayTest {

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    @Test
    void replayAfterAWeightChangeGivesTheSameScoresAsAFreshComputation() {
        Instant now = Instant.now();
        List<Object[]> events = List.of(
                new Object[] {"usage.feature_used", now.minus(2, ChronoUnit.DAYS), Map.of("feature", "reports")},
                new Object[] {"usage.login", now.minus(5, ChronoUnit.DAYS), Map.of()},
                new Object[] {"contact.call", now.minus(3, ChronoUnit.DAYS), Map.of("direction", "inbound")},
                new Object[] {"support.ticket_opened", now.minus(4, ChronoUnit.DAYS), Map.of("ticketId", "T1")},
                new Object[] {"survey.nps", now.minus(6, ChronoUnit.DAYS), Map.of("score", 9)});
        String replayed = "acct-" + UUID.randomUUID();
        events.forEach(e -> postEvent("evt-" + UUID.randomUUID(), replayed, (String) e[0], (Instant) e[1],
                (Map<String, Object>) e[2]).then().statusCode(202));
        Map<String, Object> before = awaitHealth(replayed, 1, h -> ((String) h.get("explanation")).length() > 0
                && ((Map<?, ?>) h.get("components")).containsKey("survey") && ((Map<?, ?>) h.get("components")).size() == 4);
        JsonPath original = given().when().get("/model").then().statusCode(200).extract().jsonPath();
        long fromVersion = original.getLong("active.version");

        try {
            given().contentType(ContentType.JSON)
                    .body(Map.of("weights", Map.of("adoption", 0.10, "support", 0.10, "engagement", 0.65, "survey", 0.15)))
                    .when().put("/model")
                    .then().statusCode(202).header("Location", "/model/replay");
            awaitReplay(fromVersion + 1);

            Map<String, Object> after = awaitHealth(replayed, 1, h -> ((Number) h.get("modelVersion")).longValue() == fromVersion + 1);
            String fresh = "acct-" + UUID.randomUUID();
            events.forEach(e -> postEvent("evt-" + UUID.randomUUID(), fresh, (String) e[0], (Instant) e[1],
                    (Map<String, Object>) e[2]).then().statusCode(202));
            Map<String, Object> freshHealth = awaitHealth(fresh, 1, h -> ((Map<?, ?>) h.get("components")).size() == 4
                    && ((Map<?, ?>) h.get("components")).equals(after.get("components")));

            assertThat(after.get("score")).isEqualTo(freshHealth.get("score")).isNotEqualTo(before.get("score"));
            assertThat(after.get("components")).isEqualTo(freshHealth.get("components"));
            assertThat((String) after.get("explanation")).contains("model changed: v" + fromVersion + " -> v" + (fromVersion + 1));
        } finally {
            given().contentType(ContentType.JSON)
                    .body(Map.of("weights", Map.of("adoption", original.getDouble("active.weights.adoption"),
                            "support", original.getDouble("active.weights.support"),
                            "engagement", original.getDouble("active.weights.engagement"),
                            "survey", original.getDouble("active.weights.survey"))))
                    .when().put("/model").then().statusCode(202);
            awaitReplay(fromVersion + 2);
        }
    }

    @Test
    void aSurveyWeightAboveTheCapOrWeightsNotAddingUpAreRejectedAndChangeNothing() {
        long version = given().when().get("/model").then().extract().jsonPath().getLong("active.version");

        given().contentType(ContentType.JSON)
                .body(Map.of("weights", Map.of("adoption", 0.3, "support", 0.2, "engagement", 0.2, "survey", 0.3)))
                .when().put("/model")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("weights.survey"));
        given().contentType(ContentType.JSON)
                .body(Map.of("bands", Map.of("healthy", 30, "watch", 60)))
                .when().put("/model")
                .then().statusCode(400).body("violations.field", hasItem("bands"));

        given().when().get("/model").then().body("active.version", equalTo((int) version)).body("pending", equalTo(null));
    }

    private static void awaitReplay(long toVersion) {
        JsonPath status = await("replay to model v" + toVersion).atMost(Duration.ofSeconds(60))
                .until(() -> given().when().get("/model/replay").then().statusCode(200).extract().jsonPath(), s -> {
                    assertThat(s.getString("state")).as("replay state").isNotEqualTo("failed");
                    return "complete".equals(s.getString("state")) && s.getLong("toModelVersion") == toVersion;
                });
        assertThat(status.getLong("done")).isEqualTo(status.getLong("total"));
    }
}
