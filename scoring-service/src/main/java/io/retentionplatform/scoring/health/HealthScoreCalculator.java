package io.retentionplatform.scoring.health;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import io.retentionplatform.contracts.EventCategory;

/**
 * Health score 0-100 = adoption + support + engagement, weighted (seed 000, step 2). Plain Java: no framework
 * types, so the formula can be read and unit-tested on its own.
 * <ul>
 * <li>adoption: active days (20 of 30 is full use) for 70 points, distinct features used (6 is full) for 30;</li>
 * <li>support: 100, less 20 per ticket still open and 5 per ticket opened;</li>
 * <li>engagement: human contact 25 each, advocacy 30 each, marketing touches 5 each, capped at 100.</li>
 * </ul>
 * Only signals inside the model's window count.
 */
public final class HealthScoreCalculator {

    static final int FULL_ACTIVE_DAYS = 20;
    static final int FULL_FEATURE_COUNT = 6;

    public HealthScore compute(Collection<Signal> signals, HealthModel model, Instant now) {
        Instant windowStart = now.minus(model.windowDays(), ChronoUnit.DAYS);
        Set<Long> activeDays = new HashSet<>();
        Set<String> features = new HashSet<>();
        int ticketsOpened = 0;
        int ticketsClosed = 0;
        int humanContacts = 0;
        int advocacy = 0;
        int marketing = 0;
        for (Signal signal : signals) {
            if (signal.occurredAt().isBefore(windowStart) || signal.occurredAt().isAfter(now)) {
                continue;
            }
            switch (signal.type()) {
                case USAGE_LOGIN -> activeDays.add(day(signal.occurredAt()));
                case USAGE_FEATURE_USED -> {
                    activeDays.add(day(signal.occurredAt()));
                    String feature = signal.attribute("feature");
                    if (feature != null) {
                        features.add(feature);
                    }
                }
                case SUPPORT_TICKET_OPENED -> ticketsOpened++;
                case SUPPORT_TICKET_CLOSED -> ticketsClosed++;
                default -> {
                    EventCategory category = signal.type().category();
                    if (category == EventCategory.HUMAN_CONTACT) {
                        humanContacts++;
                    } else if (category == EventCategory.ADVOCACY) {
                        advocacy++;
                    } else if (category == EventCategory.MARKETING) {
                        marketing++;
                    }
                }
            }
        }
        int adoption = clamp(Math.round(
                70.0f * Math.min(activeDays.size(), FULL_ACTIVE_DAYS) / FULL_ACTIVE_DAYS
                        + 30.0f * Math.min(features.size(), FULL_FEATURE_COUNT) / FULL_FEATURE_COUNT));
        int openTickets = Math.max(0, ticketsOpened - ticketsClosed);
        int support = clamp(100 - 20 * openTickets - 5 * ticketsOpened);
        int engagement = clamp(25 * humanContacts + 30 * advocacy + 5 * marketing);
        int score = clamp((int) Math.round(model.adoptionWeight() * adoption
                + model.supportWeight() * support
                + model.engagementWeight() * engagement));
        return new HealthScore(score, model.band(score), adoption, support, engagement);
    }

    private static long day(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate().toEpochDay();
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(100, value));
    }
}
