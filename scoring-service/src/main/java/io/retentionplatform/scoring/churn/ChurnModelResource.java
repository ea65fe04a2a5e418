package io.retentionplatform.scoring.churn;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.retentionplatform.support.problem.InvalidInput;
import io.retentionplatform.support.security.RateLimited;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The churn models: train from the platform's history or from a CSV (admin), read their backtests and the shadow
 * model's agreement with the active one (viewer), promote or roll back (admin). Every model version is kept.
 */
@Path("/churn/models")
@Tag(name = "Churn model")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class ChurnModelResource {

    static final int MAX_MONTHS = 36;

    private final ChurnTraining training;
    private final ChurnModelStore models;
    private final ChurnScoreStore scores;

    public ChurnModelResource(ChurnTraining training, ChurnModelStore models, ChurnScoreStore scores) {
        this.training = training;
        this.models = models;
        this.scores = scores;
    }

    /** A training request: a JSON object, every field optional ({@code {}} for the defaults). */
    public record TrainRequest(Integer months, Integer horizonDays, Double contractionShare) {
    }

    /** One model in the list. */
    public record ModelSummary(long version, String status, String source, Instant trainedAt, Instant statusChangedAt,
            int rows, int churned, Double modelRocAuc, Double healthScoreRocAuc, String verdict) {

        static ModelSummary of(ChurnModelStore.StoredModel s) {
            BacktestReport r = s.report();
            return new ModelSummary(s.model().version(), s.status(), s.model().source(), s.model().trainedAt(),
                    s.statusChangedAt(), r.rows(), r.churned(), r.model().rocAuc(),
                    r.healthScore() == null ? null : r.healthScore().rocAuc(), r.verdict());
        }
    }

    /** A feature's weight: log-odds per standard deviation, with the mean and standard deviation it was scaled by. */
    public record Coefficient(String feature, double weight, double mean, double standardDeviation) {
    }

    /** One model in full. */
    public record ModelDetail(long version, String status, String source, Instant trainedAt, Instant activatedAt,
            Instant statusChangedAt, List<Coefficient> coefficients, double intercept,
            Map<String, Double> calibration, BacktestReport backtest, ChurnScoreStore.Agreement shadowAgreement,
            Map<String, Object> importSummary) {
    }

    /** A training's answer: the model, and for an import the rows refused with their line and column. */
    public record TrainResponse(ModelDetail model, List<ChurnCsvImport.RowError> rowErrors, List<String> ignoredColumns) {
    }

    @GET
    @Operation(summary = "Every churn model version, newest first, with its status and backtest headline")
    public Uni<List<ModelSummary>> list() {
        return models.list().map(all -> all.stream().map(ModelSummary::of).toList());
    }

    @GET
    @Path("/{version}")
    @Operation(summary = "One churn model: coefficients, calibration, backtest report and, in shadow, its agreement with the active model")
    public Uni<ModelDetail> get(@PathParam("version") String version) {
        long v = version(version);
        return models.get(v).chain(found -> found.map(this::detail)
                .orElseThrow(() -> InvalidInput.notFound("No churn model " + v)));
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @RateLimited("expensive")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Train a churn model from the platform's own history and backtest it",
            description = "Snapshots every account at the month ends of the last `months` (12) months, labels churn "
                    + "within `horizonDays` (90) or a contraction beyond `contractionShare` (0.5) of ARR, trains and "
                    + "backtests. The first model becomes active; later ones run in shadow until promoted. 201 with the "
                    + "model; 400 names a bad field; 422 when the history cannot train a model (no churn in it).")
    public Uni<Response> train(TrainRequest request) {
        if (request == null) {
            // A training is a deliberate act: an empty or null body is refused, not read as "all defaults".
            throw InvalidInput.field("body", "a JSON object is required; {} trains with the defaults");
        }
        int months = request.months() == null ? 12 : request.months();
        if (months < 3 || months > MAX_MONTHS) {
            throw InvalidInput.field("months", "must be between 3 and " + MAX_MONTHS);
        }
        LabelRule rule = rule(request.horizonDays(), request.contractionShare());
        return created(training.trainFromHistory(rule, months));
    }

    @POST
    @Path("/import")
    @RolesAllowed(Roles.ADMIN)
    @RateLimited("expensive")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Operation(summary = "Train and backtest a churn model on an imported CSV of labelled account feature rows",
            description = "Header-mapped: account_id, cutoff, churned and feature columns named as the platform's "
                    + "features (scoring-service README, \"CSV import\"). Rows with a problem are skipped and listed in "
                    + "rowErrors with line and column. 201 with the model (in shadow); 400 when the header is unusable or "
                    + "no row could be read, naming each problem; 422 when the rows cannot train a model.")
    public Uni<Response> importCsv(String csv, @QueryParam("horizonDays") Integer horizonDays) {
        if (csv == null || csv.isBlank()) {
            throw InvalidInput.field("body", "a CSV file with a header line is required");
        }
        return created(training.importCsv(csv, rule(horizonDays, null)));
    }

    @POST
    @Path("/{version}/promote")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Serve this model: it becomes active, the active one is retired",
            description = "404 for an unknown version; 409 when it is active already or uses columns the platform does "
                    + "not compute.")
    public Uni<ModelDetail> promote(@PathParam("version") String version) {
        return mapped(training.promote(version(version))).chain(this::detail);
    }

    @POST
    @Path("/{version}/rollback")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Withdraw the active model; the one active before it is served again",
            description = "409 unless the version is the active one. Without an earlier model no churn risk is served.")
    public Uni<ModelDetail> rollback(@PathParam("version") String version) {
        return mapped(training.rollback(version(version))).chain(this::detail);
    }

    private Uni<Response> created(Uni<ChurnTraining.Trained> trained) {
        return mapped(trained).chain(t -> detail(t.model()).map(d -> Response.status(Response.Status.CREATED)
                .header("Location", "/churn/models/" + t.model().model().version())
                .entity(new TrainResponse(d, t.rowErrors(), t.ignoredColumns())).build()));
    }

    private static <T> Uni<T> mapped(Uni<T> work) {
        return work.onFailure(ChurnTraining.ChurnModelException.class).transform(f -> {
            ChurnTraining.ChurnModelException e = (ChurnTraining.ChurnModelException) f;
            return InvalidInput.problem(e.conflict() ? 409 : 422, e.conflict() ? "Conflict" : "Cannot train a churn model",
                    List.of(new InvalidInput.Violation(e.field(), e.getMessage())));
        }).onFailure(ChurnTraining.ImportRefused.class).transform(f -> {
            ChurnCsvImport.Result result = ((ChurnTraining.ImportRefused) f).result();
            List<InvalidInput.Violation> violations = new ArrayList<>();
            for (ChurnCsvImport.RowError error : result.errors().subList(0, Math.min(50, result.errors().size()))) {
                violations.add(new InvalidInput.Violation(error.field(), "line " + error.line() + ": " + error.message()));
            }
            if (violations.isEmpty()) {
                violations.add(new InvalidInput.Violation("body", "no data rows after the header"));
            }
            return InvalidInput.of("Unusable CSV import", violations);
        }).onFailure(NotFoundException.class).transform(f -> InvalidInput.notFound(f.getMessage()));
    }

    private Uni<ModelDetail> detail(ChurnModelStore.StoredModel s) {
        ChurnModel m = s.model();
        List<Coefficient> coefficients = new ArrayList<>();
        for (int i = 0; i < m.features().size(); i++) {
            coefficients.add(new Coefficient(m.features().get(i), ChurnMetrics.round(m.weights()[i]),
                    ChurnMetrics.round(m.means()[i]), ChurnMetrics.round(m.scales()[i])));
        }
        Uni<ChurnScoreStore.Agreement> agreement = ChurnModelStore.SHADOW.equals(s.status())
                ? scores.agreement(m.version()) : Uni.createFrom().nullItem();
        return agreement.map(a -> new ModelDetail(m.version(), s.status(), m.source(), m.trainedAt(), s.activatedAt(),
                s.statusChangedAt(), coefficients, ChurnMetrics.round(m.intercept()),
                Map.of("plattA", ChurnMetrics.round(m.plattA()), "plattB", ChurnMetrics.round(m.plattB())), s.report(), a,
                s.importSummary()));
    }

    private static long version(String version) {
        try {
            long v = Long.parseLong(version);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw InvalidInput.field("version", "must be a model version, a whole number from 1");
    }

    private static LabelRule rule(Integer horizonDays, Double contractionShare) {
        if (horizonDays != null && (horizonDays < 7 || horizonDays > 365)) {
            throw InvalidInput.field("horizonDays", "must be between 7 and 365");
        }
        if (contractionShare != null && !(contractionShare > 0 && contractionShare <= 1)) {
            throw InvalidInput.field("contractionShare", "must be above 0 and at most 1");
        }
        return ChurnTraining.rule(horizonDays, contractionShare);
    }
}
