package io.retentionplatform.nurture.webhook;

import java.util.Map;
import java.util.stream.Collectors;

import io.quarkiverse.resteasy.problem.HttpProblem;

/**
 * The webhook API's refusals as RFC 9457 problem+json, in the suite's shape: a field at fault is named in
 * {@code violations: [{field, message}]} (as the Bean Validation problems and the other services' are).
 */
final class WebhookProblems {

    private WebhookProblems() {
    }

    static HttpProblem invalid(String field, String message) {
        return invalid(Map.of(field, message));
    }

    /** {@code violations}: message by field, in the order to report them. */
    static HttpProblem invalid(Map<String, String> violations) {
        return HttpProblem.builder().withStatus(400).withTitle("Invalid request")
                .withDetail(violations.entrySet().stream().map(v -> v.getKey() + ": " + v.getValue())
                        .collect(Collectors.joining("; ")))
                .with("violations", violations.entrySet().stream()
                        .map(v -> Map.of("field", v.getKey(), "message", v.getValue())).toList())
                .build();
    }

    static HttpProblem notFound(String detail) {
        return HttpProblem.builder().withStatus(404).withTitle("Not found").withDetail(detail).build();
    }

    static HttpProblem unauthorized(String detail) {
        return HttpProblem.builder().withStatus(401).withTitle("Unauthorized").withDetail(detail).build();
    }
}
