package io.retentionplatform.infra.chaos;

import java.util.Collection;
import java.util.Map;

/**
 * The account states against the stored events, scenario by scenario. Each account's excess (its state's counters
 * minus the counts of its stored events, in total and by type) is taken before and after a scenario: what the
 * scenario changed is its doing. An account whose excess changed is a state mismatch; an excess that grew in total
 * counts as that many duplicated events (folded in more than once). So a defect left by an earlier scenario is not
 * counted again, and the first scenario, on an empty store, compares with zero.
 */
final class StateCheck {

    record Outcome(long duplicated, long mismatches) {
    }

    private StateCheck() {
    }

    static Outcome compare(Collection<String> accounts, Map<String, AccountCounts> excessBefore,
            Map<String, AccountCounts> excessAfter) {
        long duplicated = 0;
        long mismatches = 0;
        for (String account : accounts) {
            AccountCounts before = excessBefore.getOrDefault(account, AccountCounts.NONE);
            AccountCounts after = excessAfter.getOrDefault(account, AccountCounts.NONE);
            duplicated += Math.max(0, after.total() - before.total());
            if (!after.equals(before)) {
                mismatches++;
            }
        }
        return new Outcome(duplicated, mismatches);
    }
}
