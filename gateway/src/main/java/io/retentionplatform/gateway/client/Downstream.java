package io.retentionplatform.gateway.client;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retentionplatform.gateway.errors.ConflictException;
import io.retentionplatform.gateway.errors.ForbiddenException;
import io.retentionplatform.gateway.errors.InvalidArgumentException;
import io.retentionplatform.gateway.errors.NotFoundException;
import io.retentionplatform.gateway.errors.RateLimitedException;
import io.retentionplatform.gateway.errors.UpstreamUnavailableException;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Every call to a service goes through here: a timeout, retries of reads (never of writes), and a circuit breaker per
 * service (SmallRye Fault Tolerance), so that a service that is down costs a fast error rather than a slow one for
 * every field that needs it. Failures become GraphQL errors with a code: what the service refused (4xx, problem+json)
 * keeps its meaning ({@code INVALID_ARGUMENT} with the service's field names, {@code NOT_FOUND}, {@code CONFLICT},
 * {@code FORBIDDEN}), everything else is {@code UPSTREAM_UNAVAILABLE} naming the service. A refusal is not retried
 * and does not count against the breaker.
 */
@ApplicationScoped
public class Downstream {

    public static final String SCORING = "scoring-service";
    public static final String SEGMENTATION = "segmentation-service";
    public static final String NURTURE = "nurture-service";

    private final ObjectMapper json;

    public Downstream(ObjectMapper json) {
        this.json = json;
    }

    /** The service answered 4xx: not retried, not a breaker failure; mapped to its GraphQL code at the end. */
    static final class Refused extends RuntimeException {
        final int status;
        final String detail;

        Refused(int status, String detail) {
            super(detail, null, false, false);
            this.status = status;
            this.detail = detail;
        }
    }

    // --- reads: retried ---------------------------------------------------------------------------------

    public <T> Uni<T> readScoring(Supplier<Uni<T>> call) {
        return mapped(SCORING, guardedScoringRead(() -> refusals(call)));
    }

    public <T> Uni<T> readSegmentation(Supplier<Uni<T>> call) {
        return mapped(SEGMENTATION, guardedSegmentationRead(() -> refusals(call)));
    }

    public <T> Uni<T> readNurture(Supplier<Uni<T>> call) {
        return mapped(NURTURE, guardedNurtureRead(() -> refusals(call)));
    }

    // --- writes: once --------------------------------------------------------------------------------------

    public <T> Uni<T> writeScoring(Supplier<Uni<T>> call) {
        return mapped(SCORING, guardedScoringWrite(() -> refusals(call)));
    }

    public <T> Uni<T> writeSegmentation(Supplier<Uni<T>> call) {
        return mapped(SEGMENTATION, guardedSegmentationWrite(() -> refusals(call)));
    }

    public <T> Uni<T> writeNurture(Supplier<Uni<T>> call) {
        return mapped(NURTURE, guardedNurtureWrite(() -> refusals(call)));
    }

    // The guarded methods: one breaker per service and kind (the annotations are per method). Public for the
    // interceptor; not for use elsewhere.

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 50, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS, skipOn = Refused.class)
    public <T> Uni<T> guardedScoringRead(Supplier<Uni<T>> call) {
        return call.get();
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 50, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS, skipOn = Refused.class)
    public <T> Uni<T> guardedSegmentationRead(Supplier<Uni<T>> call) {
        return call.get();
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 50, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS, skipOn = Refused.class)
    public <T> Uni<T> guardedNurtureRead(Supplier<Uni<T>> call) {
        return call.get();
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    public <T> Uni<T> guardedScoringWrite(Supplier<Uni<T>> call) {
        return call.get();
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    public <T> Uni<T> guardedSegmentationWrite(Supplier<Uni<T>> call) {
        return call.get();
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    public <T> Uni<T> guardedNurtureWrite(Supplier<Uni<T>> call) {
        return call.get();
    }

    private <T> Uni<T> refusals(Supplier<Uni<T>> call) {
        return Uni.createFrom().deferred(() -> call.get()).onFailure(WebApplicationException.class).transform(failure -> {
            Response response = ((WebApplicationException) failure).getResponse();
            int status = response.getStatus();
            return status >= 400 && status < 500 && status != 408 ? new Refused(status, detail(response)) : failure;
        });
    }

    private static <T> Uni<T> mapped(String service, Uni<T> call) {
        return call.onFailure().transform(failure -> {
            if (failure instanceof Refused refused) {
                return switch (refused.status) {
                    case 401, 403 -> new ForbiddenException(service + " refused the caller: " + refused.detail);
                    case 404 -> new NotFoundException(refused.detail);
                    case 409 -> new ConflictException(refused.detail);
                    case 429 -> new RateLimitedException(service + ": " + refused.detail);
                    default -> new InvalidArgumentException(refused.detail);
                };
            }
            return new UpstreamUnavailableException(service, failure);
        });
    }

    /** The problem+json's title, detail and field violations as one sentence (the body is small: a problem document). */
    private String detail(Response response) {
        try {
            String body = response.readEntity(String.class);
            JsonNode problem = json.readTree(body);
            StringBuilder text = new StringBuilder(problem.path("title").asText("Refused"));
            JsonNode violations = problem.path("violations");
            if (problem.hasNonNull("detail")) {
                text.append(": ").append(problem.get("detail").asText());
            } else if (violations.isArray() && !violations.isEmpty()) {
                List<String> each = new java.util.ArrayList<>();
                violations.forEach(v -> each.add(v.path("field").asText() + " " + v.path("message").asText()));
                text.append(" (").append(each.stream().collect(Collectors.joining("; "))).append(')');
            }
            return text.toString();
        } catch (RuntimeException | java.io.IOException unreadable) {
            return "HTTP " + response.getStatus();
        }
    }
}
