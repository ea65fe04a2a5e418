package io.retentionplatform.scoring.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A one-person request keeps only the hash of the user id once every service has confirmed it. Published again, it
 * would read as "erase the whole account" (no user id): it must never be.
 */
class ErasureRequestScopeTest {

    private static ErasureRequests.Request request(String userId, String userIdSha256) {
        return new ErasureRequests.Request("er-1", "acme", userId, userIdSha256, Instant.parse("2026-11-01T00:00:00Z"),
                "admin", Instant.parse("2026-11-01T00:00:01Z"), Instant.parse("2026-11-01T00:00:01Z"), Map.of());
    }

    @Test
    void aPersonsRequestWithItsIdForgottenIsNeverPublishedAgain() {
        ErasureRequests.Request forgotten = request(null, "9f86d081");
        assertThat(forgotten.publishable()).isFalse();
        assertThat(forgotten.wholeAccount()).isFalse();
        assertThatThrownBy(forgotten::toMessage).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void wholeAccountAndPersonRequestsArePublishedWithTheirScope() {
        assertThat(request(null, null).toMessage().userId()).isNull();
        assertThat(request(null, null).wholeAccount()).isTrue();
        assertThat(request("u-7", null).toMessage().userId()).isEqualTo("u-7");
    }
}
