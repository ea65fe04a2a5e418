package io.retentionplatform.scoring.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.retentionplatform.support.security.Roles;
import io.retentionplatform.support.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who may call what on scoring-service, with real credentials: JWTs signed for this test run and API keys issued
 * through the admin API. Every refusal is problem+json without internals.
 */
@QuarkusTest
class AccessControlTest {

    @BeforeEach
    void anonymousByDefault() {
        TestTokens.signOut();
    }

    @Test
    void withoutCredentialsEveryProtectedOperationIs401ProblemJson() {
        List<Response> answers = List.of(
                given().get("/accounts/acme/health"),
                given().get("/accounts/acme/events"),
                given().get("/model"),
                given().contentType(ContentType.JSON).body("{}").put("/model"),
                given().contentType(ContentType.JSON).body(event("acme")).post("/events"),
                given().contentType(ContentType.JSON).body("{}").post("/v1/track"),
                given().get("/api-keys"));
        for (Response answer : answers) {
            assertThat(answer.statusCode()).as(answer.body().asString()).isEqualTo(401);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.body().asString()).doesNotContain("Exception").doesNotContain("at io.");
        }
    }

    @Test
    void expiredForeignAndGarbageTokensAre401() {
        for (String authorization : List.of("Bearer " + TestTokens.expired(Roles.ADMIN),
                "Bearer " + TestTokens.foreign(Roles.ADMIN), "Bearer not-a-token", "Bearer rpk_unknown",
                "Bearer rpk_aaaaaaaaaaaaaaaa_" + "A".repeat(43), "Basic " + basic("rpk_x"))) {
            given().header("Authorization", authorization).get("/model").then().statusCode(401);
            given().header("Authorization", authorization).contentType(ContentType.JSON).body(event("acme")).post("/events")
                    .then().statusCode(401);
        }
    }

    @Test
    void rolesAreEnforcedAndIncludeTheOnesBelow() {
        String viewer = TestTokens.bearer(Roles.VIEWER);
        String manager = TestTokens.bearer(Roles.MANAGER);
        given().header("Authorization", viewer).get("/model").then().statusCode(200);
        given().header("Authorization", manager).get("/model").then().statusCode(200);
        // A change of the model rescores everything: admins only. Bodies are invalid so that nothing could change.
        for (String lower : List.of(viewer, manager)) {
            given().header("Authorization", lower).contentType(ContentType.JSON).body("{\"weights\":{\"adoption\":-1}}")
                    .put("/model").then().statusCode(403).contentType(containsString("application/problem+json"));
            given().header("Authorization", lower).get("/api-keys").then().statusCode(403);
        }
        given().header("Authorization", TestTokens.bearer(Roles.ADMIN)).contentType(ContentType.JSON)
                .body("{\"weights\":{\"adoption\":-1}}").put("/model").then().statusCode(400);
        // People do not send events; event senders do, with an API key.
        given().header("Authorization", TestTokens.bearer(Roles.ADMIN)).contentType(ContentType.JSON).body(event("acme"))
                .post("/events").then().statusCode(403);
    }

    @Test
    void anApiKeyIngestsAndNothingElseUntilRevoked() {
        String admin = TestTokens.bearer(Roles.ADMIN);
        Response issued = given().header("Authorization", admin).contentType(ContentType.JSON)
                .body(Map.of("source", "hubspot-test", "description", "marketing automation")).post("/api-keys");
        issued.then().statusCode(201);
        String key = issued.path("key");
        String id = issued.path("id");
        assertThat(key).startsWith("rpk_" + id + "_");

        // Listed without the secret or its hash.
        String listing = given().header("Authorization", admin).get("/api-keys").then().statusCode(200).extract().asString();
        assertThat(listing).contains(id).doesNotContain(key.substring(key.lastIndexOf('_') + 1)).doesNotContain("secretHash");

        String account = "key-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON).body(event(account)).post("/events")
                .then().statusCode(202);
        // Segment's libraries send the write key as the Basic user name with an empty password.
        given().header("Authorization", "Basic " + basic(key + ":")).contentType(ContentType.JSON)
                .body(Map.of("type", "track", "event", "Signed In", "userId", "u1", "context", Map.of("groupId", account),
                        "messageId", "seg-" + UUID.randomUUID()))
                .post("/v1/track").then().statusCode(200);
        // Scoped to ingest: no reads, no admin.
        given().header("Authorization", "Bearer " + key).get("/accounts/" + account + "/health").then().statusCode(403);
        given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON).body("{}").put("/model")
                .then().statusCode(403);
        given().header("Authorization", "Bearer " + key).get("/api-keys").then().statusCode(403);

        given().header("Authorization", admin).delete("/api-keys/" + id).then().statusCode(204);
        given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON).body(event(account)).post("/events")
                .then().statusCode(401);
        given().header("Authorization", admin).get("/api-keys/" + id).then().statusCode(200)
                .body("active", equalTo(false)).body("revokedAt", not(equalTo(null)));
    }

    @Test
    void badKeyRequestsNameTheField() {
        String admin = TestTokens.bearer(Roles.ADMIN);
        given().header("Authorization", admin).contentType(ContentType.JSON).body(Map.of("source", "Bad Source!"))
                .post("/api-keys").then().statusCode(400).body("violations[0].field", equalTo("source"));
        given().header("Authorization", admin).delete("/api-keys/not-an-id").then().statusCode(400);
        given().header("Authorization", admin).delete("/api-keys/aaaaaaaaaaaaaaaa").then().statusCode(404);
    }

    private static Map<String, Object> event(String account) {
        return Map.of("id", "sec-" + UUID.randomUUID(), "accountId", account, "type", "usage.login",
                "occurredAt", Instant.now().toString());
    }

    private static String basic(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
