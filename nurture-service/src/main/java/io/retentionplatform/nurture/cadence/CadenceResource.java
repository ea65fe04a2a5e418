package io.retentionplatform.nurture.cadence;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.retentionplatform.support.problem.InvalidInput;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Cadences over REST. Writing one validates it (problem+json naming each field at fault) and, when the definition
 * changed, makes a new version; accounts already enrolled keep the version they entered with.
 */
@Path("/cadences")
@Tag(name = "Cadences")
@Produces(MediaType.APPLICATION_JSON)
public class CadenceResource {

    private final CadenceCatalog catalog;
    private final Clock clock;

    public CadenceResource(CadenceCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    @GET
    @WithSession
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Every cadence at its current version")
    public Uni<List<CadenceView>> list() {
        return Panache.getSession().chain(catalog::current).map(all -> all.stream().map(CadenceView::of).toList());
    }

    @GET
    @Path("/{cadenceId}")
    @WithSession
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "One cadence at its current version, with the list of its versions")
    public Uni<Map<String, Object>> get(@PathParam("cadenceId") String cadenceId) {
        CadenceValidation.checkId(cadenceId);
        return Panache.getSession().chain(session -> catalog.find(session, cadenceId).chain(found -> {
            CadenceCatalog.Versioned cadence = found.orElseThrow(() -> InvalidInput.notFound("No cadence " + cadenceId));
            return catalog.versionList(session, cadenceId).map(versions -> Map.of("cadence", CadenceView.of(cadence),
                    "versions", versions.stream().map(v -> Map.of("version", ((Number) v[0]).intValue(),
                            "createdAt", io.retentionplatform.nurture.support.Sql.instant(v[1]))).toList()));
        }));
    }

    @GET
    @Path("/{cadenceId}/versions/{version}")
    @WithSession
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "One version of a cadence, as enrolled accounts run it")
    public Uni<CadenceDefinition> version(@PathParam("cadenceId") String cadenceId, @PathParam("version") int version) {
        CadenceValidation.checkId(cadenceId);
        return Panache.getSession().chain(session -> catalog.versionList(session, cadenceId).chain(versions -> {
            if (versions.stream().noneMatch(v -> ((Number) v[0]).intValue() == version)) {
                throw InvalidInput.notFound("No version " + version + " of cadence " + cadenceId);
            }
            return catalog.version(session, cadenceId, version);
        }));
    }

    /** Creates the cadence or, when its definition changed, writes a new version (201 for a new cadence, else 200). */
    @PUT
    @Path("/{cadenceId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MANAGER)
    @Operation(summary = "Create a cadence or write a new version of it (enrolled accounts keep theirs)")
    public Uni<Response> put(@PathParam("cadenceId") String cadenceId, CadenceInput input) {
        CadenceValidation.checkId(cadenceId);
        CadenceValidation.validate(input);
        boolean enabled = input.enabled() == null || input.enabled();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> catalog.save(session, cadenceId, input, enabled,
                        false, clock.instant())
                .chain(saved -> catalog.find(session, cadenceId).map(found -> Response
                        .status(saved.outcome() == CadenceCatalog.Saved.CREATED ? 201 : 200)
                        .entity(CadenceView.of(found.orElseThrow())).build()))));
    }
}
