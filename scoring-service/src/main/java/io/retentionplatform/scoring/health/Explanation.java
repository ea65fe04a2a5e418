package io.retentionplatform.scoring.health;

import java.util.List;

/**
 * Why a score is what it is, and what moved it since the previous one, in plain English.
 *
 * @param summary    one sentence, e.g. "Health 63 (watch), down 5 from 68: support: -5 points (value 75 -> 55: open
 *                   tickets 3 -> 4)"; the points named add up to the change of the score
 * @param components per component: value, weight, contribution (points of the score) and change
 * @param changes    one line per component that moved the score or changed, with its points and the signals behind it
 * @param flags      warnings the score carries (satisfaction trap, premium paid but basic use)
 */
public record Explanation(String summary, List<ComponentExplanation> components, List<String> changes, List<String> flags) {

    /**
     * @param component    adoption, support, engagement or survey
     * @param value        0-100
     * @param weight       its weight in this score
     * @param contribution weight x value, in points of the score
     * @param change       change of value since the previous score; null for a first score, or when the component
     *                     was not in both (the survey appears or drops out)
     * @param points       the component's share of the score's change, in whole points: the change of its contribution
     *                     (weight x value), rounded so that the points of all components add up to exactly the change
     *                     of the score; null for a first score
     * @param reasons      the signals behind the change (and a change of weight)
     */
    public record ComponentExplanation(String component, int value, double weight, double contribution, Integer change,
            Integer points, List<String> reasons) {
    }
}
