package io.retentionplatform.scoring.health;

import java.time.Instant;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Read API of the health scores. */
@Path("/accounts/{accountId}")
@Tag(name = "Health")
@Produces(MediaType.APPLICATION_JSON)
public class AccountHealthResource {

    private final HealthScoreStore scores;

    public AccountHealthResource(HealthScoreStore scores) {
        this.scores = scores;
    }

    /** The current health score of an account. */
    public record HealthView(String accountId, int score, String band, Components components, long version,
            Instant computedAt) {
    }

    public record Components(int adoption, int support, int engagement) {
    }

    @GET
    @Path("/health")
    @Operation(summary = "Current health score of an account, with its components")
    public Uni<HealthView> health(@PathParam("accountId") String accountId) {
        return scores.find(accountId).map(found -> found
                .map(s -> new HealthView(s.accountId(), s.health().score(), s.health().band(),
                        new Components(s.health().adoption(), s.health().support(), s.health().engagement()),
                        s.version(), s.computedAt()))
                .orElseThrow(() -> new NotFoundException("No health score for account " + accountId)));
    }
}
