package io.retentionplatform.scoring.apikey;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.security.identity.SecurityIdentity;
import io.retentionplatform.scoring.ingest.FieldViolation;
import io.retentionplatform.scoring.ingest.Problems;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Event senders' API keys: issued (the key is shown once), listed without secrets, revoked. Admins only. */
@Path("/api-keys")
@Tag(name = "API keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ApiKeyResource {

    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern ID = Pattern.compile("[a-z0-9]{16}");
    private static final int MAX_DESCRIPTION = 200;

    private final ApiKeyStore keys;
    private final SecurityIdentity caller;
    private final Clock clock;

    public ApiKeyResource(ApiKeyStore keys, SecurityIdentity caller, Clock clock) {
        this.keys = keys;
        this.caller = caller;
        this.clock = clock;
    }

    /** What the admin asks for. */
    public record NewKey(String source, String description) {
    }

    /** A key as listed: never its secret or hash. */
    public record KeyView(String id, String source, String description, Instant createdAt, String createdBy,
            Instant revokedAt, boolean active) {

        static KeyView of(ApiKey key) {
            return new KeyView(key.id(), key.source(), key.description(), key.createdAt(), key.createdBy(),
                    key.revokedAt(), key.active());
        }
    }

    /** The answer to issuing: the key itself, this once. */
    public record IssuedKey(String id, String source, String description, Instant createdAt, String key) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue an API key for an event sender",
            description = "201 with the key, shown only in this response (only a hash is stored). The key grants the "
                    + "ingest role and nothing else: Authorization: Bearer <key>, or on the Segment endpoints HTTP Basic "
                    + "with the key as user name.")
    public Uni<Response> issue(NewKey body) {
        List<FieldViolation> violations = new ArrayList<>();
        if (body == null) {
            violations.add(new FieldViolation("body", "an object with source and description is required"));
        } else {
            if (body.source() == null || !SOURCE.matcher(body.source()).matches()) {
                violations.add(new FieldViolation("source",
                        "required: 1-64 characters, lower-case letters, digits, '.', '_' or '-', starting with a letter or digit"));
            }
            if (body.description() != null && body.description().length() > MAX_DESCRIPTION) {
                violations.add(new FieldViolation("description", "at most " + MAX_DESCRIPTION + " characters"));
            }
        }
        if (!violations.isEmpty()) {
            throw Problems.invalid("Invalid API key request", violations);
        }
        ApiKeyFormat.Issued issued = ApiKeyFormat.issue();
        ApiKey key = new ApiKey(issued.id(), body.source(), body.description(), issued.secretHash(), clock.instant(),
                caller.getPrincipal().getName(), null);
        return keys.create(key).map(created -> Response.status(Response.Status.CREATED)
                .header("Location", "/api-keys/" + created.id())
                .entity(new IssuedKey(created.id(), created.source(), created.description(), created.createdAt(), issued.key()))
                .build());
    }

    @GET
    @Operation(summary = "Every API key, newest first, without secrets")
    public Uni<List<KeyView>> list() {
        return keys.list().map(all -> all.stream().map(KeyView::of).toList());
    }

    @GET
    @Path("/{keyId}")
    @Operation(summary = "One API key, without its secret")
    public Uni<KeyView> one(@PathParam("keyId") String keyId) {
        checkId(keyId);
        return keys.find(keyId).map(found -> found.map(KeyView::of).orElseThrow(() -> notFound(keyId)));
    }

    @DELETE
    @Path("/{keyId}")
    @Operation(summary = "Revoke an API key (again is harmless)",
            description = "204; calls with the key are refused at once on this instance and within seconds on the others.")
    public Uni<Response> revoke(@PathParam("keyId") String keyId) {
        checkId(keyId);
        return keys.revoke(keyId, clock.instant(), caller.getPrincipal().getName()).map(known -> {
            if (!known) {
                throw notFound(keyId);
            }
            return Response.noContent().build();
        });
    }

    private static void checkId(String keyId) {
        if (keyId == null || !ID.matcher(keyId).matches()) {
            throw Problems.invalid("Invalid API key id", List.of(new FieldViolation("keyId", "16 lower-case letters or digits")));
        }
    }

    private static HttpProblem notFound(String keyId) {
        return HttpProblem.builder().withStatus(Response.Status.NOT_FOUND).withTitle("Not Found")
                .withDetail("No API key " + keyId).build();
    }
}
