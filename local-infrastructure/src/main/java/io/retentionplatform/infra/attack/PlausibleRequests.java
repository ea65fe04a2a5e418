package io.retentionplatform.infra.attack;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retentionplatform.infra.security.LocalTokens;

/**
 * What a well-meaning caller would send to an operation: its required query parameters and a body that satisfies
 * the declared schema. The refusal probes send these, so that an operation that forgot its access check answers
 * 2xx (and the store fingerprints show what it did) instead of hiding behind a validation error. Ingest bodies are
 * declared as opaque bytes; for them this class knows the event shapes (native events, Segment calls).
 */
final class PlausibleRequests {

    /** A body and its media type. */
    record Payload(String contentType, byte[] bytes) {
    }

    private PlausibleRequests() {
    }

    /** The URL with the required query parameters set to plausible values. */
    static String url(RestOperation op, Random random, Instant now) {
        StringJoiner query = new StringJoiner("&", "?", "");
        query.setEmptyValue("");
        for (RestOperation.Parameter p : op.query()) {
            if (p.required()) {
                query.add(OpenApiOperations.encodeSegment(p.name()) + "="
                        + OpenApiOperations.encodeSegment(plausibleParameter(op, p, random, now)));
            }
        }
        return op.url() + query;
    }

    static String plausibleParameter(RestOperation op, RestOperation.Parameter p, Random random, Instant now) {
        JsonNode value = op.schemas().plausible(p.schema(), p.name(), random, now);
        return value.isTextual() ? value.asText() : value.toString();
    }

    /** The body a careful caller would send; empty when the operation takes none. */
    static Optional<Payload> body(RestOperation op, Random random, Instant now) {
        if (op.body().isEmpty()) {
            return Optional.empty();
        }
        RestOperation.Body body = op.body().get();
        Optional<String> json = body.jsonType();
        if (json.isPresent()) {
            JsonNode value = body.jsonSchema(op.schemas()).map(s -> op.schemas().plausible(s, "body", random, now))
                    .orElseGet(() -> ingestBody(op, random, now));
            return Optional.of(new Payload(json.get(), LocalTokens.json(value)));
        }
        String type = body.content().keySet().iterator().next();
        if (type.startsWith("text/")) {
            return Optional.of(new Payload(type, "attack\n".getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.of(new Payload(type, "attack".getBytes(StandardCharsets.UTF_8)));
    }

    /** The shapes the ingest endpoints read themselves: a native event, a batch of them, a Segment call or batch. */
    static JsonNode ingestBody(RestOperation op, Random random, Instant now) {
        String template = op.template();
        String call = op.pathValues().getOrDefault("call", "");
        if (template.endsWith("/batch") && template.contains("/v1")) {
            ObjectNode batch = OpenApiSchemas.NODES.objectNode();
            batch.putArray("batch").add(segmentCall("track", random, now));
            return batch;
        }
        if (template.startsWith("/v1/") && !call.isEmpty()) {
            return segmentCall(call, random, now);
        }
        if (template.endsWith("/batch")) {
            ObjectNode batch = OpenApiSchemas.NODES.objectNode();
            batch.putArray("events").add(event(random, now));
            return batch;
        }
        if (template.endsWith("/events")) {
            return event(random, now);
        }
        return OpenApiSchemas.NODES.objectNode();
    }

    static ObjectNode event(Random random, Instant now) {
        ObjectNode event = OpenApiSchemas.NODES.objectNode();
        event.put("id", "attack-" + OpenApiSchemas.uuid(random));
        event.put("accountId", "acme-attack-1");
        event.put("type", "usage.login");
        event.put("occurredAt", now.truncatedTo(ChronoUnit.SECONDS).toString());
        return event;
    }

    static ObjectNode segmentCall(String call, Random random, Instant now) {
        ObjectNode node = OpenApiSchemas.NODES.objectNode();
        node.put("type", call.toLowerCase(Locale.ROOT));
        node.put("messageId", "attack-" + OpenApiSchemas.uuid(random));
        node.put("userId", "attack-user");
        if (call.equals("track")) {
            node.put("event", "Signed In");
        }
        if (call.equals("group")) {
            node.put("groupId", "acme-attack-1");
        }
        node.putObject("context").put("groupId", "acme-attack-1");
        node.put("timestamp", now.truncatedTo(ChronoUnit.SECONDS).toString());
        return node;
    }

    /** A GraphQL request body: {"query": ..., "variables": ...} (variables omitted when null). */
    static byte[] graphql(String query, Map<String, Object> variables) {
        ObjectNode body = OpenApiSchemas.NODES.objectNode();
        body.put("query", query);
        if (variables != null) {
            body.set("variables", new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(variables));
        }
        return LocalTokens.json(body);
    }
}
