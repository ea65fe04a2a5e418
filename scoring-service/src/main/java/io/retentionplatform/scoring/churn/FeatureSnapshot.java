package io.retentionplatform.scoring.churn;

import java.time.Instant;

/**
 * One account's features at one cut-off, with the rule-based health score at the same moment (the baseline the model
 * is compared with) and the outcome.
 *
 * @param values      raw values in {@link ChurnFeature} order (or the import's columns)
 * @param healthScore health 0-100 at the cut-off, null when unknown (an import without that column)
 * @param churned     churned within the horizon after the cut-off; null when the horizon has not passed yet
 */
public record FeatureSnapshot(String accountId, Instant cutoff, double[] values, Integer healthScore, Boolean churned) {
}
