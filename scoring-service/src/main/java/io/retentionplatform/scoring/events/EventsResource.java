package io.retentionplatform.scoring.events;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.retentionplatform.scoring.ingest.Problems;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The stored engagement events of an account, by time range, a page at a time. */
@Path("/accounts/{accountId}/events")
@Tag(name = "Events")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class EventsResource {

    static final int MAX_PAGE_SIZE = 1000;

    private final EventStore events;
    private final Clock clock;

    public EventsResource(EventStore events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "Events with from <= occurredAt < to (default: the last 90 days), newest first")
    public Uni<List<EventStore.StoredEvent>> events(@PathParam("accountId") String accountId,
            @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("100") int size) {
        if (page < 0) {
            throw Problems.badParameter("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw Problems.badParameter("size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        Instant now = clock.instant();
        return events.page(accountId, Problems.instantParameter("from", from, now.minusSeconds(90L * 86400)), Problems.instantParameter("to", to, now.plusSeconds(1)),
                page, size);
    }
}
