package io.retentionplatform.segmentation.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.retentionplatform.contracts.AccountChangeMessage;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.segmentation.Fixtures;
import io.retentionplatform.support.testing.TestTokens;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CRM exports in, over the real PostgreSQL: per-row errors by line and column, valid rows kept, re-import harmless. */
@QuarkusTest
class AccountImportTest {

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    private static ConsumerTask<String, String> accountChanges;

    @BeforeAll
    static void follow() {
        accountChanges = Fixtures.follow(Topics.ACCOUNT_CHANGES);
    }

    @AfterAll
    static void stop() {
        accountChanges.close();
    }

    @Test
    void importKeepsValidRowsReportsBadCellsByLineAndColumnAndReimportChangesNothing() {
        String p = Fixtures.id("csv");
        String csv = "Account ID,Account Name,Industry,Plan,Entitled Features,ARR,Currency,Contract Start,Renewal Date,Account Owner\n"
                + p + "-1,\"Noordzee Logistics, B.V.\",Software,premium,dashboards;forecasting,\"48,000.00\",EUR,2024-02-01,2027-02-01,Sanne\n"
                + p + "-2,Delta Techniek,Manufacturing,basic,dashboards,abc,EUR,2024-03-01,2027-03-01,Joost\n"
                + p + "-3,Polder Advies,Consulting,basic,reports,12000,USD,2024-04-01,2027-04-01,Sanne\n"
                + p + "-4,Rijnmond Metaal,Manufacturing,basic,reports,9000,EUR,1st of May,2027-05-01,Joost\n"
                + p + "-5,,SaaS,basic,reports,9000,EUR,2024-05-01,2027-05-01,Joost\n"
                + p + "-6,Veluwe Zorg,Healthcare,enterprise,sso,30000,XXX,2024-06-01,2027-06-01,Eva\n"
                + p + "-7,Zuidas Data,SaaS,basic,reports,15000,EUR,2024-06-01,2027-06-01,Eva\n";

        JsonPath first = given().contentType("text/csv").body(csv).when().post("/accounts/imports?wait=true")
                .then().statusCode(200).extract().jsonPath();

        assertThat(first.getString("state")).isEqualTo("done");
        assertThat(first.getInt("totalRows")).isEqualTo(7);
        assertThat(first.getInt("created")).isEqualTo(3);
        assertThat(first.getInt("rejected")).isEqualTo(4);
        List<Map<String, Object>> errors = first.getList("errors");
        assertThat(errors).extracting(e -> e.get("line"), e -> e.get("column"), e -> e.get("field")).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(3, "ARR", "arr"),
                org.assertj.core.groups.Tuple.tuple(5, "Contract Start", "contractStart"),
                org.assertj.core.groups.Tuple.tuple(6, "Account Name", "name"),
                org.assertj.core.groups.Tuple.tuple(7, "Currency", "currency"));

        JsonPath noordzee = given().get("/accounts/{id}", p + "-1").then().statusCode(200).extract().jsonPath();
        assertThat(noordzee.getString("name")).isEqualTo("Noordzee Logistics, B.V.");
        assertThat(noordzee.getString("industry")).isEqualTo("saas");
        assertThat(noordzee.getDouble("arr")).isEqualTo(48000.0);
        assertThat(noordzee.getList("entitledFeatures")).containsExactly("dashboards", "forecasting");
        // USD at the configured rate (0.92) into the reporting currency; the contract figure is kept as given.
        JsonPath polder = given().get("/accounts/{id}", p + "-3").then().statusCode(200).extract().jsonPath();
        assertThat(polder.getDouble("arr")).isEqualTo(11040.0);
        assertThat(polder.getDouble("contractArr")).isEqualTo(12000.0);
        assertThat(polder.getString("industry")).isEqualTo("professional_services");
        given().get("/accounts/{id}/arr-movements", p + "-1").then().statusCode(200)
                .body("kind", hasItem("new")).body("effectiveDate", hasItem("2024-02-01"));

        AccountChangeMessage announced = await().atMost(Duration.ofSeconds(20)).until(
                () -> Fixtures.messagesOf(accountChanges, p + "-1", AccountChangeMessage.class), list -> list.size() == 1).get(0);
        assertThat(announced.planTier()).isEqualTo("premium");
        assertThat(announced.premiumFeatures()).containsExactly("forecasting");
        assertThat(announced.arr()).isEqualTo(48000.0);
        long versionBefore = noordzee.getLong("version");

        JsonPath again = given().contentType("text/csv").body(csv).when().post("/accounts/imports?wait=true")
                .then().statusCode(200).extract().jsonPath();
        assertThat(again.getInt("created") + again.getInt("updated")).isZero();
        assertThat(again.getInt("unchanged")).isEqualTo(3);
        assertThat(again.getString("fileSha256")).isEqualTo(first.getString("fileSha256"));
        assertThat(given().get("/accounts/{id}", p + "-1").jsonPath().getLong("version")).isEqualTo(versionBefore);
        given().get("/accounts/{id}/arr-movements", p + "-1").then().body("size()", org.hamcrest.Matchers.is(1));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> Fixtures.messagesOf(accountChanges, p + "-1", AccountChangeMessage.class).size() == 1);
    }

    @Test
    void aChangedArrInTheNextExportBecomesAMovement() {
        String id = Fixtures.id("csv-arr");
        String header = "id,name,industry,plan tier,arr,arr effective date\n";
        given().contentType("text/csv").body(header + id + ",Kempen Media,saas,basic,10000,2025-01-01\n")
                .post("/accounts/imports?wait=true").then().statusCode(200);
        given().contentType("text/csv").body(header + id + ",Kempen Media,saas,basic,12500,2025-07-01\n")
                .post("/accounts/imports?wait=true").then().statusCode(200);

        JsonPath movements = given().get("/accounts/{id}/arr-movements", id).then().statusCode(200).extract().jsonPath();
        assertThat(movements.getList("kind")).containsExactly("new", "expansion");
        assertThat(movements.getList("delta", Float.class)).containsExactly(10000f, 2500f);
        given().get("/accounts/{id}/arr?at=2025-06-30", id).then().body("arr", org.hamcrest.Matchers.is(10000.0f));
        given().get("/accounts/{id}/arr?at=2025-07-01", id).then().body("arr", org.hamcrest.Matchers.is(12500.0f));
    }

    @Test
    void columnsCanBeMappedByNameAndAMissingOneIsNamed() {
        String id = Fixtures.id("csv-map");
        String csv = "Customer,Company,Sector,Tier,Annual Revenue\n" + id + ",Hanze Energie,manufacturing,premium,7000\n";
        given().contentType("text/csv").body(csv).post("/accounts/imports?wait=true")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.message", hasItem(org.hamcrest.Matchers.containsString("missing column for arr")));

        given().contentType("text/csv").body(csv)
                .post("/accounts/imports?wait=true&map.id=Customer&map.arr=Annual Revenue")
                .then().statusCode(200).body("created", org.hamcrest.Matchers.is(1));
        assertThat(given().get("/accounts/{id}", id).jsonPath().getDouble("arr")).isEqualTo(7000.0);
    }

    @Test
    void aLargeImportRunsInTheBackgroundWithProgress() {
        String p = Fixtures.id("csv-bulk");
        StringBuilder csv = new StringBuilder("id,name,industry,plan,arr\n");
        for (int i = 0; i < 3000; i++) {
            csv.append(p).append('-').append(i).append(",Bulk ").append(i).append(",saas,basic,").append(1000 + i).append('\n');
        }
        String location = given().contentType("text/csv").body(csv.toString()).post("/accounts/imports")
                .then().statusCode(202).extract().header("Location");

        JsonPath done = await().atMost(Duration.ofSeconds(60)).until(() -> given().get(location).jsonPath(),
                body -> "done".equals(body.getString("state")));
        assertThat(done.getInt("processedRows")).isEqualTo(3000);
        assertThat(done.getInt("created")).isEqualTo(3000);
        given().get("/accounts/{id}", p + "-2999").then().statusCode(200);
    }

    @Test
    void batchUpsertRejectsByIndexAndAppliesTheRest() {
        String good = Fixtures.id("batch");
        Map<String, Object> valid = new java.util.HashMap<>(Fixtures.crmAccount("Maasdal Bouw", "other", "basic", 5000));
        valid.put("id", good);
        Map<String, Object> invalid = new java.util.HashMap<>(Fixtures.crmAccount("Bad", "retail", "basic", -1));
        invalid.put("id", Fixtures.id("batch"));

        given().contentType("application/json").body(Map.of("accounts", List.of(valid, invalid))).post("/accounts/batch")
                .then().statusCode(200).body("created", org.hamcrest.Matchers.is(1))
                .body("rejected[0].index", org.hamcrest.Matchers.is(1))
                .body("rejected[0].violations.field", org.hamcrest.Matchers.hasItems("industry", "arr"));
        given().contentType("application/json").body(Map.of("name", "x")).put("/accounts/{id}", Fixtures.id("put"))
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", org.hamcrest.Matchers.hasItems("industry", "planTier", "arr"));
    }
}
