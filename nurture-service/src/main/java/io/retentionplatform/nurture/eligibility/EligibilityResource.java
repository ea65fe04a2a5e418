package io.retentionplatform.nurture.eligibility;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Expansion-play eligibility (seed 000, step 4), decided on each request from what nurture knows now. */
@Path("/accounts/{accountId}/expansion-eligibility")
@Tag(name = "Expansion eligibility")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class EligibilityResource {

    private final ExpansionEligibility eligibility;

    public EligibilityResource(ExpansionEligibility eligibility) {
        this.eligibility = eligibility;
    }

    /** {@code version}: the last decision published for the account (0 when none was yet). */
    public record EligibilityView(String accountId, boolean eligible, List<String> plays, List<String> reasons, long version) {
    }

    @GET
    @WithSession
    @Operation(summary = "Whether an expansion play may be offered to the account, which plays, and why")
    public Uni<EligibilityView> get(@PathParam("accountId") String accountId) {
        return Panache.getSession().chain(session -> eligibility.decide(session, accountId)
                .chain(decision -> eligibility.version(session, accountId).map(version -> new EligibilityView(accountId,
                        decision.eligible(), decision.plays(), decision.reasons(), version.orElse(0L)))));
    }
}
