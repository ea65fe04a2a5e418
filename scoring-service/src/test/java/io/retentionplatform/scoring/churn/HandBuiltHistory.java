package io.retentionplatform.scoring.churn;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.retentionplatform.contracts.EngagementEventType;
import io.retentionplatform.scoring.health.HealthModel;

/**
 * A small portfolio with a known outcome, built by hand: 60 accounts from 2025-01-01; every fourth account uses the
 * product daily but has no human contact in the 120 days before it churns (on a date spread over the year); the
 * others log in every 1-5 days and have an inbound call every 30 days, and never churn. So silence predicts churn and
 * usage (what the health score weighs most) does not.
 */
final class HandBuiltHistory {

    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    static final HealthModel MODEL = new HealthModel(1, 0.35, 0.25, 0.30, 0.10, 0.15, 70, 40, 30, 90, 30,
            Set.of("premium", "enterprise"));

    private HandBuiltHistory() {
    }

    static boolean churner(int account) {
        return account % 4 == 0;
    }

    static Instant churnDate(int account) {
        return START.plus(60 + (account / 4) * 20L, ChronoUnit.DAYS);
    }

    /** Month ends of 2025, just before midnight UTC. */
    static List<Instant> cutoffs() {
        List<Instant> cutoffs = new ArrayList<>();
        for (int month = 1; month <= 12; month++) {
            cutoffs.add(LocalDate.of(2025, month, 1).plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1));
        }
        return cutoffs;
    }

    static Instant knownUntil() {
        return Instant.parse("2026-04-01T00:00:00Z");
    }

    static AccountHistory account(int i) {
        List<HistoricEvent> events = new ArrayList<>();
        List<AccountFacts> facts = new ArrayList<>();
        List<ArrMovement> movements = new ArrayList<>();
        facts.add(new AccountFacts(START, "basic", Set.of(), Set.of(), 10_000.0, LocalDate.of(2026, 6, 1),
                LocalDate.of(2024, 1, 1), true));
        movements.add(new ArrMovement(START, "new", 10_000));
        Instant end = knownUntil();
        if (churner(i)) {
            Instant churn = churnDate(i);
            for (Instant day = START; day.isBefore(churn); day = day.plus(1, ChronoUnit.DAYS)) {
                events.add(new HistoricEvent(EngagementEventType.USAGE_LOGIN, day.plus(9, ChronoUnit.HOURS), Map.of()));
            }
            for (Instant call = START; call.isBefore(churn.minus(120, ChronoUnit.DAYS)); call = call.plus(30, ChronoUnit.DAYS)) {
                events.add(new HistoricEvent(EngagementEventType.CONTACT_CALL, call.plus(10, ChronoUnit.HOURS),
                        Map.of("direction", "inbound")));
            }
            movements.add(new ArrMovement(churn, ArrMovement.CHURN, 10_000));
            facts.add(new AccountFacts(churn, "basic", Set.of(), Set.of(), 0.0, null, LocalDate.of(2024, 1, 1), false));
        } else {
            int every = 1 + i % 5;
            for (Instant day = START; day.isBefore(end); day = day.plus(every, ChronoUnit.DAYS)) {
                events.add(new HistoricEvent(EngagementEventType.USAGE_LOGIN, day.plus(9, ChronoUnit.HOURS), Map.of()));
            }
            for (Instant call = START; call.isBefore(end); call = call.plus(30, ChronoUnit.DAYS)) {
                events.add(new HistoricEvent(EngagementEventType.CONTACT_CALL, call.plus(10, ChronoUnit.HOURS),
                        Map.of("direction", "inbound")));
            }
        }
        return new AccountHistory("acct-" + i, events, facts, movements);
    }
}
