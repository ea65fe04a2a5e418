package io.retentionplatform.support.problem;

import java.util.List;
import java.util.Map;

import io.quarkiverse.resteasy.problem.HttpProblem;

/**
 * The service's one way to refuse input: RFC 9457 problem+json, status 400 (or as given), with
 * {@code violations: [{field, message}]} naming each part at fault, as the other services do.
 */
public final class InvalidInput {

    public record Violation(String field, String message) {
    }

    private InvalidInput() {
    }

    public static HttpProblem of(String title, List<Violation> violations) {
        return problem(400, title, violations);
    }

    public static HttpProblem field(String field, String message) {
        return of("Invalid request", List.of(new Violation(field, message)));
    }

    public static HttpProblem problem(int status, String title, List<Violation> violations) {
        return HttpProblem.builder()
                .withStatus(status)
                .withTitle(title)
                .withDetail(violations.stream().map(v -> v.field() + ": " + v.message()).reduce((a, b) -> a + "; " + b)
                        .orElse(title))
                .with("violations", violations.stream().map(v -> Map.of("field", v.field(), "message", v.message())).toList())
                .build();
    }

    public static HttpProblem notFound(String what) {
        return HttpProblem.builder().withStatus(404).withTitle("Not found").withDetail(what).build();
    }

    public static HttpProblem conflict(String detail) {
        return HttpProblem.builder().withStatus(409).withTitle("Conflict").withDetail(detail).build();
    }

    /** A page request: page 0 or more, size 1..max. */
    public static void checkPage(int page, int size, int max) {
        if (page < 0) {
            throw field("page", "must be 0 or more");
        }
        if (size < 1 || size > max) {
            throw field("size", "must be between 1 and " + max);
        }
    }
}
