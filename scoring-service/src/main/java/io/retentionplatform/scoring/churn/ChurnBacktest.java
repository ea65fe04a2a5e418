package io.retentionplatform.scoring.churn;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;

/**
 * Trains a churn model on labelled snapshots and backtests it honestly, in time order.
 *
 * <p>For each test cut-off T (the last {@code folds} cut-offs that have at least two earlier cut-offs to learn from), the
 * model is trained only on cut-offs whose whole horizon had passed by T (cut-off + horizon &lt;= T: their outcome was
 * known at T, nothing later), and scored on the rows at T. Within a training set the latest cut-offs are the calibration
 * slice (at least a fifth of the rows, with churn among them) and the earlier ones are fitted; the fit rows are sampled down to {@code maxFitRows} (seeded) when there are
 * more. The rule-based health score ({@code 100 - health}) is evaluated on exactly the same test rows.
 *
 * <p>The model that is kept is trained the same way on every labelled cut-off.
 */
public final class ChurnBacktest {

    /** The result: the model trained on everything, and the backtest of the same procedure. */
    public record Result(ChurnModel model, BacktestReport report) {
    }

    private final ChurnTrainer trainer;
    private final int folds;
    private final int maxFitRows;

    public ChurnBacktest(ChurnTrainer trainer, int folds, int maxFitRows) {
        this.trainer = trainer;
        this.folds = folds;
        this.maxFitRows = maxFitRows;
    }

    public ChurnBacktest() {
        this(new ChurnTrainer(), 3, 200_000);
    }

    public Result run(List<String> features, List<FeatureSnapshot> snapshots, LabelRule rule, long version,
            Instant trainedAt, String source) {
        List<FeatureSnapshot> labelled = snapshots.stream().filter(s -> s.churned() != null).toList();
        TreeSet<Instant> cutoffs = new TreeSet<>();
        labelled.forEach(s -> cutoffs.add(s.cutoff()));
        Duration horizon = rule.horizon();
        List<BacktestReport.Fold> done = new ArrayList<>();
        List<Double> modelScores = new ArrayList<>();
        List<Double> healthScores = new ArrayList<>();
        List<Boolean> outcomes = new ArrayList<>();
        boolean withHealth = labelled.stream().allMatch(s -> s.healthScore() != null);
        List<Instant> testable = cutoffs.stream()
                .filter(t -> cutoffs.stream().filter(c -> !c.plus(horizon).isAfter(t)).count() >= 2).toList();
        for (Instant t : testable.subList(Math.max(0, testable.size() - folds), testable.size())) {
            List<FeatureSnapshot> train = labelled.stream().filter(s -> !s.cutoff().plus(horizon).isAfter(t)).toList();
            List<FeatureSnapshot> test = labelled.stream().filter(s -> s.cutoff().equals(t)).toList();
            ChurnModel model;
            try {
                model = fit(features, train, version, trainedAt, source);
            } catch (IllegalArgumentException oneClassOnly) {
                continue; // a fold whose training cut-offs saw no churn cannot be trained: skipped, the report says how many ran
            }
            double[] ms = new double[test.size()];
            double[] hs = new double[test.size()];
            boolean[] ys = new boolean[test.size()];
            for (int i = 0; i < test.size(); i++) {
                FeatureSnapshot s = test.get(i);
                ms[i] = model.probability(s.values());
                hs[i] = withHealth ? (100 - s.healthScore()) / 100.0 : 0;
                ys[i] = s.churned();
                modelScores.add(ms[i]);
                healthScores.add(hs[i]);
                outcomes.add(ys[i]);
            }
            long trainCutoffs = train.stream().map(FeatureSnapshot::cutoff).distinct().count();
            done.add(new BacktestReport.Fold(t, (int) trainCutoffs, train.size(), test.size(), ChurnMetrics.of(ms, ys),
                    withHealth ? ChurnMetrics.of(hs, ys) : null));
        }
        ChurnModel finalModel = fit(features, labelled, version, trainedAt, source);
        boolean[] ys = new boolean[outcomes.size()];
        for (int i = 0; i < ys.length; i++) {
            ys[i] = outcomes.get(i);
        }
        ChurnMetrics model = ChurnMetrics.of(modelScores.stream().mapToDouble(Double::doubleValue).toArray(), ys);
        ChurnMetrics health = withHealth
                ? ChurnMetrics.of(healthScores.stream().mapToDouble(Double::doubleValue).toArray(), ys) : null;
        int churned = (int) labelled.stream().filter(FeatureSnapshot::churned).count();
        BacktestReport report = new BacktestReport(horizon.toDays(), rule.contractionShare(), labelled.size(), churned,
                cutoffs.size(), done, model, health, verdict(done.size(), model, health));
        return new Result(finalModel, report);
    }

    /**
     * Fits on the earlier cut-offs of {@code rows} and calibrates on the latest ones: as many of the latest cut-offs as
     * it takes to hold a fifth of the rows and churned ones among them (a calibration slice without churn says nothing).
     */
    ChurnModel fit(List<String> features, List<FeatureSnapshot> rows, long version, Instant trainedAt, String source) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("labels: no labelled rows to train on");
        }
        TreeSet<Instant> cutoffs = new TreeSet<>();
        rows.forEach(s -> cutoffs.add(s.cutoff()));
        Instant calibrationFrom = cutoffs.last();
        for (Instant c : cutoffs.descendingSet()) {
            calibrationFrom = c;
            Instant from = c;
            List<FeatureSnapshot> slice = rows.stream().filter(s -> !s.cutoff().isBefore(from)).toList();
            if (slice.size() * 5 >= rows.size() && slice.stream().anyMatch(FeatureSnapshot::churned)) {
                break;
            }
        }
        Instant from = calibrationFrom;
        List<FeatureSnapshot> fit = new ArrayList<>(rows.stream().filter(s -> s.cutoff().isBefore(from)).toList());
        List<FeatureSnapshot> calibration = rows.stream().filter(s -> !s.cutoff().isBefore(from)).toList();
        if (fit.isEmpty()) {
            throw new IllegalArgumentException("cutoff: at least two labelled cut-offs are needed (fit and calibration)");
        }
        if (fit.size() > maxFitRows) {
            java.util.Collections.shuffle(fit, new Random(version * 31 + fit.size()));
            fit = fit.subList(0, maxFitRows);
        }
        return trainer.train(features, fit.stream().map(FeatureSnapshot::values).toList(), labels(fit),
                calibration.stream().map(FeatureSnapshot::values).toList(), labels(calibration), version, trainedAt, source);
    }

    private static boolean[] labels(List<FeatureSnapshot> rows) {
        boolean[] labels = new boolean[rows.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rows.get(i).churned();
        }
        return labels;
    }

    static String verdict(int folds, ChurnMetrics model, ChurnMetrics health) {
        if (folds == 0 || model.rocAuc() == null) {
            return "No fold could be tested: the history needs churn before each test cut-off and at it.";
        }
        if (health == null || health.rocAuc() == null) {
            return String.format(Locale.ROOT, "Over %d folds the model's ROC-AUC is %.3f (no health score to compare with).",
                    folds, model.rocAuc());
        }
        double gain = model.rocAuc() - health.rocAuc();
        return String.format(Locale.ROOT, "Over %d folds the model's ROC-AUC is %.3f against the health score's %.3f: %s by %.3f.",
                folds, model.rocAuc(), health.rocAuc(), gain >= 0 ? "better" : "worse", Math.abs(gain));
    }
}
