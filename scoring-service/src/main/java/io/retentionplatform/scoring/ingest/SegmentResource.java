package io.retentionplatform.scoring.ingest;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retentionplatform.scoring.config.ScoringConfig;
import io.retentionplatform.support.security.RateLimited;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Segment's HTTP tracking API: point a Segment source or library at this service's base URL. Answers 200
 * (Segment's libraries treat anything else as a failure) once Kafka has acknowledged every mapped event.
 */
@Path("/v1")
@Tag(name = "Ingestion (Segment)")
@RolesAllowed(Roles.INGEST)
@RateLimited("ingest")
public class SegmentResource {

    private final Ingestion ingestion;
    private final ObjectMapper json;
    private final SegmentMapping mapping;
    private final Clock clock;

    public SegmentResource(Ingestion ingestion, ObjectMapper json, ScoringConfig config, Clock clock) {
        this.ingestion = ingestion;
        this.json = json;
        this.mapping = new SegmentMapping(config.segment(), json);
        this.clock = clock;
    }

    @POST
    @Path("/{call: track|identify|group}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A Segment track, identify or group call")
    public Uni<Response> call(@PathParam("call") String call, byte[] body) {
        JsonNode root = JsonBodies.read(body, json);
        return respond(List.of(mapping.read(root, call, clock.instant())));
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A Segment batch: {\"batch\": [calls], \"context\": {...}}, up to 1,000 calls or 1 MB")
    public Uni<Response> batch(byte[] body) {
        JsonNode root = JsonBodies.read(body, json);
        return respond(mapping.readBatch(root, clock.instant()));
    }

    private Uni<Response> respond(List<Candidate> candidates) {
        return ingestion.ingest(candidates).map(outcome -> {
            if (outcome.onlyTooLarge()) {
                throw Problems.tooLarge("Each event is too large for one Kafka record; the first at index "
                        + outcome.rejected().get(0).index() + ": " + outcome.rejected().get(0).violations().get(0).message());
            }
            if (outcome.accepted().isEmpty() && !outcome.rejected().isEmpty()) {
                throw Problems.allRejected("Every Segment call was rejected", outcome.rejected());
            }
            return Response.ok(Map.of("success", true, "accepted", outcome.accepted().size(), "rejected", outcome.rejected(),
                    "skipped", outcome.skipped())).build();
        });
    }
}
