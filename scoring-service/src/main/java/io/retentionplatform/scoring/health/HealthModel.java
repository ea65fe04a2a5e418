package io.retentionplatform.scoring.health;

/**
 * The weights and band limits the health score is computed with.
 *
 * @param adoptionWeight   weight of the adoption component
 * @param supportWeight    weight of the support component
 * @param engagementWeight weight of the engagement component
 * @param healthyFrom      lowest score in band {@code healthy}
 * @param watchFrom        lowest score in band {@code watch}; below it, {@code at_risk}
 * @param windowDays       how many days of signals count
 */
public record HealthModel(double adoptionWeight, double supportWeight, double engagementWeight,
        int healthyFrom, int watchFrom, int windowDays) {

    public HealthModel {
        double sum = adoptionWeight + supportWeight + engagementWeight;
        if (adoptionWeight < 0 || supportWeight < 0 || engagementWeight < 0 || Math.abs(sum - 1.0) > 1e-6) {
            throw new IllegalArgumentException("Health weights must be non-negative and add up to 1, got " + sum);
        }
        if (!(0 <= watchFrom && watchFrom < healthyFrom && healthyFrom <= 100)) {
            throw new IllegalArgumentException("Bands need 0 <= watch < healthy <= 100, got watch=" + watchFrom
                    + " healthy=" + healthyFrom);
        }
        if (windowDays < 1) {
            throw new IllegalArgumentException("The signal window must be at least one day, got " + windowDays);
        }
    }

    public String band(int score) {
        if (score >= healthyFrom) {
            return "healthy";
        }
        return score >= watchFrom ? "watch" : "at_risk";
    }
}
