package io.retentionplatform.scoring.ingest;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retentionplatform.scoring.config.ScoringConfig;
import io.retentionplatform.support.security.RateLimited;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The native webhooks marketing automation and analytics pipelines push engagement events to. */
@Path("/events")
@Tag(name = "Ingestion")
@RolesAllowed(Roles.INGEST)
@RateLimited("ingest")
public class EventIngestResource {

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
    @Operation(summary = "Submit one engagement event, or one CloudEvent in binary mode",
            description = "Answers 202 only once Kafka has acknowledged the event. Sending the same id again is harmless. "
                    + "With a ce-specversion header the request is a CloudEvent in binary content mode: the ce- headers "
                    + "are its attributes (ce-id, ce-source, ce-type, ce-subject or ce-partitionkey, ce-time), the body "
                    + "its data (the attributes).")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EventSubmission.class)))
    @APIResponse(responseCode = "202", description = "Accepted and durably queued for scoring")
    @APIResponse(responseCode = "400", description = "Invalid event (problem+json, violations name each field or ce- header); nothing is queued")
    @APIResponse(responseCode = "413", description = "The event is too large for one Kafka record")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time; Retry-After says when to send again")
    public Uni<Response> submit(@Context HttpHeaders headers, byte[] body) {
        if (CloudEventHeaders.isBinaryMode(headers.getRequestHeaders())) {
            return submitBinaryCloudEvent(headers, body);
        }
        Candidate candidate = nativeEvent(0, JsonBodies.read(body, json), SenderFields.ourShape(""), "body");
        return ingestion.ingest(List.of(candidate)).map(outcome -> {
            single(outcome, "Invalid engagement event");
            EventSubmission submission = candidate.submission();
            return Response.accepted(Map.of("eventId", submission.id(), "accountId", submission.accountId()))
                    .location(URI.create("/accounts/" + submission.accountId() + "/health"))
                    .build();
        });
    }

    /**
     * A CloudEvent in binary mode whose data is not declared JSON (or has no Content-Type): accepted without data,
     * else refused naming {@code content-type}. Anything else of another media type is 415.
     */
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit one CloudEvent in binary mode (ce- headers) whose data are not declared application/json",
            description = "Without data (an empty body) any Content-Type, or none, is accepted; data must be JSON.")
    @APIResponse(responseCode = "415", description = "Not a CloudEvent in binary mode (no ce-specversion header)")
    public Uni<Response> submitBinaryCloudEvent(@Context HttpHeaders headers, byte[] body) {
        if (!CloudEventHeaders.isBinaryMode(headers.getRequestHeaders())) {
            throw new NotSupportedException("POST /events takes application/json, application/cloudevents+json, "
                    + "application/cloudevents-batch+json, or a CloudEvent in binary mode (ce-specversion and the other ce- headers)");
        }
        Candidate candidate = cloudEvents.readBinary(CloudEventHeaders.decode(headers.getRequestHeaders()),
                headers.getHeaderString(HttpHeaders.CONTENT_TYPE), body, clock.instant());
        return ingestion.ingest(List.of(candidate)).map(outcome -> {
            single(outcome, "Invalid CloudEvent");
            return Response.accepted(Map.of("eventId", outcome.accepted().get(0))).build();
        });
    }

    @POST
    @Consumes(CLOUDEVENT)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit one CloudEvent (structured JSON mode)",
            description = "type = an event type (optionally prefixed with io.retentionplatform.), subject or partitionkey = "
                    + "the account, data = the attributes. 202 once Kafka has acknowledged it.")
    public Uni<Response> submitCloudEvent(byte[] body) {
        Candidate candidate = cloudEvents.read(JsonBodies.read(body, json), clock.instant());
        return ingestion.ingest(List.of(candidate)).map(outcome -> {
            single(outcome, "Invalid CloudEvent");
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
        String path = root.isArray() ? "" : "events";
        if (events == null || !events.isArray()) {
            throw Problems.invalid("Invalid batch", List.of(new FieldViolation("events", "an array of events is required")));
        }
        JsonBodies.checkCount(events.size());
        if (events.isEmpty()) {
            throw Problems.invalid("Invalid batch", List.of(new FieldViolation("events", "must contain at least one event")));
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String entry = path + "[" + i + "]";
            candidates.add(nativeEvent(i, events.get(i), SenderFields.ourShape(entry + "."), entry));
        }
        return ingestion.ingest(candidates).map(EventIngestResource::batchResponse);
    }

    static Response batchResponse(IngestOutcome outcome) {
        if (outcome.onlyTooLarge()) {
            throw Problems.tooLarge(outcome.rejected().size() + " events are each too large for one Kafka record; the "
                    + "first at index " + outcome.rejected().get(0).index() + ": " + outcome.rejected().get(0).violations().get(0).message());
        }
        if (outcome.accepted().isEmpty() && !outcome.rejected().isEmpty()) {
            throw Problems.allRejected("Every event was rejected", outcome.rejected());
        }
        return Response.accepted(BatchResponse.of(outcome)).build();
    }

    /** The answer of a single-event request that was refused: 413 if only its size was at fault, else 400. */
    private static void single(IngestOutcome outcome, String title) {
        if (outcome.rejected().isEmpty()) {
            return;
        }
        IngestOutcome.Rejection rejection = outcome.rejected().get(0);
        if (rejection.tooLarge()) {
            throw Problems.tooLarge(rejection.violations().get(0).message());
        }
        throw Problems.invalid(title, rejection.violations());
    }

    /** One event of our own shape at {@code entry} ({@code body}, or {@code events[3]} in a batch). */
    private Candidate nativeEvent(int index, JsonNode node, SenderFields fields, String entry) {
        if (!node.isObject()) {
            return Candidate.invalid(index, null, List.of(new FieldViolation(entry, "must be an event object")));
        }
        JsonNode attributes = node.get("attributes");
        if (attributes != null && !attributes.isNull() && !attributes.isObject()) {
            return Candidate.invalid(index, JsonBodies.text(node, "id"),
                    List.of(new FieldViolation(fields.of("attributes"), "must be an object")));
        }
        return Candidate.event(index, new EventSubmission(JsonBodies.text(node, "id"), JsonBodies.text(node, "accountId"),
                JsonBodies.text(node, "type"), JsonBodies.text(node, "occurredAt"), JsonBodies.attributes(attributes, json)),
                fields);
    }
}
