package io.retentionplatform.nurture.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.retentionplatform.nurture.webhook.WebhookTestSupport.Endpoint;
import io.retentionplatform.support.security.Roles;
import io.retentionplatform.support.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The endpoint API: who may do what, no secret in what is read, problems naming the field. */
@QuarkusTest
class WebhookEndpointApiTest {

    @Inject
    ScriptedHostResolver resolver;

    @Inject
    AdjustableClock clock;

    private static final String URL = "https://hooks.partner.test/retention";

    private final List<String> endpoints = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        endpoints.forEach(WebhookTestSupport::delete);
        clock.reset();
    }

    private Endpoint registerAsAdmin() {
        resolver.answer("hooks.partner.test", "203.0.113.10");
        JsonPath created = given().header("Authorization", TestTokens.bearer(Roles.ADMIN)).contentType("application/json")
                .body(Map.of("url", URL, "description", "marketing tool", "eventTypes", List.of("segment.entered")))
                .post("/webhook-endpoints").then().statusCode(201)
                .body("url", is(URL)).body("enabled", is(true)).body("activeSecrets", is(1))
                .body("eventTypes", is(List.of("segment.entered")))
                .extract().jsonPath();
        assertThat(created.getString("secret")).startsWith("whsec_");
        assertThat(WebhookSignature.isValidSecret(created.getString("secret"))).isTrue();
        endpoints.add(created.getString("id"));
        return new Endpoint(created.getString("id"), created.getString("secret"));
    }

    @Test
    void adminsRegisterViewersReadWithoutSecrets() {
        Endpoint endpoint = registerAsAdmin();
        String viewer = TestTokens.bearer(Roles.VIEWER);

        String list = given().header("Authorization", viewer).get("/webhook-endpoints").then().statusCode(200)
                .body("id", hasItem(endpoint.id())).extract().asString();
        String one = given().header("Authorization", viewer).get("/webhook-endpoints/{id}", endpoint.id()).then()
                .statusCode(200).body("secret", nullValue()).extract().asString();
        assertThat(list + one).doesNotContain("whsec_").doesNotContain(endpoint.secret().substring(6));
        given().header("Authorization", viewer).get("/webhook-endpoints/{id}/deliveries", endpoint.id()).then()
                .statusCode(200).body("total", is(0)).body("page", is(0)).body("size", is(50));
        given().header("Authorization", TestTokens.bearer(Roles.ADMIN)).delete("/webhook-endpoints/{id}", endpoint.id())
                .then().statusCode(204);
        given().header("Authorization", viewer).get("/webhook-endpoints/{id}", endpoint.id()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void onlyAdminsManageEndpointsAndSecretsAndManagersEnable() {
        Endpoint endpoint = registerAsAdmin();
        String manager = TestTokens.bearer(Roles.MANAGER);
        String viewer = TestTokens.bearer(Roles.VIEWER);
        Map<String, String> body = Map.of("url", URL);

        given().header("Authorization", manager).contentType("application/json").body(body).post("/webhook-endpoints")
                .then().statusCode(403);
        given().header("Authorization", manager).post("/webhook-endpoints/{id}/secrets/rotate", endpoint.id())
                .then().statusCode(403);
        given().header("Authorization", manager).delete("/webhook-endpoints/{id}", endpoint.id()).then().statusCode(403);
        given().header("Authorization", viewer).post("/webhook-endpoints/{id}/enable", endpoint.id()).then().statusCode(403);
        given().header("Authorization", manager).post("/webhook-endpoints/{id}/enable", endpoint.id()).then().statusCode(200);
        given().contentType("application/json").body(body).post("/webhook-endpoints").then().statusCode(401)
                .contentType("application/problem+json");
        given().get("/webhook-endpoints").then().statusCode(401);
        given().get("/webhook-messages/{id}/attempts", "msg_x").then().statusCode(401);
    }

    @Test
    void aRotationReturnsTheNewSecretOnceAndKeepsTheOldOneForTheOverlap() {
        Endpoint endpoint = registerAsAdmin();
        String admin = TestTokens.bearer(Roles.ADMIN);

        JsonPath rotated = given().header("Authorization", admin).post("/webhook-endpoints/{id}/secrets/rotate", endpoint.id())
                .then().statusCode(200).extract().jsonPath();
        assertThat(rotated.getString("secret")).startsWith("whsec_").isNotEqualTo(endpoint.secret());
        assertThat(Instant.parse(rotated.getString("previousSecretsExpireAt")))
                .isBetween(clock.instant().plusSeconds(24 * 3600 - 60), clock.instant().plusSeconds(24 * 3600 + 60));
        given().header("Authorization", admin).get("/webhook-endpoints/{id}", endpoint.id()).then()
                .body("activeSecrets", is(2)).body(not(containsString("whsec_")));
        clock.advance(java.time.Duration.ofHours(25));
        given().header("Authorization", admin).get("/webhook-endpoints/{id}", endpoint.id()).then().body("activeSecrets", is(1));
        given().header("Authorization", admin).post("/webhook-endpoints/{id}/secrets/rotate", "ep_missing").then()
                .statusCode(404).contentType("application/problem+json");
    }

    @Test
    void invalidInputIsAProblemNamingTheField() {
        String admin = TestTokens.bearer(Roles.ADMIN);
        given().header("Authorization", admin).contentType("application/json").body(Map.of("description", "no url"))
                .post("/webhook-endpoints").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("url"));
        given().header("Authorization", admin).contentType("application/json")
                .body(Map.of("url", URL, "eventTypes", List.of("ok.type", "not a type")))
                .post("/webhook-endpoints").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem(containsString("eventTypes")));
        given().header("Authorization", admin).get("/webhook-endpoints/{id}/deliveries?size=0", "ep_x").then()
                .statusCode(400).contentType("application/problem+json").body("violations.field", hasItem("size"));
        given().header("Authorization", admin).get("/webhook-messages/{id}/attempts?page=-1", "msg_x").then()
                .statusCode(400).contentType("application/problem+json").body("violations.field", hasItem("page"));
        given().header("Authorization", admin).get("/webhook-messages/{id}/attempts", "msg_unknown").then()
                .statusCode(404).contentType("application/problem+json");
    }
}
