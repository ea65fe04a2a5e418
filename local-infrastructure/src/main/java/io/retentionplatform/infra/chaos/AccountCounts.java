package io.retentionplatform.infra.chaos;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An account's event counters: all of them and by event type. Type names are compared in one spelling (lower case,
 * anything but letters and digits as '_'), since a store may not keep '.' in a field name:
 * {@code usage.feature_used} and {@code usage_feature_used} are one type.
 */
record AccountCounts(long total, Map<String, Long> byType) {

    static final AccountCounts NONE = new AccountCounts(0, Map.of());

    AccountCounts {
        Map<String, Long> normalised = new TreeMap<>();
        byType.forEach((type, count) -> {
            if (count != 0) {
                normalised.merge(typeKey(type), count, Long::sum);
            }
        });
        byType = Map.copyOf(normalised);
    }

    static String typeKey(String type) {
        return type.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    }

    /** These counters with one more event of {@code type}. */
    AccountCounts plus(String type) {
        Map<String, Long> next = new TreeMap<>(byType);
        next.merge(typeKey(type), 1L, Long::sum);
        return new AccountCounts(total + 1, next);
    }

    /** What {@code folded} (the account state) has beyond {@code stored} (the events): negative where it has less. */
    static AccountCounts excess(AccountCounts folded, AccountCounts stored) {
        Map<String, Long> difference = new TreeMap<>(folded.byType);
        stored.byType.forEach((type, count) -> difference.merge(type, -count, Long::sum));
        return new AccountCounts(folded.total - stored.total, difference);
    }
}
