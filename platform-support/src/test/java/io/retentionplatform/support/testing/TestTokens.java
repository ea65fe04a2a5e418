package io.retentionplatform.support.testing;

import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.restassured.specification.RequestSpecification;
import io.retentionplatform.support.security.Roles;
import io.smallrye.jwt.build.Jwt;

/**
 * Real, signed JWTs for tests, verified by the service exactly as production tokens are (nothing is switched off).
 */
public final class TestTokens {

    public static final String ISSUER = "https://retention-platform.local";
    public static final String AUDIENCE = "retention-platform";

    private TestTokens() {
    }

    /** A token for {@code subject} with {@code roles}, valid for an hour. */
    public static String token(String subject, String... roles) {
        Instant now = Instant.now();
        return sign(subject, Set.of(roles), now, now.plus(Duration.ofHours(1)), ISSUER, JwtTestKeys.KEYS.getPrivate());
    }

    /** A correctly signed token of {@code roles} that expired an hour ago. */
    public static String expired(String... roles) {
        Instant now = Instant.now();
        return sign("expired-user", Set.of(roles), now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)),
                ISSUER, JwtTestKeys.KEYS.getPrivate());
    }

    /** A token with {@code roles} signed by a key the service does not trust. */
    public static String foreign(String... roles) {
        Instant now = Instant.now();
        return sign("intruder", Set.of(roles), now, now.plus(Duration.ofHours(1)), ISSUER, new JwtTestKeys().otherKey());
    }

    /** The {@code Authorization} header value for a user with {@code roles}. */
    public static String bearer(String... roles) {
        return "Bearer " + token("user-" + String.join("-", roles), roles);
    }

    /** A request specification sending a token of {@code roles}. */
    public static RequestSpecification as(String... roles) {
        return new RequestSpecBuilder().addHeader("Authorization", bearer(roles)).build();
    }

    /**
     * Makes every RestAssured request of the test class carry a token with all roles (admin and ingest), unless the
     * request sets its own {@code Authorization}: for tests about behaviour, not about access. Call from
     * {@code @BeforeAll}; {@link #signOut()} from {@code @AfterAll}.
     */
    public static void signInAsOperator() {
        signOut();
        String operator = "Bearer " + token("operator", Roles.ADMIN, Roles.INGEST);
        RestAssured.filters(new SignedIn(operator));
    }

    public static void signOut() {
        List<Filter> others = RestAssured.filters().stream().filter(f -> !(f instanceof SignedIn)).toList();
        RestAssured.replaceFiltersWith(others);
    }

    /** Adds the token to requests that carry no Authorization of their own. */
    private record SignedIn(String authorization) implements Filter {

        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                FilterContext context) {
            if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", authorization);
            }
            return context.next(request, response);
        }
    }

    private static String sign(String subject, Set<String> roles, Instant issuedAt, Instant expiresAt, String issuer,
            PrivateKey key) {
        return Jwt.issuer(issuer)
                .audience(AUDIENCE)
                .subject(subject)
                .upn(subject)
                .groups(roles)
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .jws()
                .sign(key);
    }
}
