package io.retentionplatform.scoring.churn;

import java.time.Duration;

/**
 * What counts as churn for the labels: a churn ARR movement (or the CRM marking the account inactive), or a
 * contraction of more than {@code contractionShare} of the ARR held at the cut-off, within {@code horizon} after it.
 *
 * @param horizon          how far after a cut-off an outcome counts (default 90 days)
 * @param contractionShare a contraction beyond this share of ARR counts as churn (default 0.5)
 */
public record LabelRule(Duration horizon, double contractionShare) {

    public static final LabelRule DEFAULT = new LabelRule(Duration.ofDays(90), 0.5);

    public LabelRule {
        if (horizon.isNegative() || horizon.isZero()) {
            throw new IllegalArgumentException("horizonDays: must be at least 1");
        }
        if (!(contractionShare > 0 && contractionShare <= 1)) {
            throw new IllegalArgumentException("contractionShare: must be above 0 and at most 1");
        }
    }
}
