package io.retentionplatform.scoring.churn;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

/**
 * What the CRM said about an account at one moment, as scoring-service received it on {@code account-changes}: the
 * commercial facts the churn model reads. Kept as a history (one entry per change) so that a feature snapshot at a
 * cut-off uses only the facts announced on or before it.
 *
 * @param changedAt     when the change happened (the message's {@code changedAt})
 * @param planTier      e.g. {@code basic}, {@code premium}, {@code enterprise}; null if unknown
 * @param entitledFeatures every feature the plan includes (premium ones too)
 * @param premiumFeatures  the entitled features only premium tiers have
 * @param arr           ARR in EUR after the change, null if unknown
 * @param renewalDate   the next renewal, null if unknown
 * @param contractStart the first contract start, null if unknown
 * @param active        false once the account has churned
 */
public record AccountFacts(Instant changedAt, String planTier, Set<String> entitledFeatures,
        Set<String> premiumFeatures, Double arr, LocalDate renewalDate, LocalDate contractStart,
        boolean active) {

    public AccountFacts {
        entitledFeatures = entitledFeatures == null ? Set.of() : Set.copyOf(entitledFeatures);
        premiumFeatures = premiumFeatures == null ? Set.of() : Set.copyOf(premiumFeatures);
    }
}
