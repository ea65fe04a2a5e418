package io.retentionplatform.scoring.ingest;

import java.util.List;

import jakarta.ws.rs.core.Response;

import io.quarkiverse.resteasy.problem.HttpProblem;

/** RFC 9457 problems the API answers with; {@code violations} name the field or parameter at fault. */
public final class Problems {

    private Problems() {
    }

    public static HttpProblem invalid(String title, List<FieldViolation> violations) {
        return HttpProblem.builder()
                .withStatus(Response.Status.BAD_REQUEST)
                .withTitle(title)
                .withDetail(violations.get(0).field() + ": " + violations.get(0).message())
                .with("violations", violations)
                .build();
    }

    public static HttpProblem badParameter(String parameter, String message) {
        return invalid("Invalid query parameter", List.of(new FieldViolation(parameter, message)));
    }

    /** An ISO-8601 instant query parameter, {@code fallback} when absent; 400 naming the parameter if unreadable. */
    public static java.time.Instant instantParameter(String parameter, String value, java.time.Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return java.time.Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw badParameter(parameter, "must be an ISO-8601 instant such as 2026-11-24T00:00:00Z");
        }
    }

    /** Every entry of a request was refused: 400 with each entry's index and reasons. */
    public static HttpProblem allRejected(String title, List<IngestOutcome.Rejection> rejected) {
        FieldViolation first = rejected.get(0).violations().get(0);
        return HttpProblem.builder()
                .withStatus(Response.Status.BAD_REQUEST)
                .withTitle(title)
                .withDetail(rejected.size() + " rejected; the first at index " + rejected.get(0).index() + ": "
                        + first.field() + ": " + first.message())
                .with("rejected", rejected)
                .build();
    }

    public static HttpProblem tooLarge(String detail) {
        return HttpProblem.builder()
                .withStatus(Response.Status.REQUEST_ENTITY_TOO_LARGE)
                .withTitle("Request too large")
                .withDetail(detail)
                .build();
    }

    public static HttpProblem unreadable(String detail) {
        return HttpProblem.builder()
                .withStatus(Response.Status.BAD_REQUEST)
                .withTitle("Unreadable request body")
                .withDetail(detail)
                .build();
    }
}
