package io.retentionplatform.scoring.health;

import java.time.LocalDate;
import java.util.Map;
import java.util.NavigableMap;

/**
 * How the score moved: against the last score on or before 7 and 30 days ago, and a direction.
 *
 * @param change7   score now minus score 7 days before, null when there is no score that old
 * @param change30  the same against 30 days before
 * @param direction {@code up}, {@code down} or {@code flat} (a move under 3 points over 7 days, else over 30)
 */
public record Trend(Integer change7, Integer change30, String direction) {

    static final int FLAT_BELOW = 3;

    /** From the account's daily points (last score of each day). */
    public static Trend of(int score, LocalDate today, NavigableMap<LocalDate, Integer> daily) {
        Integer change7 = at(daily, today.minusDays(7)) == null ? null : score - at(daily, today.minusDays(7));
        Integer change30 = at(daily, today.minusDays(30)) == null ? null : score - at(daily, today.minusDays(30));
        Integer basis = change7 != null ? change7 : change30;
        String direction = basis == null || Math.abs(basis) < FLAT_BELOW ? "flat" : basis > 0 ? "up" : "down";
        return new Trend(change7, change30, direction);
    }

    private static Integer at(NavigableMap<LocalDate, Integer> daily, LocalDate day) {
        Map.Entry<LocalDate, Integer> entry = daily.floorEntry(day);
        return entry == null ? null : entry.getValue();
    }
}
