package io.retentionplatform.contracts;

import java.time.Instant;
import java.util.List;

/**
 * An account's expansion-play eligibility after it changed (seed 000, step 4), on {@link Topics#EXPANSION_ELIGIBILITY},
 * keyed by {@code accountId}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written
 * @param messageId     unique per publication: consumers deduplicate on it
 * @param accountId     the account
 * @param version       per account, increasing: a consumer ignores a version at or below the one it holds
 * @param eligible      whether an upsell or cross-sell may be offered now
 * @param plays         the suggested plays: {@code adoption}, {@code upsell}, {@code referral_ask} (possibly empty)
 * @param reasons       English sentences: why (not) eligible, and why each play
 * @param decidedAt     when nurture-service decided it
 */
public record ExpansionEligibilityMessage(
        int schemaVersion,
        String messageId,
        String accountId,
        long version,
        boolean eligible,
        List<String> plays,
        List<String> reasons,
        Instant decidedAt) {

    public static final int SCHEMA_VERSION = 1;

    public ExpansionEligibilityMessage {
        plays = plays == null ? List.of() : List.copyOf(plays);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
}
