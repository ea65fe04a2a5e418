package io.retentionplatform.scoring.erasure;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import io.retentionplatform.scoring.ingest.EventValidator;
import io.retentionplatform.scoring.ingest.FieldViolation;
import io.retentionplatform.scoring.ingest.Problems;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * GDPR art. 17: erase an account, or one person (a pseudonymous user id) within it, in every service. The request
 * goes to every service over Kafka; each confirms when its erasure is durable. Administrators only: an erasure
 * cannot be undone.
 */
@Path("/erasures")
@Tag(name = "Erasure (GDPR art. 17)")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class ErasureResource {

    static final int MAX_USER_ID_LENGTH = 256;
    static final int MAX_LIST = 500;

    private final ErasureService erasures;

    public ErasureResource(ErasureService erasures) {
        this.erasures = erasures;
    }

    /** The body of a request. */
    @Schema(description = "What to erase: the whole account, or one person's user id within it")
    public record ErasureSubmission(
            @Schema(description = "The account (CRM id)", examples = "acme-corp", required = true)
            String accountId,
            @Schema(description = "The pseudonymous user id of one person (as events carry it); leave out to erase the "
                    + "whole account", examples = "u-1047")
            String userId) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Erase an account, or one person within it, in every service",
            description = "202 once the request is stored and Kafka has acknowledged it; follow it at Location.")
    @APIResponse(responseCode = "202", description = "Accepted; the body is the request's status")
    @APIResponse(responseCode = "400", description = "Invalid request (problem+json naming the field)")
    @APIResponse(responseCode = "503", description = "Stored, but Kafka did not acknowledge it: it is published again automatically")
    public Uni<Response> request(ErasureSubmission submission, @Context SecurityContext security) {
        List<FieldViolation> violations = new ArrayList<>();
        if (submission == null) {
            throw Problems.invalid("Invalid erasure request", List.of(new FieldViolation("body", "an object with accountId is required")));
        }
        EventValidator.checkId("accountId", submission.accountId(), violations);
        if (submission.userId() != null && submission.userId().isBlank()) {
            violations.add(new FieldViolation("userId", "must not be blank; leave it out to erase the whole account"));
        } else if (submission.userId() != null && submission.userId().length() > MAX_USER_ID_LENGTH) {
            violations.add(new FieldViolation("userId", "must be at most " + MAX_USER_ID_LENGTH + " characters"));
        }
        if (!violations.isEmpty()) {
            throw Problems.invalid("Invalid erasure request", violations);
        }
        String requestedBy = security == null || security.getUserPrincipal() == null ? "anonymous"
                : security.getUserPrincipal().getName();
        return erasures.submit(submission.accountId(), submission.userId(), requestedBy)
                .map(status -> Response.accepted(status).location(URI.create("/erasures/" + status.requestId())).build());
    }

    @GET
    @Path("/{requestId}")
    @Operation(summary = "An erasure request: each service pending or confirmed (when, what), complete when all confirmed")
    public Uni<ErasureStatus> status(@PathParam("requestId") String requestId) {
        return erasures.status(requestId)
                .map(found -> found.orElseThrow(() -> new NotFoundException("No erasure request " + requestId)));
    }

    @GET
    @Operation(summary = "The latest erasure requests, newest first")
    public Uni<List<ErasureStatus>> recent(@QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > MAX_LIST) {
            throw Problems.badParameter("limit", "must be between 1 and " + MAX_LIST);
        }
        return erasures.recent(limit);
    }
}
