package io.retentionplatform.nurture.enrollment;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.nurture.cadence.CadenceCatalog;
import io.retentionplatform.nurture.cadence.CadenceValidation;
import io.retentionplatform.nurture.enrollment.EnrollmentResource.EnrollInput;
import io.retentionplatform.nurture.erasure.AccountLock;
import io.retentionplatform.support.problem.InvalidInput;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A manual enrollment (its own resource: {@code /cadences/...} paths are matched against cadence resources first). */
@Path("/cadences/{cadenceId}/enrollments")
@Tag(name = "Enrollments")
@Produces(MediaType.APPLICATION_JSON)
public class CadenceEnrollmentResource {

    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    private final Enrollments enrollments;
    private final CadenceCatalog catalog;
    private final Clock clock;

    public CadenceEnrollmentResource(Enrollments enrollments, CadenceCatalog catalog, Clock clock) {
        this.enrollments = enrollments;
        this.catalog = catalog;
        this.clock = clock;
    }

    @POST
        @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MANAGER)
    @Operation(summary = "Enroll an account by hand (201; 409 when it runs or recently ran this cadence, or cannot be enrolled)")
    public Uni<Response> enroll(@PathParam("cadenceId") String cadenceId, EnrollInput input) {
        CadenceValidation.checkId(cadenceId);
        if (input == null || input.accountId() == null || input.accountId().isBlank()) {
            throw InvalidInput.field("accountId", "required");
        }
        if (!ACCOUNT_ID.matcher(input.accountId()).matches()) {
            throw InvalidInput.field("accountId", "must be 1-128 characters of letters, digits and . _ : @ -");
        }
        Instant now = clock.instant();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> catalog.find(session, cadenceId).chain(found -> {
            CadenceCatalog.Versioned cadence = found.orElseThrow(() -> InvalidInput.notFound("No cadence " + cadenceId));
            if (!cadence.enabled()) {
                throw InvalidInput.conflict("Cadence " + cadenceId + " is disabled");
            }
            return AccountLock.take(session, input.accountId())
                    .chain(() -> AccountLock.erasedAt(session, input.accountId()))
                    .chain(erased -> {
                        if (erased.isPresent()) {
                            throw InvalidInput.conflict("Account " + input.accountId() + " was erased");
                        }
                        return enrollments.enroll(session, input.accountId(), cadence, cadence.definition().trigger(), null, now);
                    })
                    .map(enrolled -> enrolled.map(row -> Response.status(201).entity(EnrollmentResource.view(row, List.of())).build())
                            .orElseThrow(() -> InvalidInput.conflict("Account " + input.accountId() + " runs or recently ran cadence "
                                    + cadenceId + ", unsubscribed, or is no longer an active customer")));
        })));
    }

}
