package io.retentionplatform.infra.attack;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The malformed-input generator: request {@code i} of a campaign is a pure function of the seed and {@code i}, so a
 * failure can be replayed, and every request is invalid by construction (a wrong JSON type, a missing or null required
 * field, a broken declared constraint, unparseable or oversized bodies, bad path and query values, methods the path
 * does not have; for GraphQL, documents that fail parsing or validation or exceed the depth and size limits). So any
 * 2xx, or any GraphQL answer without errors, is a defect of the service.
 *
 * <p>This class decides which request comes next: requests are spread round-robin over the targets and, per target,
 * over the {@link Defect}s that apply to it; the heavy ones (bodies of megabytes, thousands of aliases) are sent at most
 * {@value #HEAVY_ROUNDS} times per target. {@link MalformedRest} and {@link MalformedGraphQL} build them. Each carries
 * valid credentials of the target's minimum role (the ingest key for ingest operations) so that it gets past access
 * control and reaches validation.
 */
public final class MalformedRequests {

    static final int HEAVY_ROUNDS = 2;
    /** Times in generated bodies: fixed, so that a request depends on the seed and its index alone. */
    static final Instant FIXED = OpenApiSchemas.FIXED_INSTANT;
    static final int DEEP_JSON = 10_000;
    static final int HUGE_STRING = 1_100_000;
    static final int OVERSIZED = 5_500_000;
    static final int HUGE_ARRAY = 100_000;
    static final int GRAPHQL_DEPTH = 20;
    static final int GRAPHQL_ALIASES = 3_000;
    static final int GRAPHQL_FIELD_ALIASES = 2_000;
    static final List<String> UNSUPPORTED_METHOD_CANDIDATES = List.of("PATCH", "DELETE", "PUT", "POST");

    private final long seed;
    private final List<Target> targets = new ArrayList<>();
    private final List<Target> skipped = new ArrayList<>();
    private final Map<Target, List<Defect>> defects = new LinkedHashMap<>();
    private final Map<String, List<RestOperation>> byService = new LinkedHashMap<>();

    public MalformedRequests(List<? extends Target> all, long seed) {
        this.seed = seed;
        for (Target target : all) {
            if (target instanceof RestOperation op) {
                byService.computeIfAbsent(op.service(), s -> new ArrayList<>()).add(op);
            }
        }
        for (Target target : all) {
            List<Defect> applicable = applicable(target);
            boolean reachable = target.access().open() || target.access().credentialRole().isPresent();
            if (applicable.isEmpty() || !reachable) {
                skipped.add(target);
            } else {
                targets.add(target);
                defects.put(target, applicable);
            }
        }
    }

    /** The targets requests go to, in the order they take turns. */
    public List<Target> targets() {
        return List.copyOf(targets);
    }

    /** Targets that get none: no defect applies, or no credential we hold reaches them. */
    public List<Target> skipped() {
        return List.copyOf(skipped);
    }

    /** The defects that take turns on a target (one with many variants may appear more than once). */
    public List<Defect> defects(Target target) {
        return defects.getOrDefault(target, List.of());
    }

    /** The target of request {@code index}: the targets take turns. */
    public Target targetAt(long index) {
        if (targets.isEmpty()) {
            throw new IllegalStateException("no target to send malformed requests to");
        }
        return targets.get((int) (index % targets.size()));
    }

    /** The defect of request {@code index}: its target's defects take turns, heavy ones a limited number of times. */
    public Defect defectAt(long index) {
        Target target = targetAt(index);
        int position = (int) (index % targets.size());
        long round = index / targets.size();
        List<Defect> kinds = defects.get(target);
        Defect defect = kinds.get((int) ((round + position) % kinds.size()));
        if (defect.heavy && round / kinds.size() >= HEAVY_ROUNDS) {
            List<Defect> light = kinds.stream().filter(d -> !d.heavy).toList();
            if (!light.isEmpty()) {
                defect = light.get((int) ((round + position) % light.size()));
            }
        }
        return defect;
    }

    /** Request {@code index}: the same for the same seed, targets and index. */
    public Probe generate(long index) {
        Target target = targetAt(index);
        Defect defect = defectAt(index);
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + index * 0xC2B2AE3D27D4EB4FL + 1);
        Credential credential = credential(target);
        if (target instanceof RestOperation op) {
            return MalformedRest.probe(op, defect, credential, random, unsupportedMethods(op));
        }
        return MalformedGraphQL.probe((GraphQLField) target, defect, credential, random);
    }

    static Credential credential(Target target) {
        return target.access().credentialRole().map(Credential::jwt).orElse(Credential.NONE);
    }

    // ------------------------------------------------------------------------------------------------ applicability

    List<Defect> applicable(Target target) {
        List<Defect> list = new ArrayList<>();
        if (target instanceof GraphQLField field) {
            for (Defect d : Defect.values()) {
                if (d.name().startsWith("GQL_") && MalformedGraphQL.applies(field, d)) {
                    list.add(d);
                }
            }
            return list;
        }
        RestOperation op = (RestOperation) target;
        Optional<RestOperation.Body> body = op.body();
        boolean json = body.flatMap(RestOperation.Body::jsonType).isPresent();
        Optional<JsonNode> schema = body.flatMap(b -> b.jsonSchema(op.schemas()));
        boolean object = schema.map(s -> OpenApiSchemas.type(s).equals("object")).orElse(false);
        boolean required = schema.map(s -> !op.schemas().required(s).isEmpty()).orElse(false);
        boolean wrongTypes = object && !MalformedRest.wrongTypeFields(op, schema.get()).isEmpty();
        boolean constrained = object && !op.schemas().constrained(schema.get()).isEmpty();
        boolean topType = schema.map(s -> !OpenApiSchemas.type(s).isEmpty()).orElse(json); // binary ingest bodies: yes
        if (json && topType) {
            list.add(Defect.BODY_WRONG_TOP_TYPE);
        }
        if (wrongTypes) {
            list.add(Defect.BODY_WRONG_FIELD_TYPE);
        }
        if (required) {
            list.add(Defect.BODY_MISSING_REQUIRED);
            list.add(Defect.BODY_NULL_REQUIRED);
        }
        if (constrained) {
            list.add(Defect.BODY_CONSTRAINT);
        }
        if (json) {
            list.add(Defect.BODY_EXTRA_FIELDS_AND_DEFECT);
        }
        if (json && body.get().required()) {
            list.add(Defect.BODY_NULL);
        }
        if (body.isPresent() && body.get().required()) {
            list.add(Defect.BODY_NONE);
        }
        if (json) {
            list.add(Defect.BODY_TRUNCATED);
            list.add(Defect.BODY_INVALID_UTF8);
            list.add(Defect.BODY_DEEP_NESTING);
        }
        if (body.isPresent() && MalformedRest.foreignContentType(body.get(), new Random(0)).isPresent()) {
            list.add(Defect.BODY_WRONG_CONTENT_TYPE);
        }
        if (json && (schema.isEmpty() || topType)) {
            list.add(Defect.BODY_HUGE_STRING);
            list.add(Defect.BODY_HUGE_ARRAY);
            list.add(Defect.BODY_OVERSIZED);
        }
        // Bad path and query values come in many variants: they take more turns than one-shape defects.
        if (op.parameters().stream().anyMatch(p -> p.in().equals("path"))) {
            list.addAll(List.of(Defect.PATH_BAD_VALUE, Defect.PATH_BAD_VALUE, Defect.PATH_BAD_VALUE));
        }
        if (op.query().stream().anyMatch(p -> !MalformedRest.badQueryValues(p).isEmpty())) {
            list.addAll(List.of(Defect.QUERY_BAD_VALUE, Defect.QUERY_BAD_VALUE));
        }
        if (!unsupportedMethods(op).isEmpty()) {
            list.add(Defect.METHOD_UNSUPPORTED);
        }
        return list;
    }

    /** Methods no operation of the service serves on this concrete path (HEAD and OPTIONS are answered by frameworks). */
    List<String> unsupportedMethods(RestOperation op) {
        List<String> unsupported = new ArrayList<>();
        for (String method : UNSUPPORTED_METHOD_CANDIDATES) {
            boolean served = byService.getOrDefault(op.service(), List.of()).stream()
                    .anyMatch(o -> o.method().equals(method) && OpenApiOperations.templateMatches(o.template(), op.path()));
            if (!served) {
                unsupported.add(method);
            }
        }
        return unsupported;
    }

}
