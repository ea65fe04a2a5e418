package io.retentionplatform.nurture.membership;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The segments nurture knows an account to be in: the triggers of its cadences. */
@Path("/accounts/{accountId}/segments")
@Tag(name = "Segments")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class SegmentMembershipResource {

    private final SegmentMembershipRepository memberships;

    public SegmentMembershipResource(SegmentMembershipRepository memberships) {
        this.memberships = memberships;
    }

    public record MembershipView(String segment, long version, Instant since) {
    }

    @GET
    @WithSession
    @Operation(summary = "Segments the account is currently in (empty when none is known)")
    public Uni<List<MembershipView>> segments(@PathParam("accountId") String accountId) {
        return memberships.currentSegments(accountId)
                .map(list -> list.stream().map(m -> new MembershipView(m.segment, m.version, m.changedAt)).toList());
    }
}
