package io.retentionplatform.scoring.scoring;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.retentionplatform.scoring.churn.ChurnScoreStore;
import io.retentionplatform.scoring.ingest.Problems;
import io.retentionplatform.scoring.model.HealthModelRegistry;
import io.retentionplatform.scoring.scoring.AccountScoresResource.HealthView;
import io.retentionplatform.scoring.state.AccountStateStore;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The health of many accounts in one call (one bulk read of states and one of churn scores), for list views such as the
 * gateway's account pages.
 */
@Path("/health")
@Tag(name = "Scores")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class HealthBatchResource {

    static final int MAX_ACCOUNTS = 500;

    private final AccountStateStore states;
    private final HealthModelRegistry models;
    private final ChurnScoreStore churnScores;
    private final Clock clock;

    public HealthBatchResource(AccountStateStore states, HealthModelRegistry models, ChurnScoreStore churnScores, Clock clock) {
        this.states = states;
        this.models = models;
        this.churnScores = churnScores;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "Current health of up to 500 accounts (repeat accountId); accounts without a score are left out")
    public Uni<List<HealthView>> health(@QueryParam("accountId") List<String> accountIds) {
        if (accountIds == null || accountIds.isEmpty()) {
            throw Problems.badParameter("accountId", "at least one account id is required");
        }
        if (accountIds.size() > MAX_ACCOUNTS) {
            throw Problems.badParameter("accountId", "at most " + MAX_ACCOUNTS + " account ids per call");
        }
        List<String> ids = List.copyOf(new LinkedHashSet<>(accountIds));
        long active = models.active().version();
        return states.loadAll(ids).chain(found -> churnScores.getAll(ids).map(churn -> ids.stream().map(id -> {
            var state = found.get(id);
            var risk = churn.get(id);
            return state == null ? null : state.effective(active).map(score -> AccountScoresResource.view(id, state, score, clock,
                    risk == null ? null : risk.risk())).orElse(null);
        }).filter(Objects::nonNull).toList()));
    }
}
