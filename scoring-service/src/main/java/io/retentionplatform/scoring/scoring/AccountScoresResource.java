package io.retentionplatform.scoring.scoring;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.retentionplatform.contracts.HealthScoreMessage;
import io.retentionplatform.scoring.churn.ChurnScoreStore;
import io.retentionplatform.scoring.health.Explanation;
import io.retentionplatform.scoring.health.HealthAssessment;
import io.retentionplatform.scoring.health.SignalSummary;
import io.retentionplatform.scoring.health.Trend;
import io.retentionplatform.scoring.health.ValueRealization;
import io.retentionplatform.scoring.ingest.Problems;
import io.retentionplatform.scoring.model.HealthModelRegistry;
import io.retentionplatform.scoring.state.AccountState;
import io.retentionplatform.scoring.state.AccountStateStore;
import io.retentionplatform.scoring.state.HealthHistoryStore;
import io.retentionplatform.scoring.state.ScoreRecord;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Read API of an account's scores: health, its history and explanation, engagement, value realization, churn risk.
 */
@Path("/accounts/{accountId}")
@Tag(name = "Scores")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class AccountScoresResource {

    static final int MAX_HISTORY_POINTS = 1000;

    private final AccountStateStore states;
    private final HealthHistoryStore history;
    private final HealthModelRegistry models;
    private final Clock clock;
    private final ChurnScoreStore churnScores;

    public AccountScoresResource(AccountStateStore states, HealthHistoryStore history, HealthModelRegistry models, Clock clock,
            ChurnScoreStore churnScores) {
        this.churnScores = churnScores;
        this.states = states;
        this.history = history;
        this.models = models;
        this.clock = clock;
    }

    public record ComponentView(int value, double weight, double contribution) {
    }

    /**
     * The health score as served; {@code churnRisk} is the active churn model's risk (null without an active model or
     * before the account was first scored by it).
     */
    public record HealthView(String accountId, int score, String band, Map<String, ComponentView> components, Trend trend,
            boolean satisfactionTrap, List<String> flags, String explanation, long version, long modelVersion,
            Instant computedAt, HealthScoreMessage.ChurnRisk churnRisk) {
    }

    /** An account's churn risk (the active model's, served) and the shadow model's score beside it (not served). */
    public record ChurnRiskView(String accountId, HealthScoreMessage.ChurnRisk churnRisk, ChurnScoreStore.ModelScore shadow) {
    }

    public record EngagementView(String accountId, int score30, int score90, SignalSummary signals, Instant computedAt) {
    }

    @GET
    @Path("/health")
    @Operation(summary = "Current health score with components, trend, flags and a one-line explanation")
    public Uni<HealthView> health(@PathParam("accountId") String accountId) {
        return current(accountId).chain(found -> churnScores.get(accountId).map(churn -> view(accountId, found.state(),
                found.score(), clock, churn.map(ChurnScoreStore.AccountScores::risk).orElse(null))));
    }

    /** The health view of one account's effective score (also for {@link HealthBatchResource}). */
    static HealthView view(String accountId, AccountState state, ScoreRecord s, Clock clock, HealthScoreMessage.ChurnRisk churnRisk) {
        HealthAssessment a = s.assessment();
        Map<String, ComponentView> components = new java.util.LinkedHashMap<>();
        a.components().forEach((c, v) -> components.put(c.label(), new ComponentView(v,
                Math.round(a.weights().getOrDefault(c, 0.0) * 1000) / 1000.0, Math.round(a.contribution(c) * 100) / 100.0)));
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Trend trend = Trend.of(a.score(), today, state.daily().headMap(today, false));
        return new HealthView(accountId, a.score(), a.band(), components, trend, a.satisfactionTrap(),
                s.explanation().flags(), s.explanation().summary(), s.version(), a.modelVersion(), s.computedAt(), churnRisk);
    }

    @GET
    @Path("/churn-risk")
    @Operation(summary = "Churn probability, risk band and top drivers in plain English from the active churn model",
            description = "With the shadow model's score beside it while one runs. 404 when the account has no churn "
                    + "score (no active or shadow model yet, or the account is unknown).")
    public Uni<ChurnRiskView> churnRisk(@PathParam("accountId") String accountId) {
        return churnScores.get(accountId).map(found -> found
                .map(s -> new ChurnRiskView(accountId, s.risk(), s.shadow()))
                .orElseThrow(() -> new NotFoundException("No churn score for account " + accountId)));
    }

    @GET
    @Path("/health/explanation")
    @Operation(summary = "Why the current score is what it is, and what moved it since the previous one")
    public Uni<Explanation> explanation(@PathParam("accountId") String accountId) {
        return current(accountId).map(found -> found.score().explanation());
    }

    @GET
    @Path("/health/history")
    @Operation(summary = "Score history: a point per change and per day, oldest first")
    public Uni<List<HealthHistoryStore.HistoryPoint>> history(@PathParam("accountId") String accountId,
            @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("limit") @DefaultValue("365") int limit) {
        Instant now = clock.instant();
        Instant start = Problems.instantParameter("from", from, now.minus(90, ChronoUnit.DAYS));
        Instant end = Problems.instantParameter("to", to, now.plusSeconds(1));
        if (limit < 1 || limit > MAX_HISTORY_POINTS) {
            throw Problems.badParameter("limit", "must be between 1 and " + MAX_HISTORY_POINTS);
        }
        return history.history(accountId, start, end, limit);
    }

    @GET
    @Path("/engagement")
    @Operation(summary = "Engagement score (behaviour + support + usage) over 30 and 90 days, with the signals behind it")
    public Uni<EngagementView> engagement(@PathParam("accountId") String accountId) {
        return current(accountId).map(found -> {
            HealthAssessment a = found.score().assessment();
            return new EngagementView(accountId, a.engagementScore30(), a.engagementScore90(), a.summary(),
                    found.score().computedAt());
        });
    }

    @GET
    @Path("/value-realization")
    @Operation(summary = "Entitled versus used features in the last 90 days; the premium-paid, basic-used flag")
    public Uni<ValueRealization> valueRealization(@PathParam("accountId") String accountId) {
        return current(accountId).map(found -> found.score().assessment().valueRealization());
    }

    private record Found(AccountState state, ScoreRecord score) {
    }

    private Uni<Found> current(String accountId) {
        return states.load(accountId).map(state -> state.effective(models.active().version())
                .map(score -> new Found(state, score))
                .orElseThrow(() -> new NotFoundException("No score for account " + accountId)));
    }
}
