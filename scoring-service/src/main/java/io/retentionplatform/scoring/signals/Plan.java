package io.retentionplatform.scoring.signals;

import java.util.Set;

/**
 * What the account pays for, as segmentation-service announces it (topic account-changes).
 *
 * @param tier              plan tier, e.g. {@code basic}, {@code premium}, {@code enterprise}
 * @param entitledFeatures  every feature the plan includes
 * @param premiumFeatures   the entitled features that only premium tiers have
 * @param version           account-change version, to ignore stale updates
 */
public record Plan(String tier, Set<String> entitledFeatures, Set<String> premiumFeatures, long version) {

    public Plan {
        entitledFeatures = Set.copyOf(entitledFeatures);
        premiumFeatures = Set.copyOf(premiumFeatures);
    }
}
