package io.retentionplatform.segmentation.portfolio;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.retentionplatform.segmentation.Fixtures;
import io.retentionplatform.support.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ARR at a date and the period KPIs through the API, against a portfolio computed by hand (the accounts tables are
 * emptied first: the KPIs are portfolio-wide).
 */
@QuarkusTest
class RetentionKpiApiTest {

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    private final int year = 2019;

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource database;

    /** The KPIs are portfolio-wide: each test starts from an empty ledger. */
    @org.junit.jupiter.api.BeforeEach
    void emptyLedger() throws Exception {
        try (var connection = database.getConnection(); var statement = connection.createStatement()) {
            statement.execute("TRUNCATE account, arr_movement, segment_membership, audit_pilot_member, audit_pilot");
        }
    }

    @Test
    void arrAtADateAndNrrGrrFollowTheMovements() {
        String a = account("saas", 100_000, year - 1 + "-06-01");
        String b = account("saas", 50_000, year - 1 + "-07-01");
        String c = account("manufacturing", 30_000, year - 1 + "-08-01");
        String d = account("professional_services", 20_000, year - 1 + "-09-01");
        movement(a, "expansion", 20_000, year + "-03-01");
        movement(b, "contraction", 10_000, year + "-05-01");
        movement(c, "churn", null, year + "-08-01");
        String e = account("saas", 40_000, year + "-04-01"); // new business in the period: outside NRR and GRR

        assertThat(arr(a, year + "-02-28")).isEqualTo(100_000.0);
        assertThat(arr(a, year + "-03-01")).isEqualTo(120_000.0);
        assertThat(arr(c, year + "-07-31")).isEqualTo(30_000.0);
        assertThat(arr(c, year + "-08-01")).isZero();
        assertThat(arr(e, year + "-03-31")).isZero();
        assertThat(given().get("/accounts/{id}", c).jsonPath().getBoolean("active")).isFalse();

        JsonPath kpis = given().get("/portfolio/kpis?from={f}&to={t}", year + "-01-01", year + "-12-31")
                .then().statusCode(200).extract().jsonPath();
        // start 200,000 (A 100k, B 50k, C 30k, D 20k); expansion 20,000; contraction 10,000; churn 30,000
        // NRR = (200,000 + 20,000 - 10,000 - 30,000) / 200,000 = 0.9; GRR = (200,000 - 40,000) / 200,000 = 0.8
        assertThat(kpis.getDouble("retention.startingArr")).isEqualTo(200_000.0);
        assertThat(kpis.getDouble("retention.endingArr")).isEqualTo(180_000.0);
        assertThat(kpis.getDouble("retention.nrr")).isEqualTo(0.9);
        assertThat(kpis.getDouble("retention.grr")).isEqualTo(0.8);
        assertThat(kpis.getDouble("retention.expansionRate")).isEqualTo(0.1);
        assertThat(kpis.getDouble("retention.newBusinessArr")).isEqualTo(40_000.0);
        assertThat(kpis.getDouble("retention.logoRetention")).isEqualTo(0.75);
        assertThat(kpis.getDouble("arrAtEnd")).isEqualTo(220_000.0);
        // SaaS kept both accounts (above its 85-95% band), manufacturing lost its only one (below 60-75%).
        assertThat(kpis.getString("industries.find { it.industry == 'saas' }.verdict")).isEqualTo("above");
        assertThat(kpis.getDouble("industries.find { it.industry == 'saas' }.figures.nrr")).isEqualTo(1.0667);
        assertThat(kpis.getString("industries.find { it.industry == 'manufacturing' }.verdict")).isEqualTo("below");
        assertThat(kpis.getDouble("industries.find { it.industry == 'manufacturing' }.benchmarkLow")).isEqualTo(0.60);
        assertThat(kpis.getString("industries.find { it.industry == 'other' }.verdict")).isNull();
    }

    @Test
    void badPeriodsAndMovementsAreRefusedNamingTheField() {
        given().get("/portfolio/kpis?from=2020-02-01&to=2020-01-01").then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", org.hamcrest.Matchers.is("to"));
        given().get("/portfolio/kpis?from=yesterday").then().statusCode(400).body("violations[0].field",
                org.hamcrest.Matchers.is("from"));
        String a = account("saas", 1_000, year - 1 + "-01-01");
        given().contentType("application/json").body(Map.of("kind", "upsell", "amount", 5, "effectiveDate", "2020-01-01"))
                .post("/accounts/{id}/arr-movements", a).then().statusCode(400).body("violations.field",
                        org.hamcrest.Matchers.hasItem("kind"));
        given().contentType("application/json").body(Map.of("kind", "expansion", "effectiveDate", "2020-01-01"))
                .post("/accounts/{id}/arr-movements", a).then().statusCode(400).body("violations.field",
                        org.hamcrest.Matchers.hasItem("amount"));
        assertThat(arr(a, "2999-12-31")).isEqualTo(1_000.0);
    }

    @Test
    void aMovementPostedTwiceWithItsIdIsRecordedOnce() {
        String a = account("other", 5_000, year - 1 + "-01-01");
        Map<String, Object> body = Map.of("id", "invoice-" + a, "kind", "expansion", "amount", 500, "effectiveDate",
                year + "-01-10");
        given().contentType("application/json").body(body).post("/accounts/{id}/arr-movements", a).then().statusCode(201);
        given().contentType("application/json").body(body).post("/accounts/{id}/arr-movements", a).then().statusCode(200);
        assertThat(arr(a, year + "-12-31")).isEqualTo(5_500.0);
    }

    private String account(String industry, double arr, String since) {
        String id = Fixtures.id("kpi");
        Map<String, Object> body = new HashMap<>(Fixtures.crmAccount("KPI " + id, industry, "basic", arr));
        body.put("contractStart", since);
        body.put("renewalDate", (year + 2) + "-01-01");
        body.put("arrEffectiveDate", since);
        given().contentType("application/json").body(body).put("/accounts/{id}", id).then().statusCode(201);
        return id;
    }

    private void movement(String account, String kind, Integer amount, String date) {
        Map<String, Object> body = new HashMap<>(Map.of("kind", kind, "effectiveDate", date));
        if (amount != null) {
            body.put("amount", amount);
        }
        given().contentType("application/json").body(body).post("/accounts/{id}/arr-movements", account)
                .then().statusCode(201);
    }

    private static double arr(String account, String date) {
        return given().get("/accounts/{id}/arr?at={d}", account, date).then().statusCode(200).extract().jsonPath()
                .getDouble("arr");
    }
}
