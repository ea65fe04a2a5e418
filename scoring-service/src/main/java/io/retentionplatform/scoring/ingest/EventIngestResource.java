package io.retentionplatform.scoring.ingest;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.micrometer.core.instrument.MeterRegistry;
import io.retentionplatform.contracts.EngagementEventMessage;
import io.retentionplatform.scoring.config.ScoringConfig;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The webhook marketing automation and analytics pipelines push engagement events to. */
@Path("/events")
@Tag(name = "Ingestion")
public class EventIngestResource {

    private final EventValidator validator;
    private final EventPublisher publisher;
    private final Clock clock;
    private final MeterRegistry metrics;

    public EventIngestResource(EventPublisher publisher, ScoringConfig config, Clock clock, MeterRegistry metrics) {
        this.validator = new EventValidator(Duration.ofSeconds(config.ingest().maxFutureSkewSeconds()));
        this.publisher = publisher;
        this.clock = clock;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit one engagement event",
            description = "Answers 202 only once Kafka has acknowledged the event. Sending the same id again is harmless.")
    @APIResponse(responseCode = "202", description = "Accepted and durably queued for scoring")
    @APIResponse(responseCode = "400", description = "Invalid event (problem+json, violations name each field); nothing is queued")
    public Uni<Response> submit(EventSubmission submission) {
        List<FieldViolation> violations = validator.violations(submission, clock.instant());
        if (!violations.isEmpty()) {
            metrics.counter("scoring.events.rejected").increment();
            throw Problems.invalid("Invalid engagement event", violations);
        }
        EngagementEventMessage event = validator.toMessage(submission, clock.instant());
        return publisher.publish(event)
                .invoke(() -> metrics.counter("scoring.events.accepted").increment())
                .replaceWith(() -> Response.accepted(Map.of("eventId", event.eventId(), "accountId", event.accountId()))
                        .location(URI.create("/accounts/" + event.accountId() + "/health"))
                        .build());
    }
}
