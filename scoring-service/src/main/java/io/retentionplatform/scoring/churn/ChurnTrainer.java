package io.retentionplatform.scoring.churn;

import java.time.Instant;
import java.util.List;

import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains the churn model: a logistic regression with Tribuo's {@link LinearSGDTrainer} (log loss, AdaGrad), then a Platt
 * calibration. How each concern is handled:
 * <ul>
 * <li><b>scaling</b>: every feature is standardized with the fit rows' mean and standard deviation (kept in the model),
 * so weights are comparable (log-odds per standard deviation) and SGD converges evenly;</li>
 * <li><b>class imbalance</b>: churned and retained rows get weights that make both classes weigh the same in the loss
 * ({@code n / (2 * n_class)}), so the rare class is learned instead of ignored;</li>
 * <li><b>calibration</b>: that weighting inflates the raw probabilities, so a Platt scaling
 * ({@code sigmoid(a * logit + b)}, fitted by Newton's method on the unweighted log loss) is fitted on a separate,
 * later slice of rows the regression did not see: the probabilities served match observed churn rates.</li>
 * </ul>
 * Tribuo's two-class logistic regression is a softmax over {@code churned}/{@code retained}; its weights are turned into
 * one binary regression (churned minus retained), which is the same model.
 */
public final class ChurnTrainer {

    static final String CHURNED = "churned";
    static final String RETAINED = "retained";

    private final int epochs;
    private final long seed;

    public ChurnTrainer(int epochs, long seed) {
        this.epochs = epochs;
        this.seed = seed;
    }

    public ChurnTrainer() {
        this(5, 20261206L);
    }

    /**
     * Fits on {@code fitRows} (each row in {@code features} order) and calibrates on {@code calibrationRows}. Both
     * must hold churned and retained rows.
     */
    public ChurnModel train(List<String> features, List<double[]> fitRows, boolean[] fitLabels, List<double[]> calibrationRows,
            boolean[] calibrationLabels, long version, Instant trainedAt, String source) {
        int d = features.size();
        int n = fitRows.size();
        double[] means = new double[d];
        double[] scales = new double[d];
        for (double[] row : fitRows) {
            for (int j = 0; j < d; j++) {
                means[j] += row[j] / n;
            }
        }
        for (double[] row : fitRows) {
            for (int j = 0; j < d; j++) {
                scales[j] += (row[j] - means[j]) * (row[j] - means[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            scales[j] = scales[j] < 1e-12 ? 1 : Math.sqrt(scales[j]);
        }
        int positives = 0;
        for (boolean label : fitLabels) {
            positives += label ? 1 : 0;
        }
        if (positives == 0 || positives == n) {
            throw new IllegalArgumentException("labels: the training rows need churned and retained accounts");
        }
        float positiveWeight = (float) (n / (2.0 * positives));
        float negativeWeight = (float) (n / (2.0 * (n - positives)));

        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("churn snapshots", factory), factory);
        String[] names = features.toArray(String[]::new);
        Label churned = new Label(CHURNED);
        Label retained = new Label(RETAINED);
        for (int i = 0; i < n; i++) {
            double[] z = new double[d];
            for (int j = 0; j < d; j++) {
                z[j] = (fitRows.get(i)[j] - means[j]) / scales[j];
            }
            ArrayExample<Label> example = new ArrayExample<>(fitLabels[i] ? churned : retained, names, z);
            example.setWeight(fitLabels[i] ? positiveWeight : negativeWeight);
            dataset.add(example);
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.5, 0.1), epochs, Integer.MAX_VALUE,
                1, seed);
        LinearSGDModel fitted = trainer.train(dataset);
        DenseMatrix w = fitted.getWeightsCopy();
        int churnRow = fitted.getOutputIDInfo().getID(churned);
        int retainRow = fitted.getOutputIDInfo().getID(retained);
        double[] weights = new double[d];
        for (int j = 0; j < d; j++) {
            var info = fitted.getFeatureIDMap().get(names[j]);
            // A feature that never varied (always 0 after scaling) is unknown to Tribuo: weight 0.
            weights[j] = info == null ? 0 : w.get(churnRow, info.getID()) - w.get(retainRow, info.getID());
        }
        int bias = w.getDimension2Size() - 1;
        double intercept = w.get(churnRow, bias) - w.get(retainRow, bias);

        ChurnModel raw = new ChurnModel(version, features, means, scales, weights, intercept, 1, 0, trainedAt, source);
        double[] logits = new double[calibrationRows.size()];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = raw.logit(calibrationRows.get(i));
        }
        double[] platt = platt(logits, calibrationLabels, Math.log((double) positives / (n - positives)));
        return new ChurnModel(version, features, means, scales, weights, intercept, platt[0], platt[1], trainedAt, source);
    }

    /**
     * Platt scaling: {@code a, b} minimizing the log loss of {@code sigmoid(a * logit + b)}, by Newton's method with a
     * backtracking line search (Lin, Lin and Weng's version of Platt's algorithm), with Platt's smoothed targets so that
     * a perfectly separated slice does not drive {@code a} to infinity. A slice with one class only, or one that would
     * reverse the ranking ({@code a < 0}), gives the prior correction instead: the logit kept, shifted from the balanced
     * weighting back to the observed base rate ({@code a = 1, b = ln(pos / neg)} of the fit rows).
     */
    static double[] platt(double[] logits, boolean[] labels, double fitPriorShift) {
        int positives = 0;
        for (boolean label : labels) {
            positives += label ? 1 : 0;
        }
        int negatives = labels.length - positives;
        double[] fallback = {1, fitPriorShift};
        if (positives == 0 || negatives == 0) {
            return fallback;
        }
        double hi = (positives + 1.0) / (positives + 2.0);
        double lo = 1.0 / (negatives + 2.0);
        double a = 0;
        double b = Math.log((positives + 1.0) / (negatives + 1.0));
        double loss = plattLoss(logits, labels, a, b, hi, lo);
        for (int iteration = 0; iteration < 100; iteration++) {
            double ga = 0;
            double gb = 0;
            double haa = 1e-12;
            double hab = 0;
            double hbb = 1e-12;
            for (int i = 0; i < logits.length; i++) {
                double p = ChurnModel.sigmoid(a * logits[i] + b);
                double r = p - (labels[i] ? hi : lo);
                double w = Math.max(p * (1 - p), 1e-12);
                ga += r * logits[i];
                gb += r;
                haa += w * logits[i] * logits[i];
                hab += w * logits[i];
                hbb += w;
            }
            if (Math.abs(ga) < 1e-7 && Math.abs(gb) < 1e-7) {
                break;
            }
            double det = haa * hbb - hab * hab;
            double da = -(hbb * ga - hab * gb) / det;
            double db = -(haa * gb - hab * ga) / det;
            double step = 1;
            double next = Double.POSITIVE_INFINITY;
            while (step >= 1e-10) {
                next = plattLoss(logits, labels, a + step * da, b + step * db, hi, lo);
                if (next < loss + 1e-4 * step * (ga * da + gb * db)) {
                    break;
                }
                step /= 2;
            }
            if (step < 1e-10) {
                break;
            }
            a += step * da;
            b += step * db;
            loss = next;
        }
        return a > 0 && Double.isFinite(a) && Double.isFinite(b) ? new double[] {a, b} : fallback;
    }

    private static double plattLoss(double[] logits, boolean[] labels, double a, double b, double hi, double lo) {
        double loss = 0;
        for (int i = 0; i < logits.length; i++) {
            double z = a * logits[i] + b;
            double t = labels[i] ? hi : lo;
            // log(1 + e^z) - t z, computed without overflow
            loss += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - t * z;
        }
        return loss;
    }
}
