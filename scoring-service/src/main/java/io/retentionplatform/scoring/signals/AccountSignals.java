package io.retentionplatform.scoring.signals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.retentionplatform.contracts.EngagementEventType;
import io.retentionplatform.contracts.EventCategory;

/**
 * Everything the score formulas need to know about one account, folded from its engagement events: daily
 * buckets (so windows and decay can be applied at any time without re-reading events), the features last used,
 * open tickets, last human contact, last customer-made engagement and last NPS. Plain Java, no framework types.
 * <p>
 * Bounded whatever arrives: {@link #prune(LocalDate)} keeps only what the longest window a model may have reads, and
 * the distinct features and open tickets are capped (the least recently used, the longest open, give way), so an
 * account's state document cannot grow without end.
 */
public final class AccountSignals {

    /** The longest usage or contact window a health model may have (the model refuses longer ones). */
    public static final int MAX_WINDOW_DAYS = 180;
    /** Days kept: the longest window, and the period before it that trends and the satisfaction trap compare with. */
    public static final int RETAINED_DAYS = 2 * MAX_WINDOW_DAYS;
    /** Distinct features remembered: far more than any plan has; breadth is counted against at most the entitled. */
    public static final int MAX_FEATURES = 256;
    /** Open tickets remembered: support is 0 from five on, the published count saturates here. */
    public static final int MAX_OPEN_TICKETS = 200;

    final NavigableMap<LocalDate, DaySignals> days = new TreeMap<>();
    final Map<String, Instant> featureLastUsed = new TreeMap<>();
    final Set<String> openTickets = new LinkedHashSet<>();
    Instant lastHumanContactAt;
    Instant lastInboundContactAt;
    Instant lastEngagementAt;
    Integer lastNps;
    Instant lastNpsAt;

    /** Folds one event in. Events may arrive out of time order; every fold is order-independent but tickets. */
    public void apply(EngagementEventType type, Instant occurredAt, Map<String, Object> attributes) {
        DaySignals day = days.computeIfAbsent(LocalDate.ofInstant(occurredAt, ZoneOffset.UTC), d -> new DaySignals());
        switch (type) {
            case USAGE_LOGIN -> day.logins++;
            case USAGE_FEATURE_USED -> {
                day.featureUses++;
                // One entry per feature with its latest use: the features used in any window follow from it.
                text(attributes, "feature").ifPresent(feature -> {
                    featureLastUsed.merge(feature, occurredAt, (a, b) -> a.isAfter(b) ? a : b);
                    if (featureLastUsed.size() > MAX_FEATURES) {
                        featureLastUsed.entrySet().stream().min(Map.Entry.comparingByValue())
                                .ifPresent(leastRecent -> featureLastUsed.remove(leastRecent.getKey()));
                    }
                });
            }
            case SUPPORT_TICKET_OPENED -> {
                day.ticketsOpened++;
                if (text(attributes, "severity").map(s -> s.equals("high") || s.equals("urgent")).orElse(false)) {
                    day.highSeverityOpened++;
                }
                text(attributes, "ticketId").ifPresent(id -> {
                    openTickets.add(id);
                    // In the order they were opened: the longest open gives way.
                    Iterator<String> oldest = openTickets.iterator();
                    while (openTickets.size() > MAX_OPEN_TICKETS) {
                        oldest.next();
                        oldest.remove();
                    }
                });
            }
            case SUPPORT_TICKET_CLOSED -> {
                day.ticketsClosed++;
                text(attributes, "ticketId").ifPresent(openTickets::remove);
            }
            case SURVEY_NPS -> number(attributes, "score").ifPresent(score -> {
                if (lastNpsAt == null || !occurredAt.isBefore(lastNpsAt)) {
                    lastNps = score;
                    lastNpsAt = occurredAt;
                }
            });
            default -> {
                EventCategory category = type.category();
                if (category == EventCategory.HUMAN_CONTACT) {
                    boolean inbound = text(attributes, "direction").map("inbound"::equals).orElse(false);
                    if (inbound) {
                        day.inboundContacts++;
                        lastInboundContactAt = later(lastInboundContactAt, occurredAt);
                        lastEngagementAt = later(lastEngagementAt, occurredAt);
                    } else {
                        day.outboundContacts++;
                    }
                    lastHumanContactAt = later(lastHumanContactAt, occurredAt);
                } else if (category == EventCategory.MARKETING) {
                    day.marketingTouches++;
                    // An opened e-mail may be a mail client's preview: only a click or a webinar is the customer acting.
                    if (type != EngagementEventType.MARKETING_EMAIL_OPEN) {
                        lastEngagementAt = later(lastEngagementAt, occurredAt);
                    }
                } else if (category == EventCategory.ADVOCACY) {
                    day.advocacyActs++;
                    lastEngagementAt = later(lastEngagementAt, occurredAt);
                }
            }
        }
    }

    /**
     * Drops what no model window reads any more: days older than {@link #RETAINED_DAYS} before {@code today}, features
     * last used before the longest window, and the per-day feature names documents written before kept (the features
     * used come from {@link #featureLastUsed()}).
     */
    public void prune(LocalDate today) {
        days.headMap(today.minusDays(RETAINED_DAYS), false).clear();
        days.values().forEach(day -> day.features.clear());
        Instant windowStart = today.minusDays(MAX_WINDOW_DAYS - 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
        featureLastUsed.values().removeIf(lastUsed -> lastUsed.isBefore(windowStart));
    }

    /** The features last used on or after {@code since}. */
    public Set<String> featuresUsedSince(Instant since) {
        Set<String> used = new TreeSet<>();
        featureLastUsed.forEach((feature, lastUsed) -> {
            if (!lastUsed.isBefore(since)) {
                used.add(feature);
            }
        });
        return used;
    }

    public NavigableMap<LocalDate, DaySignals> days() {
        return days;
    }

    public Map<String, Instant> featureLastUsed() {
        return featureLastUsed;
    }

    public Set<String> openTickets() {
        return openTickets;
    }

    public Optional<Instant> lastHumanContactAt() {
        return Optional.ofNullable(lastHumanContactAt);
    }

    public Optional<Instant> lastInboundContactAt() {
        return Optional.ofNullable(lastInboundContactAt);
    }

    /** The latest engagement the customer made: inbound contact, marketing click or webinar, advocacy. */
    public Optional<Instant> lastEngagementAt() {
        return Optional.ofNullable(lastEngagementAt);
    }

    public Optional<Integer> lastNps() {
        return Optional.ofNullable(lastNps);
    }

    public Optional<Instant> lastNpsAt() {
        return Optional.ofNullable(lastNpsAt);
    }

    /** Restores stored account-level fields (see the state store's mapping). */
    public void restore(Instant lastHumanContactAt, Instant lastInboundContactAt, Instant lastEngagementAt, Integer lastNps,
            Instant lastNpsAt) {
        this.lastHumanContactAt = lastHumanContactAt;
        this.lastInboundContactAt = lastInboundContactAt;
        this.lastEngagementAt = lastEngagementAt;
        this.lastNps = lastNps;
        this.lastNpsAt = lastNpsAt;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private static Optional<String> text(Map<String, Object> attributes, String name) {
        Object value = attributes.get(name);
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString());
    }

    private static Optional<Integer> number(Map<String, Object> attributes, String name) {
        return attributes.get(name) instanceof Number n ? Optional.of(n.intValue()) : Optional.empty();
    }
}
