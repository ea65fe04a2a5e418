package io.retentionplatform.scoring.health;

import java.util.Map;

/**
 * One computation of an account's health and engagement.
 *
 * @param score             health 0-100
 * @param band              {@code healthy}, {@code watch} or {@code at_risk}
 * @param components        each component 0-100
 * @param weights           the weight each component had (the survey's is 0 when no NPS is known; the others
 *                          are then scaled up to add up to 1)
 * @param engagementScore30 engagement score (seed 000's core KPI: behaviour + support + usage) over 30 days
 * @param engagementScore90 the same over 90 days
 * @param satisfactionTrap  good NPS (7+) but no human contact in 90 days and falling usage (seed 000, insight 1)
 * @param summary           the figures behind it
 * @param valueRealization  used versus paid-for features
 * @param modelVersion      the model it was computed with
 */
public record HealthAssessment(int score, String band, Map<Component, Integer> components, Map<Component, Double> weights,
        int engagementScore30, int engagementScore90, boolean satisfactionTrap, SignalSummary summary,
        ValueRealization valueRealization, long modelVersion) {

    public int component(Component component) {
        return components.getOrDefault(component, 0);
    }

    /** Points the component adds to the score: weight x value. */
    public double contribution(Component component) {
        return weights.getOrDefault(component, 0.0) * component(component);
    }

    /**
     * True when the two differ in anything a consumer of the score would see, the published signals included: a new
     * inbound contact must reach segmentation even when the engagement component is already at 100.
     */
    public boolean differsFrom(HealthAssessment other) {
        return other == null || score != other.score || !band.equals(other.band) || !components.equals(other.components)
                || engagementScore30 != other.engagementScore30 || engagementScore90 != other.engagementScore90
                || satisfactionTrap != other.satisfactionTrap || !valueRealization.equals(other.valueRealization)
                || modelVersion != other.modelVersion || summary.publishedFiguresDiffer(other.summary);
    }
}
