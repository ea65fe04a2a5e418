package io.retentionplatform.scoring.health;

import java.util.List;

/**
 * Which part of what the account pays for it actually uses (seed 000, step 2: value realization mapping).
 *
 * @param planTier                the plan tier, null while no account change has been received
 * @param entitledFeatures        features the plan includes
 * @param usedEntitledFeatures    of those, used in the last 90 days
 * @param adoptionRatio           used / entitled, 0-1 (null without a plan)
 * @param unusedPremiumFeatures   premium features not used in the last 90 days
 * @param premiumPaysBasicUse     pays for a premium tier but used none of its premium features in 90 days: a churn
 *                                candidate at renewal
 */
public record ValueRealization(String planTier, List<String> entitledFeatures, List<String> usedEntitledFeatures,
        Double adoptionRatio, List<String> unusedPremiumFeatures, boolean premiumPaysBasicUse) {

    public static final int WINDOW_DAYS = 90;

    public static ValueRealization unknownPlan() {
        return new ValueRealization(null, List.of(), List.of(), null, List.of(), false);
    }
}
