package io.retentionplatform.nurture.eligibility;

import java.util.List;

/**
 * An account's expansion-play eligibility with its reasons (seed 000, step 4).
 *
 * @param eligible whether an upsell or cross-sell may be offered now
 * @param plays    the suggested plays when eligible: {@code adoption}, {@code upsell}, {@code referral_ask}
 * @param reasons  English sentences, the decisive one first
 */
public record Eligibility(boolean eligible, List<String> plays, List<String> reasons) {

    public static final String ADOPTION = "adoption";
    public static final String UPSELL = "upsell";
    public static final String REFERRAL_ASK = "referral_ask";

    public Eligibility {
        plays = List.copyOf(plays);
        reasons = List.copyOf(reasons);
    }
}
