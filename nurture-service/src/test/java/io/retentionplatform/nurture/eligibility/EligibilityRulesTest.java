package io.retentionplatform.nurture.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import io.retentionplatform.nurture.eligibility.EligibilityRules.Facts;
import io.retentionplatform.nurture.eligibility.EligibilityRules.SilentNurture;
import io.retentionplatform.nurture.signal.AccountSignal;
import org.junit.jupiter.api.Test;

/** Seed 000, step 4: expansion only in Active status, never to a Silent Satisfied before a completed nurture flow. */
class EligibilityRulesTest {

    private static AccountSignal signal(Integer used, Integer target, Boolean premiumUnused, Integer advocacy, Boolean active) {
        return new AccountSignal("acme", 1L, 80, null, null, used, target, premiumUnused, advocacy, 1L, "Acme", null, active, null);
    }

    @Test
    void silentSatisfiedIsNotEligibleAndSaysWhereItsNurtureStands() {
        Eligibility e = EligibilityRules.decide(new Facts(signal(8, 8, false, 0, true), "silent_satisfieds", true,
                Optional.of(new SilentNurture("check-in", "active", 2, 4))));
        assertThat(e.eligible()).isFalse();
        assertThat(e.plays()).isEmpty();
        assertThat(e.reasons()).containsExactly("not eligible: Silent Satisfied, nurture 'check-in' at step 2 of 4");
    }

    @Test
    void silentSatisfiedWithoutAnyNurtureSaysSo() {
        Eligibility e = EligibilityRules.decide(new Facts(signal(8, 8, false, 0, true), "silent_satisfieds", true, Optional.empty()));
        assertThat(e.eligible()).isFalse();
        assertThat(e.reasons().get(0)).isEqualTo("not eligible: Silent Satisfied, no nurture flow started yet");
    }

    @Test
    void aFormerlySilentAdvocateNeedsItsNurtureCompleted() {
        Eligibility running = EligibilityRules.decide(new Facts(signal(8, 8, false, 0, true), "active_advocates", true,
                Optional.of(new SilentNurture("check-in", "active", 3, 4))));
        assertThat(running.eligible()).isFalse();
        assertThat(running.reasons().get(0)).contains("was silent").contains("at step 3 of 4");

        Eligibility stopped = EligibilityRules.decide(new Facts(signal(8, 8, false, 0, true), "active_advocates", true,
                Optional.of(new SilentNurture("check-in", "exited", 1, 4))));
        assertThat(stopped.eligible()).isFalse();
        assertThat(stopped.reasons().get(0)).contains("stopped at step 1 of 4 without completing");

        Eligibility done = EligibilityRules.decide(new Facts(signal(8, 8, false, 0, true), "active_advocates", true,
                Optional.of(new SilentNurture("check-in", "completed", 4, 4))));
        assertThat(done.eligible()).isTrue();
        assertThat(done.reasons().get(0)).isEqualTo("eligible: Active Advocate, after completing nurture 'check-in'");
    }

    @Test
    void onlyActiveAdvocatesAreEligible() {
        for (String quadrant : new String[] {"struggling_needy", "at_risk_disengaged"}) {
            Eligibility e = EligibilityRules.decide(new Facts(signal(8, 8, false, 0, true), quadrant, false, Optional.empty()));
            assertThat(e.eligible()).as(quadrant).isFalse();
            assertThat(e.reasons().get(0)).contains("only in Active status");
        }
        assertThat(EligibilityRules.decide(new Facts(signal(8, 8, false, 0, true), null, false, Optional.empty())).eligible()).isFalse();
        assertThat(EligibilityRules.decide(new Facts(signal(8, 8, false, 0, false), "active_advocates", false, Optional.empty()))
                .reasons().get(0)).contains("no longer an active customer");
    }

    @Test
    void playsFollowValueRealization() {
        Eligibility premiumUnused = EligibilityRules.decide(new Facts(signal(3, 8, true, 0, true), "active_advocates", false,
                Optional.empty()));
        assertThat(premiumUnused.eligible()).isTrue();
        assertThat(premiumUnused.plays()).containsExactly(Eligibility.ADOPTION);
        assertThat(premiumUnused.reasons()).contains("adoption, not upsell: pays for premium features it does not use");

        Eligibility fullUse = EligibilityRules.decide(new Facts(signal(8, 8, false, 2, true), "active_advocates", false, Optional.empty()));
        assertThat(fullUse.plays()).containsExactly(Eligibility.UPSELL, Eligibility.REFERRAL_ASK);
        assertThat(fullUse.reasons()).contains("upsell: uses all 8 features of its tier", "referral ask: 2 advocacy acts in 90 days");

        Eligibility partial = EligibilityRules.decide(new Facts(signal(5, 8, false, 0, true), "active_advocates", false, Optional.empty()));
        assertThat(partial.plays()).containsExactly(Eligibility.ADOPTION);
        assertThat(partial.reasons()).contains("adoption first: uses 5 of the 8 features of its tier");
    }
}
