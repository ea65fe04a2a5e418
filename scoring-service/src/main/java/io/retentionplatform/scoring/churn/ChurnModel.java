package io.retentionplatform.scoring.churn;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A trained churn model as it is stored and served: a logistic regression over standardized features, and a Platt
 * calibration of its output.
 *
 * <p>{@code p = sigmoid(plattA * (intercept + sum_i weights[i] * (x_i - means[i]) / scales[i]) + plattB)}. The weights
 * come from Tribuo's trainer (see {@link ChurnTrainer}); scoring needs no library, so 100,000 accounts are scored in
 * well under a second. Feature names select the values from the platform's vector ({@link ChurnFeature}), so a model
 * trained on an import with fewer columns is served too.
 *
 * @param version      increasing per trained model
 * @param features     the feature columns it uses, in the order of the arrays below
 * @param means        each feature's mean over the training rows
 * @param scales       each feature's standard deviation over the training rows (1 when constant)
 * @param weights      the coefficient of each standardized feature (log-odds per standard deviation)
 * @param intercept    the intercept (log-odds at the mean)
 * @param plattA       calibration slope
 * @param plattB       calibration offset
 * @param trainedAt    when it was trained
 * @param source       {@code platform} (the platform's own history) or {@code import} (a CSV)
 */
public record ChurnModel(long version, List<String> features, double[] means, double[] scales, double[] weights,
        double intercept, double plattA, double plattB, Instant trainedAt, String source) {

    /** Probability from which a risk band applies: {@code high} from 0.30, {@code medium} from 0.10, else {@code low}. */
    public static final double HIGH_FROM = 0.30;
    public static final double MEDIUM_FROM = 0.10;
    /** Drivers shown per account. */
    public static final int DRIVERS = 3;

    public ChurnModel {
        features = List.copyOf(features);
    }

    /** One reason for a probability, in plain English: {@code +0.18 no human contact for 104 days}. */
    public record Driver(String feature, double effect, String text) {
    }

    /** The model's churn probability for a row in its own feature order. */
    public double probability(double[] row) {
        return calibrated(logit(row));
    }

    public static String band(double probability) {
        return probability >= HIGH_FROM ? "high" : probability >= MEDIUM_FROM ? "medium" : "low";
    }

    /**
     * The features that move this row's probability most, each with its effect: the probability minus the probability
     * with that feature at the training mean (all others as they are). Sorted by the size of the effect.
     */
    public List<Driver> drivers(double[] row, int count) {
        double logit = logit(row);
        double p = calibrated(logit);
        double[] effects = new double[features.size()];
        Integer[] order = new Integer[features.size()];
        for (int i = 0; i < effects.length; i++) {
            effects[i] = p - calibrated(logit - weights[i] * (row[i] - means[i]) / scales[i]);
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -Math.abs(effects[i])));
        List<Driver> drivers = new ArrayList<>();
        // Only the drivers shown are put into words (formatting every feature cost more than the arithmetic).
        for (int k = 0; k < order.length && drivers.size() < count && Math.abs(effects[order[k]]) >= 0.005; k++) {
            int i = order[k];
            String column = features.get(i);
            double value = row[i];
            String phrase = ChurnFeature.byColumn(column).map(f -> f.describe(value))
                    .orElse(column + " " + String.format(Locale.ROOT, "%.2f", value));
            drivers.add(new Driver(column, Math.round(effects[i] * 100) / 100.0,
                    String.format(Locale.ROOT, "%+.2f %s", effects[i], phrase)));
        }
        return List.copyOf(drivers);
    }

    /** Picks this model's features, in its order, from a full platform vector in {@link ChurnFeature} order. */
    public double[] select(double[] platformVector) {
        double[] row = new double[features.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = platformVector[ChurnFeature.byColumn(features.get(i)).orElseThrow().ordinal()];
        }
        return row;
    }

    /** True when every feature is one the platform computes (a model from an import may use other columns). */
    public boolean servable() {
        return features.stream().allMatch(f -> ChurnFeature.byColumn(f).isPresent());
    }

    double logit(double[] row) {
        double z = intercept;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * (row[i] - means[i]) / scales[i];
        }
        return z;
    }

    double calibrated(double logit) {
        return sigmoid(plattA * logit + plattB);
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
