package io.retentionplatform.scoring.health;

import java.util.List;

/**
 * Why a score is what it is, and what moved it since the previous one, in plain English.
 *
 * @param summary    one sentence, e.g. "Health 63 (watch), down 5 from 68: support -12 (open tickets 3 -> 9)"
 * @param components per component: value, weight, contribution (points of the score) and change
 * @param changes    one line per component that moved, with the signals that moved it
 * @param flags      warnings the score carries (satisfaction trap, premium paid but basic use)
 */
public record Explanation(String summary, List<ComponentExplanation> components, List<String> changes, List<String> flags) {

    /**
     * @param component    adoption, support, engagement or survey
     * @param value        0-100
     * @param weight       its weight in this score
     * @param contribution weight x value, in points of the score
     * @param change       change of value since the previous score, null for a first score
     * @param reasons      the signals behind the change
     */
    public record ComponentExplanation(String component, int value, double weight, double contribution, Integer change,
            List<String> reasons) {
    }
}
