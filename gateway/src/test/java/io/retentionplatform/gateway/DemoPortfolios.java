package io.retentionplatform.gateway;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.retentionplatform.infra.demo.DemoData;
import io.retentionplatform.infra.demo.DemoDataLoader;
import io.retentionplatform.infra.security.Credentials;
import io.retentionplatform.support.security.Roles;
import io.retentionplatform.support.testing.TestTokens;

/**
 * The demo portfolio loaded into the running services as {@code ./suite run} loads it (events with an ingest key an
 * admin issued, the rest with a manager's token, then the first churn model trained with an admin's), under ids of its
 * own: the test databases are shared with the other test classes.
 */
final class DemoPortfolios {

    private DemoPortfolios() {
    }

    /** A fresh id prefix for one test's demo accounts, e.g. {@code gq1a2b3c-}. */
    static String prefix(String tag) {
        return tag + UUID.randomUUID().toString().substring(0, 6) + "-";
    }

    static DemoData.Portfolio load(String scoringUrl, String segmentationUrl, String prefix) {
        DemoData.Portfolio portfolio = DemoData.portfolio(Instant.now(), prefix);
        String ingestKey = given().baseUri(scoringUrl).contentType(ContentType.JSON).body(Map.of("source", prefix + "demo"))
                .post("/api-keys").then().statusCode(201).extract().path("key");
        DemoDataLoader loader = new DemoDataLoader(scoringUrl, segmentationUrl, Duration.ofMinutes(4),
                new Credentials(ingestKey, TestTokens.token(prefix + "manager", Roles.MANAGER)));
        loader.load(portfolio);
        // None is trained if another test class trained one already; the accounts are scored by that one.
        System.out.println(loader.churnModel(portfolio, TestTokens.token(prefix + "admin", Roles.ADMIN)));
        return portfolio;
    }
}
