package io.retentionplatform.infra.attack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The services' contracts as the tests see them: scoring's and segmentation's generated OpenAPI documents with the
 * security entries smallrye-openapi writes from {@code @RolesAllowed} (roles as scopes), and a gateway schema as
 * introspection returns it.
 */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SCORING = "http://127.0.0.1:18081";
    static final String SEGMENTATION = "http://127.0.0.1:18082";
    static final String GRAPHQL = "http://127.0.0.1:18080/graphql";

    private Fixtures() {
    }

    static JsonNode json(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/attack/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource attack/" + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<RestOperation> scoring() {
        return OpenApiOperations.read("scoring", SCORING, json("scoring-openapi.json"), new Random(7));
    }

    static List<RestOperation> segmentation() {
        return OpenApiOperations.read("segmentation", SEGMENTATION, json("segmentation-openapi.json"), new Random(7));
    }

    static List<GraphQLField> gateway() {
        return GraphQLOperations.read(GRAPHQL, json("gateway-introspection.json"));
    }

    static List<Target> all() {
        List<Target> all = new ArrayList<>();
        all.addAll(scoring());
        all.addAll(segmentation());
        all.addAll(gateway());
        return all;
    }

    static RestOperation op(List<? extends Target> targets, String label) {
        return targets.stream().filter(t -> t instanceof RestOperation && t.label().equals(label)).map(t -> (RestOperation) t)
                .findFirst().orElseThrow(() -> new AssertionError("no operation " + label));
    }

    static GraphQLField field(List<? extends Target> targets, String name) {
        return targets.stream().filter(t -> t instanceof GraphQLField f && f.name().equals(name)).map(t -> (GraphQLField) t)
                .findFirst().orElseThrow(() -> new AssertionError("no field " + name));
    }
}
