package io.retentionplatform.infra.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The minimum role of each operation, from OpenAPI security entries and GraphQL descriptions. */
class RoleDerivationTest {

    @Test
    void theLowestListedRoleIsTheMinimum() {
        assertThat(access("[{\"SecurityScheme\": [\"viewer\", \"manager\", \"admin\"]}]").minimumRole()).contains(Role.VIEWER);
        assertThat(access("[{\"SecurityScheme\": [\"admin\", \"manager\"]}]").minimumRole()).contains(Role.MANAGER);
        Access admin = access("[{\"SecurityScheme\": [\"admin\"]}]");
        assertThat(admin.minimumRole()).contains(Role.ADMIN);
        assertThat(admin.lowerPersonRoles()).containsExactly(Role.VIEWER, Role.MANAGER);
        assertThat(admin.credentialRole()).contains(Role.ADMIN);
        assertThat(admin.ingest()).isFalse();
    }

    @Test
    void ingestAloneIsAnApiKeyOperationThatEveryPersonIsRefused() {
        Access ingest = access("[{\"SecurityScheme\": [\"ingest\"]}]");
        assertThat(ingest.ingestOnly()).isTrue();
        assertThat(ingest.minimumRole()).isEmpty();
        assertThat(ingest.credentialRole()).contains(Role.INGEST);
        assertThat(ingest.lowerPersonRoles()).containsExactly(Role.VIEWER, Role.MANAGER, Role.ADMIN);
        assertThat(ingest.label()).isEqualTo("ingest");
    }

    @Test
    void noSecurityOrAnEmptyRequirementIsPublicAndEmptyScopesMeanAnyPerson() {
        assertThat(OpenApiOperations.access(null).open()).isTrue();
        assertThat(access("[]").open()).isTrue();
        assertThat(access("[{}]").open()).isTrue();
        assertThat(access("[{\"SecurityScheme\": []}]").minimumRole()).contains(Role.VIEWER);
        // Alternatives: a person from manager up, or an API key.
        Access either = access("[{\"jwt\": [\"manager\", \"admin\"]}, {\"apiKey\": [\"ingest\"]}]");
        assertThat(either.minimumRole()).contains(Role.MANAGER);
        assertThat(either.ingest()).isTrue();
        assertThat(either.ingestOnly()).isFalse();
        assertThat(either.label()).isEqualTo("manager+ingest");
    }

    @Test
    void aSignedWebhookRefusesEveryCredentialWeHold() {
        Access signed = access("[{\"webhookSignature\": []}]");
        assertThat(signed.open()).isFalse();
        assertThat(signed.signedOnly()).isTrue();
        assertThat(signed.credentialRole()).isEmpty();
        assertThat(signed.lowerPersonRoles()).containsExactly(Role.VIEWER, Role.MANAGER, Role.ADMIN);
        assertThat(access("[{\"SecurityScheme\": [\"viewer\"]}]").signedOnly()).isFalse();
    }

    @Test
    void rolesNobodyHoldsLeaveNoCredentialThatReachesTheOperation() {
        Access unknown = access("[{\"SecurityScheme\": [\"auditor\"]}]");
        assertThat(unknown.open()).isFalse();
        assertThat(unknown.credentialRole()).isEmpty();
        assertThat(unknown.lowerPersonRoles()).containsExactly(Role.VIEWER, Role.MANAGER, Role.ADMIN);
    }

    @Test
    void operationsOfARealDocumentGetTheirRolesAndConcretePaths() {
        List<RestOperation> scoring = Fixtures.scoring();

        assertThat(scoring).extracting(Target::label).doesNotContain("GET /q/health")
                .contains("POST /v1/{call} [call=track]", "POST /v1/{call} [call=identify]", "POST /v1/{call} [call=group]");
        assertThat(Fixtures.op(scoring, "POST /events").access().ingestOnly()).isTrue();
        assertThat(Fixtures.op(scoring, "PUT /model").access().minimumRole()).contains(Role.ADMIN);
        assertThat(Fixtures.op(scoring, "GET /model").access().minimumRole()).contains(Role.VIEWER);
        RestOperation health = Fixtures.op(scoring, "GET /accounts/{accountId}/health");
        assertThat(health.path()).isEqualTo("/accounts/acme-attack-1/health");
        assertThat(health.url()).isEqualTo(Fixtures.SCORING + "/accounts/acme-attack-1/health");
        assertThat(Fixtures.op(scoring, "POST /v1/{call} [call=group]").path()).isEqualTo("/v1/group");

        List<RestOperation> segmentation = Fixtures.segmentation();
        assertThat(Fixtures.op(segmentation, "POST /segments/evaluation").access().minimumRole()).contains(Role.ADMIN);
        assertThat(Fixtures.op(segmentation, "DELETE /segments/{segmentId}").access().minimumRole()).contains(Role.MANAGER);
        assertThat(Fixtures.op(segmentation, "GET /economics/budget").access().open()).isTrue();
        assertThat(Fixtures.op(segmentation, "DELETE /segments/{segmentId}").path()).matches("/segments/[0-9a-f-]{36}");
        assertThat(Fixtures.op(segmentation, "PUT /accounts/{accountId}").body()).get()
                .extracting(RestOperation.Body::required).isEqualTo(true);
    }

    @Test
    void discoveryIsTheSameForTheSameSeed() {
        JsonNode doc = Fixtures.json("segmentation-openapi.json");
        assertThat(OpenApiOperations.read("s", "http://x", doc, new Random(3))).extracting(RestOperation::url)
                .isEqualTo(OpenApiOperations.read("s", "http://x", doc, new Random(3)).stream().map(RestOperation::url).toList());
    }

    @Test
    void securityAtTheDocumentRootAppliesUnlessTheOperationOverridesIt() throws Exception {
        JsonNode doc = Fixtures.JSON.readTree("""
                {"security": [{"jwt": ["manager"]}],
                 "paths": {
                   "/a": {"get": {"responses": {}}},
                   "/b": {"get": {"security": [], "responses": {}}},
                   "/c/{n}": {"get": {"parameters": [{"name": "n", "in": "path", "required": true,
                                                     "schema": {"type": "integer"}}], "responses": {}}}}}
                """);
        List<RestOperation> ops = OpenApiOperations.read("x", "http://h/", doc, new Random(1));
        assertThat(Fixtures.op(ops, "GET /a").access().minimumRole()).contains(Role.MANAGER);
        assertThat(Fixtures.op(ops, "GET /b").access().open()).isTrue();
        assertThat(Fixtures.op(ops, "GET /c/{n}").url()).isEqualTo("http://h/c/1");
    }

    @Test
    void graphQLFieldsTakeTheirRoleFromTheDescriptionSentence() {
        List<GraphQLField> fields = Fixtures.gateway();

        assertThat(fields).extracting(GraphQLField::label)
                .containsExactly("query account", "query accounts", "query apiVersion", "mutation startPilot", "mutation changeModel");
        assertThat(Fixtures.field(fields, "account").access().minimumRole()).contains(Role.VIEWER);
        assertThat(Fixtures.field(fields, "startPilot").access().minimumRole()).contains(Role.MANAGER);
        assertThat(Fixtures.field(fields, "changeModel").access().minimumRole()).contains(Role.ADMIN);
        assertThat(Fixtures.field(fields, "apiVersion").access().open()).isTrue();
        assertThat(GraphQLOperations.role("Reads. Requires the viewer role.")).contains("viewer");
        assertThat(GraphQLOperations.role("No role sentence")).isEqualTo(Optional.empty());
    }

    @Test
    void graphQLProbesAreValidCallsOfOneField() {
        List<GraphQLField> fields = Fixtures.gateway();
        Random random = new Random(1);

        assertThat(Fixtures.field(fields, "account").probe(random))
                .isEqualTo("query AttackProbe { account(id: \"acme-attack-1\") { __typename } }");
        assertThat(Fixtures.field(fields, "accounts").probe(random)).isEqualTo("query AttackProbe { accounts { __typename } }");
        assertThat(Fixtures.field(fields, "startPilot").probe(random))
                .isEqualTo("mutation AttackProbe { startPilot(input: {silentDays: 1}) { __typename } }");
        assertThat(Fixtures.field(fields, "changeModel").probe(random))
                .isEqualTo("mutation AttackProbe { changeModel(band: HEALTHY, weight: 1.0) }");
    }

    private static Access access(String security) {
        try {
            return OpenApiOperations.access(Fixtures.JSON.readTree(security));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
