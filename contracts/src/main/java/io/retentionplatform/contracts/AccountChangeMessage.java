package io.retentionplatform.contracts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An account's master data after a change, on {@link Topics#ACCOUNT_CHANGES}, keyed by {@code accountId}.
 * Published by segmentation-service (which owns accounts); scoring-service uses the plan for value realization.
 *
 * @param schemaVersion    {@link #SCHEMA_VERSION} when written
 * @param messageId        unique per publication
 * @param accountId        the account (CRM id)
 * @param version          per account, increasing: older versions are ignored
 * @param name             display name
 * @param planTier         e.g. {@code basic}, {@code premium}, {@code enterprise}
 * @param entitledFeatures every feature the plan includes (premium ones too)
 * @param premiumFeatures  the entitled features only premium tiers have
 * @param arr              annual recurring revenue in the reporting currency (EUR), converted from the contract currency
 * @param renewalDate      next contract renewal, null if unknown
 * @param changedAt        when the change happened
 * @param industry         {@code saas}, {@code professional_services}, {@code manufacturing} or {@code other}; null
 *                         from older producers
 * @param currency         ISO 4217 code of the contract (the ARR figure is converted to EUR)
 * @param contractStart    first contract start date
 * @param owner            the account owner (customer-success manager or account executive)
 * @param active           false once the account has churned (ARR 0 after a churn movement)
 */
public record AccountChangeMessage(
        int schemaVersion,
        String messageId,
        String accountId,
        long version,
        String name,
        String planTier,
        List<String> entitledFeatures,
        List<String> premiumFeatures,
        Double arr,
        LocalDate renewalDate,
        Instant changedAt,
        String industry,
        String currency,
        LocalDate contractStart,
        String owner,
        Boolean active) {

    public static final int SCHEMA_VERSION = 1;

    public AccountChangeMessage {
        entitledFeatures = entitledFeatures == null ? List.of() : List.copyOf(entitledFeatures);
        premiumFeatures = premiumFeatures == null ? List.of() : List.copyOf(premiumFeatures);
    }
}
