package io.retentionplatform.scoring.churn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How well a score ranks and predicts churn, computed here in plain Java (not with Tribuo's evaluators, which expect
 * its own prediction objects and give no lift or decile calibration):
 * <ul>
 * <li>ROC-AUC: the probability that a churned row scores above a retained one (Mann-Whitney, ties count half);</li>
 * <li>PR-AUC: average precision, the mean of the precision at each churned row in descending score order;</li>
 * <li>top-decile lift: the churn rate of the 10% highest scores over the overall churn rate;</li>
 * <li>calibration: per decile of the score (lowest first), the mean predicted probability (expected) and the observed
 * churn rate. For the health score, "expected" is {@code (100 - health) / 100}: a health score is no probability, and
 * its calibration rows show it.</li>
 * </ul>
 *
 * @param rows      rows evaluated
 * @param churned   churned rows among them
 * @param rocAuc    null when only one class is present (and PR-AUC and lift likewise)
 */
public record ChurnMetrics(int rows, int churned, Double rocAuc, Double prAuc, Double topDecileLift,
        List<Decile> calibration) {

    /** One decile of the score: rows, mean predicted probability, observed churn rate. */
    public record Decile(int decile, int rows, double expected, double observed) {
    }

    public static ChurnMetrics of(double[] scores, boolean[] labels) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        int positives = 0;
        for (boolean label : labels) {
            positives += label ? 1 : 0;
        }
        int negatives = n - positives;
        // ROC-AUC from average ranks (ties share their mean rank).
        double rankSumPositives = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                rankSumPositives += labels[order[k]] ? rank : 0;
            }
            i = j + 1;
        }
        double auc = positives == 0 || negatives == 0 ? Double.NaN
                : (rankSumPositives - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
        // Average precision, highest score first.
        double ap = 0;
        int seen = 0;
        int hits = 0;
        for (int k = n - 1; k >= 0; k--) {
            seen++;
            if (labels[order[k]]) {
                hits++;
                ap += (double) hits / seen;
            }
        }
        double prAuc = positives == 0 ? Double.NaN : ap / positives;
        int top = Math.max(1, n / 10);
        int topHits = 0;
        for (int k = n - 1; k >= n - top; k--) {
            topHits += labels[order[k]] ? 1 : 0;
        }
        double baseRate = n == 0 ? 0 : (double) positives / n;
        double lift = baseRate == 0 ? Double.NaN : ((double) topHits / top) / baseRate;
        List<Decile> deciles = new ArrayList<>();
        for (int d = 0; d < 10 && n > 0; d++) {
            int from = d * n / 10;
            int to = (d + 1) * n / 10;
            if (to <= from) {
                continue;
            }
            double expected = 0;
            int observed = 0;
            for (int k = from; k < to; k++) {
                expected += scores[order[k]];
                observed += labels[order[k]] ? 1 : 0;
            }
            deciles.add(new Decile(d + 1, to - from, round(expected / (to - from)), round((double) observed / (to - from))));
        }
        return new ChurnMetrics(n, positives, round(auc), round(prAuc), round(lift), deciles);
    }

    static Double round(double value) {
        return Double.isNaN(value) ? null : Math.round(value * 10000) / 10000.0;
    }
}
