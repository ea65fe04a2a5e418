package io.retentionplatform.scoring.ingest;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retentionplatform.scoring.config.ScoringConfig;
import io.retentionplatform.support.security.RateLimited;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The native webhooks marketing automation and analytics pipelines push engagement events to. */
@Path("/events")
@Tag(name = "Ingestion")
@RolesAllowed(Roles.INGEST)
@RateLimited("ingest")
public class EventIngestResource {

    private static final TypeReference<Map<String, Object>> ATTRIBUTES = new TypeReference<>() {
    };

    public static final String CLOUDEVENT = "application/cloudevents+json";
    public static final String CLOUDEVENTS_BATCH = "application/cloudevents-batch+json";

    private final Ingestion ingestion;
    private final ObjectMapper json;
    private final CloudEventMapping cloudEvents;
    private final Clock clock;

    public EventIngestResource(Ingestion ingestion, ObjectMapper json, ScoringConfig config, Clock clock) {
        this.ingestion = ingestion;
        this.json = json;
        this.cloudEvents = new CloudEventMapping(config.cloudevents().typePrefix(), json);
        this.clock = clock;
    }

    /** The answer to a batch: counts, the accepted ids, and each rejected or skipped entry with its index. */
    public record BatchResponse(int accepted, int rejectedCount, int skippedCount, List<String> acceptedIds,
            List<IngestOutcome.Rejection> rejected, List<IngestOutcome.Skip> skipped) {

        static BatchResponse of(IngestOutcome o) {
            return new BatchResponse(o.accepted().size(), o.rejected().size(), o.skipped().size(), o.accepted(),
                    o.rejected(), o.skipped());
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit one engagement event",
            description = "Answers 202 only once Kafka has acknowledged the event. Sending the same id again is harmless.")
    @APIResponse(responseCode = "202", description = "Accepted and durably queued for scoring")
    @APIResponse(responseCode = "400", description = "Invalid event (problem+json, violations name each field); nothing is queued")
    public Uni<Response> submit(EventSubmission submission) {
        if (submission == null) {
            throw Problems.invalid("Invalid engagement event", List.of(new FieldViolation("body", "an event object is required")));
        }
        return ingestion.ingest(List.of(Candidate.event(0, submission))).map(outcome -> {
            if (!outcome.rejected().isEmpty()) {
                throw Problems.invalid("Invalid engagement event", outcome.rejected().get(0).violations());
            }
            return Response.accepted(Map.of("eventId", submission.id(), "accountId", submission.accountId()))
                    .location(URI.create("/accounts/" + submission.accountId() + "/health"))
                    .build();
        });
    }

    @POST
    @Consumes(CLOUDEVENT)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit one CloudEvent (structured JSON mode)",
            description = "type = an event type (optionally prefixed with io.retentionplatform.), subject or partitionkey = "
                    + "the account, data = the attributes. 202 once Kafka has acknowledged it.")
    public Uni<Response> submitCloudEvent(byte[] body) {
        Candidate candidate = cloudEvents.read(0, JsonBodies.read(body, json), clock.instant());
        return ingestion.ingest(List.of(candidate)).map(outcome -> {
            if (!outcome.rejected().isEmpty()) {
                throw Problems.invalid("Invalid CloudEvent", outcome.rejected().get(0).violations());
            }
            return Response.accepted(Map.of("eventId", outcome.accepted().get(0))).build();
        });
    }

    @POST
    @Consumes(CLOUDEVENTS_BATCH)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a batch of CloudEvents (a JSON array), up to 1,000 events or 1 MB")
    public Uni<Response> submitCloudEventBatch(byte[] body) {
        return ingestion.ingest(cloudEvents.readBatch(JsonBodies.read(body, json), clock.instant()))
                .map(EventIngestResource::batchResponse);
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit up to 1,000 events (1 MB) at once: {\"events\": [...]}",
            description = "Each event is checked on its own: bad ones are rejected with their index and reasons, good ones "
                    + "are accepted, and the answer (202) comes once Kafka has acknowledged them all.")
    @APIResponse(responseCode = "202", description = "At least one event accepted; rejected ones listed by index")
    @APIResponse(responseCode = "400", description = "Unreadable body, or every event rejected (listed by index)")
    @APIResponse(responseCode = "413", description = "More than 1,000 events or 1 MB")
    public Uni<Response> submitBatch(byte[] body) {
        JsonNode root = JsonBodies.read(body, json);
        JsonNode events = root.isArray() ? root : root.get("events");
        if (events == null || !events.isArray()) {
            throw Problems.invalid("Invalid batch", List.of(new FieldViolation("events", "an array of events is required")));
        }
        JsonBodies.checkCount(events.size());
        if (events.isEmpty()) {
            throw Problems.invalid("Invalid batch", List.of(new FieldViolation("events", "must contain at least one event")));
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            candidates.add(nativeEvent(i, events.get(i)));
        }
        return ingestion.ingest(candidates).map(EventIngestResource::batchResponse);
    }

    static Response batchResponse(IngestOutcome outcome) {
        if (outcome.accepted().isEmpty() && !outcome.rejected().isEmpty()) {
            throw Problems.allRejected("Every event was rejected", outcome.rejected());
        }
        return Response.accepted(BatchResponse.of(outcome)).build();
    }

    private Candidate nativeEvent(int index, JsonNode node) {
        if (!node.isObject()) {
            return Candidate.invalid(index, null, List.of(new FieldViolation("events[" + index + "]", "must be an event object")));
        }
        JsonNode attributes = node.get("attributes");
        if (attributes != null && !attributes.isNull() && !attributes.isObject()) {
            return Candidate.invalid(index, JsonBodies.text(node, "id"),
                    List.of(new FieldViolation("attributes", "must be an object")));
        }
        Map<String, Object> attributeMap = attributes == null || attributes.isNull() ? Map.of()
                : json.convertValue(attributes, ATTRIBUTES);
        return Candidate.event(index, new EventSubmission(JsonBodies.text(node, "id"), JsonBodies.text(node, "accountId"),
                JsonBodies.text(node, "type"), JsonBodies.text(node, "occurredAt"), new LinkedHashMap<>(attributeMap)));
    }
}
