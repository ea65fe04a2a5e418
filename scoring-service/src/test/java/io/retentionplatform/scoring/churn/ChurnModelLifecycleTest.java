package io.retentionplatform.scoring.churn;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.scoring.TopicProbe;
import io.retentionplatform.support.security.Roles;
import io.retentionplatform.support.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The churn model end to end, against real Kafka and the MongoDB wire server: a year of backdated events (eight of 24
 * accounts go silent 120 days before a churn ARR movement) goes in through the webhook; a model is trained from that
 * history, every account gets a risk with drivers, the risk goes out with the next health score; a second model runs
 * in shadow beside it (both scores stored, agreement readable), is promoted and rolled back; a CSV import trains with
 * per-row errors. Access and bad input are refused with problem+json.
 */
@QuarkusTest
class ChurnModelLifecycleTest {

    private static final int ACCOUNTS = 24;

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    @Test
    void trainServeShadowPromoteAndRollBack() {
        String prefix = "churn-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Instant now = Instant.now();
        Instant start = now.minus(360, ChronoUnit.DAYS);
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            String account = prefix + i;
            boolean churner = i % 3 == 0;
            Instant end = churner ? start.plus(120 + 20L * (i / 3), ChronoUnit.DAYS) : now.minus(1, ChronoUnit.DAYS);
            for (Instant day = start; day.isBefore(end); day = day.plus(7, ChronoUnit.DAYS)) {
                events.add(event(account, "usage.login", day, Map.of()));
            }
            Instant lastCall = churner ? end.minus(120, ChronoUnit.DAYS) : end;
            for (Instant call = start.plus(1, ChronoUnit.DAYS); call.isBefore(lastCall); call = call.plus(30, ChronoUnit.DAYS)) {
                events.add(event(account, "contact.call", call, Map.of("direction", "inbound")));
            }
            if (churner) {
                events.add(event(account, "commercial.arr_change", end, Map.of("kind", "churn", "amount", 12000)));
            }
        }
        // Still a customer, using the product every week, but no human contact for the last 150 days.
        String silent = prefix + "quiet";
        for (Instant day = start; day.isBefore(now); day = day.plus(7, ChronoUnit.DAYS)) {
            events.add(event(silent, "usage.login", day, Map.of()));
        }
        for (Instant call = start.plus(1, ChronoUnit.DAYS); call.isBefore(now.minus(150, ChronoUnit.DAYS));
                call = call.plus(30, ChronoUnit.DAYS)) {
            events.add(event(silent, "contact.call", call, Map.of("direction", "inbound")));
        }
        for (int from = 0; from < events.size(); from += 1000) {
            given().contentType(ContentType.JSON).body(Map.of("events", events.subList(from, Math.min(events.size(), from + 1000))))
                    .when().post("/events/batch").then().statusCode(202);
        }
        String loyal = prefix + "1";
        await("every event folded").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            int stored = 0;
            for (String account : accounts(prefix)) {
                stored += given().queryParam("from", start.minus(1, ChronoUnit.DAYS).toString()).queryParam("size", 1000)
                        .when().get("/accounts/{id}/events", account).then().extract().jsonPath().getList("$").size();
            }
            return stored == events.size();
        });

        JsonPath first = given().contentType(ContentType.JSON).body(Map.of("months", 12))
                .when().post("/churn/models").then().statusCode(201).extract().jsonPath();
        long v1 = first.getLong("model.version");
        assertThat(first.getString("model.source")).isEqualTo("platform");
        assertThat(first.getInt("model.backtest.churned")).isPositive();
        assertThat(first.getList("model.backtest.folds")).isNotEmpty();
        assertThat(first.getList("model.coefficients.feature")).contains("days_since_human_contact", "days_to_renewal");
        assertThat(first.getDouble("model.backtest.model.rocAuc")).isGreaterThan(0.5);
        if (!"active".equals(first.getString("model.status"))) {
            // An earlier run left an active model: this one is in shadow and is promoted to begin from the same place.
            given().when().post("/churn/models/{v}/promote", v1).then().statusCode(200).body("status", equalTo("active"));
        }

        // Every account has a probability, a band and drivers that name features.
        for (String account : List.of(silent, loyal)) {
            JsonPath risk = given().when().get("/accounts/{id}/churn-risk", account).then().statusCode(200).extract().jsonPath();
            assertThat(risk.getLong("churnRisk.modelVersion")).isEqualTo(v1);
            assertThat(risk.getDouble("churnRisk.probability")).isBetween(0.0, 1.0);
            assertThat(risk.getString("churnRisk.band")).isIn("low", "medium", "high");
        }
        JsonPath silentRisk = given().when().get("/accounts/{id}/churn-risk", silent).then().extract().jsonPath();
        JsonPath loyalRisk = given().when().get("/accounts/{id}/churn-risk", loyal).then().extract().jsonPath();
        assertThat(silentRisk.getDouble("churnRisk.probability")).isGreaterThan(loyalRisk.getDouble("churnRisk.probability"));
        assertThat(silentRisk.getList("churnRisk.drivers.text", String.class)).isNotEmpty()
                .allMatch(text -> text.matches("[+-]\\d\\.\\d\\d .+"));
        // Silence shows in the drivers (contact, engagement or the quadrant carry it), each a platform feature.
        assertThat(silentRisk.getList("churnRisk.drivers.feature", String.class)).isSubsetOf(ChurnFeature.columns())
                .containsAnyOf("days_since_human_contact", "inbound_contacts_90", "engagement", "quadrant_silent_satisfied");
        given().when().get("/accounts/{id}/health", loyal).then().statusCode(200)
                .body("churnRisk.modelVersion", equalTo((int) v1));

        // The next health score of the account goes out with its churn risk.
        events.clear();
        given().contentType(ContentType.JSON).body(event(loyal, "contact.meeting", now, Map.of("direction", "inbound")))
                .when().post("/events").then().statusCode(202);
        TopicProbe.readUntil(Topics.HEALTH_SCORES, r -> loyal.equals(r.key()) && r.value().contains("\"churnRisk\":{")
                && r.value().contains("\"modelVersion\":" + v1 + ",\"computedAt\""), Duration.ofSeconds(30));

        // A second model runs in shadow: both scores stored, the active one served, the agreement readable.
        long v2 = given().contentType(ContentType.JSON).body(Map.of("months", 12, "horizonDays", 120))
                .when().post("/churn/models").then().statusCode(201).body("model.status", equalTo("shadow"))
                .extract().jsonPath().getLong("model.version");
        JsonPath shadow = given().when().get("/churn/models/{v}", v2).then().statusCode(200).extract().jsonPath();
        assertThat(shadow.getString("status")).isEqualTo("shadow");
        assertThat(shadow.getInt("shadowAgreement.accounts")).isGreaterThanOrEqualTo(ACCOUNTS);
        assertThat(shadow.getLong("shadowAgreement.activeVersion")).isEqualTo(v1);
        assertThat(shadow.getDouble("shadowAgreement.bandAgreement")).isBetween(0.0, 1.0);
        assertThat(shadow.getLong("backtest.horizonDays")).isEqualTo(120);
        JsonPath both = given().when().get("/accounts/{id}/churn-risk", silent).then().extract().jsonPath();
        assertThat(both.getLong("churnRisk.modelVersion")).isEqualTo(v1);
        assertThat(both.getLong("shadow.modelVersion")).isEqualTo(v2);

        // Promotion serves the shadow model; the old one is retired and kept.
        given().when().post("/churn/models/{v}/promote", v2).then().statusCode(200).body("status", equalTo("active"));
        given().when().get("/churn/models/{v}", v1).then().statusCode(200).body("status", equalTo("retired"));
        assertThat(given().when().get("/accounts/{id}/churn-risk", silent).then().extract().jsonPath()
                .getLong("churnRisk.modelVersion")).isEqualTo(v2);
        given().when().get("/churn/models").then().statusCode(200).body("version", hasItem((int) v1))
                .body("version", hasItem((int) v2));

        // Rollback withdraws it and serves the one before.
        given().when().post("/churn/models/{v}/rollback", v2).then().statusCode(200).body("status", equalTo("rolled_back"));
        given().when().get("/churn/models/{v}", v1).then().statusCode(200).body("status", equalTo("active"));
        assertThat(given().when().get("/accounts/{id}/churn-risk", silent).then().extract().jsonPath()
                .getLong("churnRisk.modelVersion")).isEqualTo(v1);
        given().when().post("/churn/models/{v}/rollback", v2).then().statusCode(409)
                .contentType("application/problem+json").body("violations.field", hasItem("version"));
    }

    @Test
    void aCsvImportTrainsOnItsGoodRowsAndListsTheBadOnesByLineAndColumn() {
        StringBuilder csv = new StringBuilder("account_id,cutoff,churned,days_since_human_contact,health_score,notes\n");
        for (int month = 1; month <= 8; month++) {
            for (int a = 0; a < 20; a++) {
                int silence = (a * 37 + month * 11) % 200;
                csv.append("imp-").append(a).append(',').append(String.format("2025-%02d-28", month)).append(',')
                        .append(silence > 110 ? 1 : 0).append(',').append(silence).append(',').append(40 + (a * 13) % 50)
                        .append(",x\n");
            }
        }
        csv.append("imp-x,2025-09-28,perhaps,10,50,x\n");
        csv.append("imp-y,2025-09-28,0,ten,50,x\n");

        JsonPath imported = given().contentType("text/csv").body(csv.toString())
                .when().post("/churn/models/import").then().statusCode(201).extract().jsonPath();
        assertThat(imported.getString("model.source")).isEqualTo("import");
        assertThat(imported.getInt("model.backtest.rows")).isEqualTo(160);
        assertThat(imported.getList("model.coefficients.feature")).containsExactly("days_since_human_contact", "health_score");
        assertThat(imported.getList("ignoredColumns")).containsExactly("notes");
        assertThat(imported.getList("rowErrors.line", Integer.class)).containsExactly(162, 163);
        assertThat(imported.getList("rowErrors.field", String.class)).containsExactly("churned", "days_since_human_contact");
        assertThat(imported.getDouble("model.backtest.model.rocAuc")).isGreaterThan(imported.getDouble("model.backtest.healthScore.rocAuc"));

        given().contentType("text/csv").body("account,label\nacme,1\n").when().post("/churn/models/import")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("account_id")).body("violations.field", hasItem("cutoff"));
    }

    @Test
    void onlyAnAdminTrainsPromotesOrImportsAndBadVersionsAreNamed() {
        given().spec(TestTokens.as(Roles.VIEWER)).contentType(ContentType.JSON).body(Map.of())
                .when().post("/churn/models").then().statusCode(403);
        given().spec(TestTokens.as(Roles.MANAGER)).when().post("/churn/models/1/promote").then().statusCode(403);
        given().spec(TestTokens.as(Roles.VIEWER)).contentType("text/csv").body("a\n")
                .when().post("/churn/models/import").then().statusCode(403);
        given().header("Authorization", "Bearer nonsense").when().get("/churn/models").then().statusCode(401);
        given().spec(TestTokens.as(Roles.VIEWER)).when().get("/churn/models").then().statusCode(200);
        given().when().get("/churn/models/{v}", "abc").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("version"));
        given().when().get("/churn/models/{v}", 987654321).then().statusCode(404).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("months", 99)).when().post("/churn/models")
                .then().statusCode(400).body("violations.field", hasItem("months"));
        given().contentType(ContentType.JSON).body(Map.of("contractionShare", 2)).when().post("/churn/models")
                .then().statusCode(400).body("violations.field", hasItem("contractionShare"));
    }

    private static List<String> accounts(String prefix) {
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add(prefix + i);
        }
        accounts.add(prefix + "quiet");
        return accounts;
    }

    private static Map<String, Object> event(String account, String type, Instant at, Map<String, Object> attributes) {
        return Map.of("id", "evt-" + UUID.randomUUID(), "accountId", account, "type", type, "occurredAt", at.toString(),
                "attributes", attributes);
    }
}
