package io.retentionplatform.scoring.churn;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.retentionplatform.contracts.EngagementEventType;
import io.retentionplatform.scoring.config.ScoringConfig;
import io.retentionplatform.scoring.events.EventStore;
import io.retentionplatform.scoring.model.HealthModelRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.jboss.logging.Logger;

/**
 * Trains churn models from the platform's own history or from an imported CSV, and moves them between shadow and
 * active. A new model becomes active at once only when there is no active one; otherwise it runs in shadow (scored
 * beside the active one, not served; a previous shadow is superseded) until an admin promotes it. Training is CPU
 * work: it runs on a worker thread, never on the event loop.
 */
@ApplicationScoped
public class ChurnTraining {

    private static final Logger LOG = Logger.getLogger(ChurnTraining.class);

    /** Why a model cannot be trained, promoted or rolled back: answered as 409 or 422 with the field at fault. */
    public static final class ChurnModelException extends RuntimeException {
        private final String field;
        private final boolean conflict;

        ChurnModelException(String field, String message, boolean conflict) {
            super(message);
            this.field = field;
            this.conflict = conflict;
        }

        public String field() {
            return field;
        }

        public boolean conflict() {
            return conflict;
        }
    }

    /** A training's outcome: the stored model, and for an import the rows refused. */
    public record Trained(ChurnModelStore.StoredModel model, List<ChurnCsvImport.RowError> rowErrors,
            List<String> ignoredColumns) {
    }

    private final EventStore events;
    private final ChurnHistoryStore history;
    private final ChurnModelStore models;
    private final ChurnScoring scoring;
    private final HealthModelRegistry healthModels;
    private final Clock clock;
    private final int maxFitRows;

    public ChurnTraining(EventStore events, ChurnHistoryStore history, ChurnModelStore models, ChurnScoring scoring,
            HealthModelRegistry healthModels, Clock clock, ScoringConfig config) {
        this.events = events;
        this.history = history;
        this.models = models;
        this.scoring = scoring;
        this.healthModels = healthModels;
        this.clock = clock;
        this.maxFitRows = config.churn().maxFitRows();
    }

    /** Month ends (the last second of each month, UTC) of the {@code months} full months before {@code now}. */
    public static List<Instant> monthEnds(Instant now, int months) {
        YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
        List<Instant> cutoffs = new ArrayList<>();
        for (int k = months; k >= 1; k--) {
            cutoffs.add(current.minusMonths(k - 1L).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1));
        }
        return cutoffs;
    }

    /** Trains on snapshots of every account at the month ends of the last {@code months} months. */
    public Uni<Trained> trainFromHistory(LabelRule rule, int months) {
        Instant now = clock.instant();
        return history.all().chain(commercial -> events.all().collect().asList().map(stored -> {
            Map<String, List<HistoricEvent>> byAccount = new HashMap<>();
            for (EventStore.StoredEvent e : stored) {
                EngagementEventType.fromWireName(e.type()).ifPresent(type -> byAccount
                        .computeIfAbsent(e.accountId(), id -> new ArrayList<>())
                        .add(new HistoricEvent(type, e.occurredAt(), e.attributes())));
            }
            Map<String, AccountHistory> histories = new LinkedHashMap<>();
            byAccount.forEach((id, list) -> histories.put(id, new AccountHistory(id, list, List.of(), List.of())));
            commercial.forEach((id, c) -> histories.put(id, new AccountHistory(id,
                    byAccount.getOrDefault(id, List.of()), c.facts(), c.movements())));
            return histories;
        })).emitOn(Infrastructure.getDefaultWorkerPool()).map(histories -> {
            SnapshotBuilder builder = new SnapshotBuilder(healthModels.active(), rule);
            List<Instant> cutoffs = monthEnds(now, months);
            List<FeatureSnapshot> snapshots = histories.values().parallelStream()
                    .flatMap(h -> builder.snapshots(h, cutoffs, now).stream()).toList();
            LOG.infof("Churn training: %d accounts, %d snapshots at %d cut-offs", histories.size(), snapshots.size(),
                    cutoffs.size());
            return snapshots;
        }).chain(snapshots -> trainAndStore(ChurnFeature.columns(), snapshots, rule, "platform", null, null, now));
    }

    /** Trains on the rows of a CSV file (see {@link ChurnCsvImport}); the rows refused are listed in the outcome. */
    public Uni<Trained> importCsv(String csv, LabelRule rule) {
        Instant now = clock.instant();
        ChurnCsvImport.Result parsed;
        try {
            parsed = ChurnCsvImport.read(new StringReader(csv));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (parsed.rows().isEmpty()) {
            return Uni.createFrom().failure(new ImportRefused(parsed));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("rowsRead", parsed.rows().size());
        summary.put("rowsRefused", parsed.errors().size());
        summary.put("ignoredColumns", parsed.ignoredColumns());
        return trainAndStore(parsed.features(), parsed.rows(), rule, "import", summary, parsed, now);
    }

    /** An import none of whose rows could be read: every problem, by line and column. */
    public static final class ImportRefused extends RuntimeException {
        private final ChurnCsvImport.Result result;

        ImportRefused(ChurnCsvImport.Result result) {
            super("No row of the CSV could be imported");
            this.result = result;
        }

        public ChurnCsvImport.Result result() {
            return result;
        }
    }

    private Uni<Trained> trainAndStore(List<String> features, List<FeatureSnapshot> snapshots, LabelRule rule, String source,
            Map<String, Object> importSummary, ChurnCsvImport.Result parsed, Instant now) {
        return models.nextVersion().emitOn(Infrastructure.getDefaultWorkerPool()).map(version -> {
            try {
                return new ChurnBacktest(new ChurnTrainer(), 3, maxFitRows).run(features, snapshots, rule, version, now, source);
            } catch (IllegalArgumentException e) {
                String message = e.getMessage();
                int colon = message.indexOf(':');
                throw new ChurnModelException(colon > 0 ? message.substring(0, colon) : "history",
                        (colon > 0 ? message.substring(colon + 2) : message) + " (" + snapshots.size() + " rows, "
                                + snapshots.stream().filter(s -> Boolean.TRUE.equals(s.churned())).count() + " churned)",
                        false);
            }
        }).chain(result -> models.withStatus(ChurnModelStore.ACTIVE).chain(active -> {
            boolean first = active.isEmpty() && result.model().servable();
            String status = first ? ChurnModelStore.ACTIVE : ChurnModelStore.SHADOW;
            Uni<Void> previousShadow = models.withStatus(ChurnModelStore.SHADOW).chain(shadow -> shadow
                    .map(s -> models.changeStatus(s.model().version(), ChurnModelStore.SHADOW, ChurnModelStore.SUPERSEDED, now)
                            .replaceWithVoid())
                    .orElse(Uni.createFrom().voidItem()));
            return previousShadow
                    .chain(() -> models.insert(result.model(), status, result.report(), importSummary, now))
                    .chain(() -> models.get(result.model().version()))
                    .call(() -> scoring.modelsChanged())
                    .map(stored -> new Trained(stored.orElseThrow(),
                            parsed == null ? List.of() : parsed.errors(), parsed == null ? List.of() : parsed.ignoredColumns()));
        }));
    }

    /** Makes {@code version} the served model; the active one is retired. */
    public Uni<ChurnModelStore.StoredModel> promote(long version) {
        Instant now = clock.instant();
        return existing(version).chain(target -> {
            if (ChurnModelStore.ACTIVE.equals(target.status())) {
                return Uni.createFrom().failure(new ChurnModelException("version", "model " + version + " is active already", true));
            }
            if (!target.model().servable()) {
                return Uni.createFrom().failure(new ChurnModelException("version", "model " + version
                        + " uses columns the platform does not compute (an import); it can be backtested, not served", true));
            }
            return models.withStatus(ChurnModelStore.ACTIVE)
                    .chain(active -> active.map(a -> models.changeStatus(a.model().version(), ChurnModelStore.ACTIVE,
                            ChurnModelStore.RETIRED, now).replaceWithVoid()).orElse(Uni.createFrom().voidItem()))
                    .chain(() -> models.changeStatus(version, target.status(), ChurnModelStore.ACTIVE, now))
                    .chain(changed -> changed ? changedModels(version)
                            : Uni.createFrom().failure(new ChurnModelException("version", "model " + version
                                    + " changed meanwhile; try again", true)));
        });
    }

    /** Withdraws the active {@code version}; the model active before it is served again (none if there was none). */
    public Uni<ChurnModelStore.StoredModel> rollback(long version) {
        Instant now = clock.instant();
        return existing(version).chain(target -> {
            if (!ChurnModelStore.ACTIVE.equals(target.status())) {
                return Uni.createFrom().failure(new ChurnModelException("version", "model " + version + " is "
                        + target.status() + ", not active: only the active model can be rolled back", true));
            }
            return models.previouslyActive(version).chain(previous -> models.changeStatus(version, ChurnModelStore.ACTIVE,
                            ChurnModelStore.ROLLED_BACK, now)
                    .chain(() -> previous.map(p -> models.changeStatus(p.model().version(), ChurnModelStore.RETIRED,
                            ChurnModelStore.ACTIVE, now).replaceWithVoid()).orElse(Uni.createFrom().voidItem()))
                    .chain(() -> changedModels(version)));
        });
    }

    private Uni<ChurnModelStore.StoredModel> changedModels(long version) {
        return scoring.modelsChanged().chain(() -> models.get(version)).map(Optional::orElseThrow);
    }

    private Uni<ChurnModelStore.StoredModel> existing(long version) {
        return models.get(version).map(found -> found.orElseThrow(() -> new jakarta.ws.rs.NotFoundException(
                "No churn model " + version)));
    }

    static LabelRule rule(Integer horizonDays, Double contractionShare) {
        return new LabelRule(horizonDays == null ? LabelRule.DEFAULT.horizon() : Duration.ofDays(horizonDays),
                contractionShare == null ? LabelRule.DEFAULT.contractionShare() : contractionShare);
    }
}
