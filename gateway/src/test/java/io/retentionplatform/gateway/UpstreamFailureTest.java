package io.retentionplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.retentionplatform.support.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With segmentation-service unreachable, GraphQL answers with a coded error, not a hang or a bare 500. */
@QuarkusTest
@TestProfile(UpstreamFailureTest.NothingListening.class)
class UpstreamFailureTest {

    public static class NothingListening implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Port 9 (discard) on loopback: nothing listens there, connections are refused at once.
            return Map.of("quarkus.rest-client.segmentation-service.url", "http://127.0.0.1:9");
        }
    }

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    @Test
    void unreachableSegmentationGivesUpstreamUnavailable() {
        JsonPath response = EventToGraphQLEndToEndTest.graphQL("{ account(id: \"acme\") { id } }");

        assertThat(response.getString("errors[0].extensions.code")).isEqualTo("UPSTREAM_UNAVAILABLE");
        assertThat(response.getString("errors[0].message")).contains("segmentation-service");
        assertThat(response.getMap("data")).containsEntry("account", null);
    }
}
