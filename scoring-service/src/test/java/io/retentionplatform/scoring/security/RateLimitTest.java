package io.retentionplatform.scoring.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.retentionplatform.support.security.Roles;
import io.retentionplatform.support.testing.TestTokens;
import org.junit.jupiter.api.Test;

/** An expensive operation answers 429 with Retry-After once a caller is over the limit; other callers go on. */
@QuarkusTest
@TestProfile(RateLimitTest.TightLimits.class)
class RateLimitTest {

    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("platform.rate-limits.expensive.requests", "3", "platform.rate-limits.expensive.period", "1M");
        }
    }

    @Test
    void theFourthModelChangeInAMinuteIsRefusedWithRetryAfter() {
        String admin = "Bearer " + TestTokens.token("busy-admin", Roles.ADMIN);
        for (int i = 0; i < 3; i++) {
            // Invalid bodies: counted by the limiter, but nothing is changed or replayed.
            change(admin).then().statusCode(400);
        }
        Response refused = change(admin);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);

        // The limit is per caller.
        change("Bearer " + TestTokens.token("other-admin", Roles.ADMIN)).then().statusCode(400);
    }

    private static Response change(String authorization) {
        return given().header("Authorization", authorization).contentType(ContentType.JSON)
                .body("{\"weights\":{\"adoption\":-1}}").put("/model");
    }
}
