package io.retentionplatform.scoring.ingest;

/** One field at fault in a request, as listed in the {@code violations} of a problem+json response. */
public record FieldViolation(String field, String message) {
}
