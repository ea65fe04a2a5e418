package io.retentionplatform.scoring.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.retentionplatform.scoring.signals.AccountSignals;

/**
 * The health model: component weights, the cap on the survey weight, band limits, windows and decay.
 * Changing it (through the model API) replays every account's score.
 *
 * @param version          increases with every change; stored with each score
 * @param adoptionWeight   weight of adoption (product usage and feature breadth)
 * @param supportWeight    weight of support (open and new tickets)
 * @param engagementWeight weight of engagement (human contact, advocacy, marketing)
 * @param surveyWeight     weight of the latest NPS; never above {@code surveyWeightCap} (seed 000, don'ts: never
 *                         rely on CSAT/NPS alone)
 * @param surveyWeightCap  the highest survey weight the model accepts
 * @param healthyFrom      lowest score in band {@code healthy}
 * @param watchFrom        lowest score in band {@code watch}; below it {@code at_risk}
 * @param usageWindowDays  window of the usage and support signals (30)
 * @param contactWindowDays window of human contact and engagement (90: the silent-customer audit)
 * @param halfLifeDays     a signal this many days old counts half
 * @param premiumTiers     plan tiers that count as premium for value realization
 */
public record HealthModel(long version, double adoptionWeight, double supportWeight, double engagementWeight,
        double surveyWeight, double surveyWeightCap, int healthyFrom, int watchFrom, int usageWindowDays,
        int contactWindowDays, int halfLifeDays, Set<String> premiumTiers) {

    public HealthModel {
        premiumTiers = Set.copyOf(premiumTiers);
        List<String> problems = problems(adoptionWeight, supportWeight, engagementWeight, surveyWeight, surveyWeightCap,
                healthyFrom, watchFrom, usageWindowDays, contactWindowDays, halfLifeDays);
        if (!problems.isEmpty()) {
            throw new InvalidModelException(problems);
        }
    }

    /** Each problem names the setting at fault, for problem+json violations. */
    public static List<String> problems(double adoption, double support, double engagement, double survey, double surveyCap,
            int healthyFrom, int watchFrom, int usageWindowDays, int contactWindowDays, int halfLifeDays) {
        List<String> problems = new ArrayList<>();
        if (adoption < 0 || support < 0 || engagement < 0 || survey < 0) {
            problems.add("weights: must not be negative");
        }
        if (Math.abs(adoption + support + engagement + survey - 1.0) > 1e-6) {
            problems.add("weights: must add up to 1, got " + (adoption + support + engagement + survey));
        }
        if (survey > surveyCap + 1e-9) {
            problems.add("weights.survey: at most " + surveyCap + " (NPS and CSAT never decide health alone)");
        }
        if (!(0 <= watchFrom && watchFrom < healthyFrom && healthyFrom <= 100)) {
            problems.add("bands: need 0 <= watch < healthy <= 100, got watch=" + watchFrom + " healthy=" + healthyFrom);
        }
        int maxWindow = AccountSignals.MAX_WINDOW_DAYS;
        if (usageWindowDays < 1 || contactWindowDays < 1 || contactWindowDays > maxWindow || usageWindowDays > maxWindow) {
            problems.add("windows: days must be between 1 and " + maxWindow);
        }
        if (halfLifeDays < 1) {
            problems.add("halfLifeDays: must be at least 1");
        }
        return problems;
    }

    public String band(int score) {
        if (score >= healthyFrom) {
            return "healthy";
        }
        return score >= watchFrom ? "watch" : "at_risk";
    }

    public HealthModel withVersion(long newVersion) {
        return new HealthModel(newVersion, adoptionWeight, supportWeight, engagementWeight, surveyWeight, surveyWeightCap,
                healthyFrom, watchFrom, usageWindowDays, contactWindowDays, halfLifeDays, premiumTiers);
    }

    /** Raised for a model that breaks one of the rules above. */
    public static final class InvalidModelException extends IllegalArgumentException {
        private final List<String> problems;

        public InvalidModelException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
