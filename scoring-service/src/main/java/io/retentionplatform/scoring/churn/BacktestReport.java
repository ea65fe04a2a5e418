package io.retentionplatform.scoring.churn;

import java.time.Instant;
import java.util.List;

/**
 * A time-ordered backtest of the churn model against the rule-based health score.
 *
 * @param horizonDays      the label's horizon
 * @param contractionShare a contraction beyond this share counted as churn
 * @param rows             labelled rows (account x cut-off)
 * @param churned          churned rows among them
 * @param cutoffs          distinct labelled cut-offs
 * @param folds            one per test cut-off T: trained on cut-offs whose outcome was known at T, tested at T
 * @param model            the model's metrics over all folds' test rows
 * @param healthScore      the health score's metrics over the same rows ({@code 100 - health} ranks risk), null
 *                         when the rows carry no health score
 * @param verdict          one sentence: does the model beat the health score, by how much
 */
public record BacktestReport(long horizonDays, double contractionShare, int rows, int churned, int cutoffs,
        List<Fold> folds, ChurnMetrics model, ChurnMetrics healthScore, String verdict) {

    /**
     * One fold.
     *
     * @param testCutoff   T
     * @param trainCutoffs cut-offs trained on (their horizon ended by T)
     * @param trainRows    rows trained on (fit and calibration slice)
     * @param testRows     rows at T
     */
    public record Fold(Instant testCutoff, int trainCutoffs, int trainRows, int testRows, ChurnMetrics model,
            ChurnMetrics healthScore) {
    }
}
