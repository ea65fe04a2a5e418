package io.retentionplatform.scoring.ingest;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads request bodies ourselves, so that size, count and syntax each get their own clear problem. */
final class JsonBodies {

    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    private JsonBodies() {
    }

    static JsonNode read(byte[] body, ObjectMapper json) {
        if (body == null || body.length == 0) {
            throw Problems.unreadable("The request body is empty");
        }
        if (body.length > Ingestion.MAX_BYTES_PER_REQUEST) {
            throw Problems.tooLarge("The body has " + body.length + " bytes; at most " + Ingestion.MAX_BYTES_PER_REQUEST
                    + " (1 MB) are accepted per request");
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            // Some refusals (nesting deeper than Jackson's limit, an oversized number) come without a location.
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw Problems.unreadable("Not valid JSON: " + e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw Problems.unreadable("The body could not be read: " + e.getMessage());
        }
    }

    static void checkCount(int count) {
        if (count > Ingestion.MAX_EVENTS_PER_REQUEST) {
            throw Problems.tooLarge("The request has " + count + " events; at most " + Ingestion.MAX_EVENTS_PER_REQUEST
                    + " are accepted per request");
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString();
    }

    /**
     * The members of a JSON object as attributes, without those whose value is null: a sender's {@code "referrer":
     * null} says nothing, and a null must never reach Kafka, MongoDB or {@code Map.copyOf}. Not an object: empty.
     */
    static Map<String, Object> attributes(JsonNode object, ObjectMapper json) {
        if (object == null || !object.isObject()) {
            return new LinkedHashMap<>();
        }
        LinkedHashMap<String, Object> attributes = json.convertValue(object, OBJECT);
        attributes.values().removeIf(java.util.Objects::isNull);
        return attributes;
    }
}
