package io.retentionplatform.segmentation.portfolio;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.retentionplatform.support.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Seed 002's figures through the API, exactly; bad what-if inputs are refused naming the parameter. */
@QuarkusTest
class EconomicsApiTest {

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    @Test
    void theFiveYearTableOfTheSeedComesOutExactly() {
        JsonPath body = given().get("/economics/scenarios").then().statusCode(200).extract().jsonPath();

        assertThat(body.getList("scenarios[0].years.revenue", Double.class))
                .containsExactly(500_000.0, 100_000.0, 20_000.0, 4_000.0, 800.0);
        assertThat(body.getDouble("scenarios[0].years[4].cumulativeRevenue")).isEqualTo(624_800.0);
        assertThat(body.getList("scenarios[1].years.revenue", Double.class))
                .containsExactly(500_000.0, 400_000.0, 320_000.0, 256_000.0, 204_800.0);
        assertThat(body.getDouble("scenarios[1].years[4].cumulativeRevenue")).isEqualTo(1_680_800.0);
        assertThat(body.getDouble("cumulativeDifference")).isEqualTo(1_056_000.0);
    }

    @Test
    void leakAndBudgetForWhatIfInputs() {
        JsonPath leak = given().get("/economics/leak?customers=1000&monthlyChurn=0.02&averageAnnualRevenue=10000")
                .then().statusCode(200).extract().jsonPath();
        assertThat(leak.getDouble("customersLostPerYear")).isEqualTo(240.0);
        assertThat(leak.getDouble("annualLeak")).isEqualTo(2_400_000.0);
        assertThat(leak.getDouble("revenueKeptByImprovement")).isEqualTo(500_000.0);

        JsonPath budget = given().get("/economics/budget?baseArr=2000000").then().statusCode(200).extract().jsonPath();
        assertThat(budget.getDouble("minimum")).isEqualTo(100_000.0);
        assertThat(budget.getDouble("maximum")).isEqualTo(160_000.0);
        assertThat(budget.getList("split.name")).hasSize(3);

        given().get("/economics/leak?customers=1000&averageAnnualRevenue=10000").then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", org.hamcrest.Matchers.is("monthlyChurn"));
        given().get("/economics/scenarios?retention=1.5").then().statusCode(400).contentType("application/problem+json");
        given().get("/economics/budget?baseArr=lots").then().statusCode(400).body("violations[0].field", org.hamcrest.Matchers.is("baseArr"));
    }

    @Test
    void theRealPortfolioHasItsOwnEconomics() {
        given().get("/economics/portfolio").then().statusCode(200)
                .body("budget.baseArr", org.hamcrest.Matchers.notNullValue());
    }
}
