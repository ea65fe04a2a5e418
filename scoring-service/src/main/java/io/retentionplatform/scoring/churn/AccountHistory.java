package io.retentionplatform.scoring.churn;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Everything scoring-service knows of one account over time, the input of the feature snapshots: its engagement
 * events, the CRM facts it received, and its ARR movements. Each list is kept sorted by time, so a snapshot at a
 * cut-off reads a prefix of each; nothing after the cut-off is ever looked at.
 */
public record AccountHistory(String accountId, List<HistoricEvent> events, List<AccountFacts> facts,
        List<ArrMovement> movements) {

    public AccountHistory {
        events = events.stream().sorted(Comparator.comparing(HistoricEvent::occurredAt)).toList();
        facts = facts.stream().sorted(Comparator.comparing(AccountFacts::changedAt)).toList();
        movements = movements.stream().sorted(Comparator.comparing(ArrMovement::effectiveAt)).toList();
    }

    /** The same history without anything that happened after {@code until}: what was known then. */
    public AccountHistory knownAt(Instant until) {
        return new AccountHistory(accountId, events.stream().filter(e -> !e.occurredAt().isAfter(until)).toList(),
                facts.stream().filter(f -> !f.changedAt().isAfter(until)).toList(),
                movements.stream().filter(m -> !m.effectiveAt().isAfter(until)).toList());
    }

    /** When the account first appears: its first event, fact or movement; null for an empty history. */
    public Instant firstSeen() {
        Instant first = null;
        if (!events.isEmpty()) {
            first = events.get(0).occurredAt();
        }
        if (!facts.isEmpty() && (first == null || facts.get(0).changedAt().isBefore(first))) {
            first = facts.get(0).changedAt();
        }
        if (!movements.isEmpty() && (first == null || movements.get(0).effectiveAt().isBefore(first))) {
            first = movements.get(0).effectiveAt();
        }
        return first;
    }
}
