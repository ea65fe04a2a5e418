package io.retentionplatform.nurture.eligibility;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.retentionplatform.nurture.signal.AccountSignal;

/**
 * Seed 000, step 4, as rules over what nurture knows of an account; pure, so each rule is tested on its own.
 * <ul>
 * <li>Expansion only in Active status: the account must be an Active Advocate (and an active customer).</li>
 * <li>A Silent Satisfied account is never offered one before it has completed a nurture flow: an account that has been
 * silent (in Silent Satisfieds or a silent-audit pilot) needs a finished nurture flow for silent accounts first.</li>
 * <li>Plays follow value realization: premium features paid for and unused mean adoption, not upsell; the current
 * tier fully used means upsell; advocacy means a referral ask.</li>
 * </ul>
 */
public final class EligibilityRules {

    /** The quadrant names as segmentation-service publishes them (segment ids {@code quadrant:<name>}). */
    static final String ACTIVE_ADVOCATES = "active_advocates";
    static final String SILENT_SATISFIEDS = "silent_satisfieds";

    /**
     * @param quadrant       the account's current quadrant name, null when none is known
     * @param wasSilent      whether the account has been in Silent Satisfieds or a silent-audit pilot
     * @param silentNurture  the account's latest nurture enrollment for silent accounts, if any
     */
    public record Facts(AccountSignal signal, String quadrant, boolean wasSilent, Optional<SilentNurture> silentNurture) {
    }

    /**
     * @param cadenceName the cadence's name
     * @param status      the enrollment's status (active, control, completed, converted, exited)
     * @param stepsSent   steps sent so far
     * @param stepsTotal  steps in its version
     */
    public record SilentNurture(String cadenceName, String status, int stepsSent, int stepsTotal) {

        boolean finished() {
            return "completed".equals(status) || "converted".equals(status);
        }
    }

    private EligibilityRules() {
    }

    public static Eligibility decide(Facts facts) {
        AccountSignal signal = facts.signal();
        if (Boolean.FALSE.equals(signal.active())) {
            return no("not eligible: the account is no longer an active customer");
        }
        if (facts.quadrant() == null) {
            return no("not eligible: the account's engagement quadrant is not known yet");
        }
        boolean silentNow = SILENT_SATISFIEDS.equals(facts.quadrant());
        boolean nurtured = facts.silentNurture().map(SilentNurture::finished).orElse(false);
        if (silentNow || (facts.wasSilent() && !nurtured)) {
            String who = silentNow ? "Silent Satisfied" : "was silent (" + quadrantName(facts.quadrant()) + " now)";
            String nurture = facts.silentNurture().map(EligibilityRules::describe).orElse("no nurture flow started yet");
            if (silentNow && nurtured) {
                return no("not eligible: Silent Satisfied, " + nurture + "; expansion needs Active status");
            }
            return no("not eligible: " + who + ", " + nurture);
        }
        if (!ACTIVE_ADVOCATES.equals(facts.quadrant())) {
            return no("not eligible: " + quadrantName(facts.quadrant()) + "; expansion plays only in Active status (Active Advocates)");
        }
        List<String> plays = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        reasons.add("eligible: Active Advocate" + (facts.wasSilent() ? ", after completing " + facts.silentNurture()
                .map(n -> "nurture '" + n.cadenceName() + "'").orElse("a nurture flow") : ""));
        Integer used = signal.featuresUsed30();
        Integer target = signal.featureTarget();
        if (Boolean.TRUE.equals(signal.premiumPaysBasicUse())) {
            plays.add(Eligibility.ADOPTION);
            reasons.add("adoption, not upsell: pays for premium features it does not use");
        } else if (used != null && target != null && target > 0 && used >= target) {
            plays.add(Eligibility.UPSELL);
            reasons.add("upsell: uses all " + target + " features of its tier");
        } else if (used != null && target != null && target > 0) {
            plays.add(Eligibility.ADOPTION);
            reasons.add("adoption first: uses " + used + " of the " + target + " features of its tier");
        } else {
            reasons.add("no usage figures yet: no adoption or upsell play suggested");
        }
        int advocacy = signal.advocacyActs90() == null ? 0 : signal.advocacyActs90();
        if (advocacy > 0) {
            plays.add(Eligibility.REFERRAL_ASK);
            reasons.add("referral ask: " + advocacy + " advocacy act" + (advocacy == 1 ? "" : "s") + " in 90 days");
        }
        return new Eligibility(true, plays, reasons);
    }

    private static String describe(SilentNurture n) {
        return switch (n.status()) {
            case "active" -> "nurture '" + n.cadenceName() + "' at step " + n.stepsSent() + " of " + n.stepsTotal();
            case "control" -> "held out of nurture '" + n.cadenceName() + "' as its control group, no nurture flow completed";
            case "completed" -> "nurture '" + n.cadenceName() + "' completed";
            case "converted" -> "nurture '" + n.cadenceName() + "' ended as the customer engaged";
            default -> "nurture '" + n.cadenceName() + "' stopped at step " + n.stepsSent() + " of " + n.stepsTotal()
                    + " without completing";
        };
    }

    static String quadrantName(String quadrant) {
        return switch (quadrant) {
            case ACTIVE_ADVOCATES -> "Active Advocate";
            case SILENT_SATISFIEDS -> "Silent Satisfied";
            case "struggling_needy" -> "Struggling / Needy";
            case "at_risk_disengaged" -> "At-Risk / Disengaged";
            default -> quadrant;
        };
    }

    private static Eligibility no(String reason) {
        return new Eligibility(false, List.of(), List.of(reason));
    }
}
