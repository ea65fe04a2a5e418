package io.retentionplatform.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.retentionplatform.infra.demo.DemoData;
import io.retentionplatform.infra.demo.DemoDataLoader;
import io.retentionplatform.infra.security.Credentials;
import io.retentionplatform.support.security.Roles;
import io.retentionplatform.support.testing.TestTokens;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo portfolio through the running services, as {@code ./suite run} loads it: CRM accounts and ARR movements to
 * segmentation-service, events to scoring-service's webhook, scores over Kafka back to segmentation. Ten accounts land
 * in each quadrant, the Silent Satisfieds whose usage falls are satisfaction traps, the churned accounts hold no ARR,
 * the silent audit lists the Silent Satisfieds and has a pilot cohort, and the KPIs have a year of ARR behind them.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceProcesses.class, restrictToAnnotatedClass = true)
class DemoPortfolioEndToEndTest {

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    private static final Map<String, Integer> TEN_EACH = Map.of("active_advocates", 10, "silent_satisfieds", 10,
            "struggling_needy", 10, "at_risk_disengaged", 10);

    @ConfigProperty(name = ServiceProcesses.SCORING_URL)
    String scoringUrl;

    @ConfigProperty(name = ServiceProcesses.SEGMENTATION_URL)
    String segmentationUrl;

    @Test
    void demoLandsTenAccountsInEachQuadrantWithTrapsAuditAndKpis() {
        // Ids of its own: the test databases are shared with other tests and may hold a demo loaded on another day.
        DemoData.Portfolio demo = DemoData.portfolio(Instant.now(), "e2e" + UUID.randomUUID().toString().substring(0, 6) + "-");
        // As in ./suite run: events with an event sender's API key (issued by an admin), the rest with a person's token.
        String ingestKey = given().baseUri(scoringUrl).contentType(ContentType.JSON).body(Map.of("source", "e2e-demo"))
                .post("/api-keys").then().statusCode(201).extract().path("key");
        DemoDataLoader loader = new DemoDataLoader(scoringUrl, segmentationUrl, Duration.ofMinutes(4),
                new Credentials(ingestKey, TestTokens.token("e2e-manager", Roles.MANAGER)));

        DemoDataLoader.Summary summary = loader.load(demo);
        summary.lines().forEach(System.out::println);

        // The distribution as segmentation-service shows it, demo accounts only.
        Map<String, Integer> perQuadrant = new TreeMap<>();
        List<String> misplaced = new ArrayList<>();
        List<String> silentSatisfieds = new ArrayList<>();
        List<String> traps = new ArrayList<>();
        for (DemoData.DemoAccount account : demo.accounts()) {
            JsonPath view = account(account.id());
            String quadrant = view.getString("quadrant.current");
            perQuadrant.merge(String.valueOf(quadrant), 1, Integer::sum);
            if (!account.quadrantId().equals(quadrant)) {
                misplaced.add(account.id() + " in " + quadrant + ", meant for " + account.quadrantId() + " (adoption "
                        + view.get("health.adoption") + ", signals " + view.getMap("signals") + ")");
            }
            if ("silent_satisfieds".equals(quadrant)) {
                silentSatisfieds.add(account.id());
                if (view.getBoolean("flags.satisfactionTrap")) {
                    traps.add(account.id());
                }
            }
        }
        assertThat(misplaced).as("demo accounts outside their intended quadrant").isEmpty();
        assertThat(perQuadrant).as("demo accounts per quadrant").isEqualTo(TEN_EACH);
        assertThat(traps).as("Silent Satisfieds flagged as satisfaction traps").hasSizeGreaterThanOrEqualTo(3);

        for (DemoData.DemoAccount churned : demo.churned()) {
            JsonPath view = account(churned.id());
            assertThat(view.getDouble("arr")).as(churned.id() + " ARR").isZero();
            assertThat(view.getBoolean("active")).as(churned.id() + " active").isFalse();
            assertThat(view.getString("quadrant.current")).as(churned.id() + ": a churned customer has no quadrant").isNull();
        }

        assertThat(silentAuditAccounts()).as("accounts of the silent-customer audit").containsAll(silentSatisfieds);
        List<Map<String, Object>> pilots = given().baseUri(segmentationUrl).get("/audit/pilots")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(pilots).as("audit pilots").isNotEmpty()
                .anySatisfy(pilot -> assertThat(((Number) pilot.get("cohortSize")).intValue()).isPositive());

        JsonPath kpis = given().baseUri(segmentationUrl).get("/portfolio/kpis").then().statusCode(200).extract().jsonPath();
        assertThat(kpis.getObject("retention.nrr", Double.class)).as("NRR of the last 365 days").isNotNull();

        // Loading again records nothing and moves nobody.
        DemoDataLoader.Summary again = loader.load(demo);
        assertThat(again.crmCreated()).isZero();
        assertThat(again.movementsRecorded()).isZero();
        assertThat(again.movementsAlreadyRecorded()).isEqualTo(summary.movementsRecorded());
        assertThat(again.perQuadrant()).isEqualTo(summary.perQuadrant());
        assertThat(again.offQuadrant()).isEmpty();
    }

    private JsonPath account(String id) {
        return given().baseUri(segmentationUrl).get("/accounts/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    private Set<String> silentAuditAccounts() {
        Set<String> ids = new HashSet<>();
        for (int page = 0; ; page++) {
            List<String> rows = given().baseUri(segmentationUrl).queryParam("size", 1000).queryParam("page", page)
                    .get("/audit/silent").then().statusCode(200).extract().jsonPath().getList("accounts.accountId");
            ids.addAll(rows);
            if (rows.size() < 1000) {
                return ids;
            }
        }
    }
}
