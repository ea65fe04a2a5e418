package io.retentionplatform.scoring.ingest;

import java.util.Map;

/**
 * Where each field of our event shape ({@code id}, {@code accountId}, {@code type}, {@code occurredAt},
 * {@code attributes.<name>}) was in the request as the sender wrote it, so that a violation names the sender's own
 * field: {@code batch[3].properties.score} for a Segment call, {@code ce-type} for a CloudEvent in binary mode.
 *
 * @param prefix         the entry's position in a batch, e.g. {@code batch[3].}; empty for a single event
 * @param fields         our field name -> the sender's (absent: the same name); may name {@code attributes.<name>}
 * @param attributes     where the sender put the attributes, e.g. {@code properties} or {@code data}
 * @param attributeNames our attribute name -> the sender's, where it was read under another name (an alias)
 */
record SenderFields(String prefix, Map<String, String> fields, String attributes, Map<String, String> attributeNames) {

    private static final String ATTRIBUTES = "attributes";

    SenderFields {
        fields = Map.copyOf(fields);
        attributeNames = Map.copyOf(attributeNames);
    }

    /** Our own JSON shape at {@code prefix}: every field under its own name. */
    static SenderFields ourShape(String prefix) {
        return new SenderFields(prefix, Map.of(), ATTRIBUTES, Map.of());
    }

    /** The sender's name of {@code field}, one of ours (a violation's field). */
    String of(String field) {
        if (fields.containsKey(field)) {
            return prefix + fields.get(field);
        }
        if (field.equals(ATTRIBUTES)) {
            return prefix + attributes;
        }
        if (field.startsWith(ATTRIBUTES + ".")) {
            String name = field.substring(ATTRIBUTES.length() + 1);
            return prefix + attributes + "." + attributeNames.getOrDefault(name, name);
        }
        return prefix + field;
    }

    FieldViolation rename(FieldViolation violation) {
        return new FieldViolation(of(violation.field()), violation.message());
    }
}
