package io.retentionplatform.infra.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.retentionplatform.contracts.EngagementEventMessage;
import io.retentionplatform.contracts.EngagementEventType;
import io.retentionplatform.contracts.EventCategory;
import org.bson.Document;

/**
 * One account of the replay benchmark as scoring-service would hold it after folding its events: the
 * {@code account_state} document and one {@code events} document per event. The benchmark writes them straight into
 * MongoDB because sending ten million events through the webhook first would take this machine hours.
 * <p>
 * The fold repeats scoring-service's rules ({@code AccountSignals.apply}: daily buckets, features last used, open
 * tickets, last contacts, last NPS) and the stored shapes ({@code AccountStateStore}: instants as ISO-8601 text,
 * feature names as values; {@code EventStore.store}: dates as dates). Written by hand because the benchmark must not
 * load the service's classes; {@code ScoringBenchmark} checks a sample of accounts against what the service reports.
 */
final class SeededAccount {

    /** As {@code AccountSignals.MAX_OPEN_TICKETS}. */
    private static final int MAX_OPEN_TICKETS = 500;

    private final String accountId;
    private final Map<LocalDate, Map<String, Object>> days = new TreeMap<>();
    private final Map<String, Instant> featureLastUsed = new TreeMap<>();
    private final Set<String> openTickets = new LinkedHashSet<>();
    private final List<String> eventIds = new ArrayList<>();
    private final Map<String, Long> foldedByType = new TreeMap<>();
    private final List<Document> eventDocuments = new ArrayList<>();
    private Instant lastHumanContactAt;
    private Instant lastInboundContactAt;
    private Instant lastEngagementAt;
    private Integer lastNps;
    private Instant lastNpsAt;
    private int inboundContacts;
    private int outboundContacts;
    private int advocacyActs;
    private int marketingTouches;

    SeededAccount(String accountId) {
        this.accountId = accountId;
    }

    String accountId() {
        return accountId;
    }

    /**
     * Folds one event as the native webhook takes it ({@link EventMix}) and keeps its stored document; it was received
     * two seconds after it happened, as a pipeline that forwards events as they come would deliver it.
     */
    SeededAccount fold(Map<String, Object> event) {
        String type = (String) event.get("type");
        EngagementEventType known = EngagementEventType.fromWireName(type)
                .orElseThrow(() -> new IllegalArgumentException("Unknown event type " + type));
        Instant occurredAt = Instant.parse((String) event.get("occurredAt"));
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) event.get("attributes");
        apply(known, occurredAt, attributes);
        eventIds.add((String) event.get("id"));
        foldedByType.merge(type, 1L, Long::sum);
        eventDocuments.add(eventDocument(event, occurredAt.plusSeconds(2)));
        return this;
    }

    /** The {@code events} document scoring-service stores for {@code event} ({@code EventStore.store}). */
    static Document eventDocument(Map<String, Object> event, Instant receivedAt) {
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) event.get("attributes");
        return new Document("_id", event.get("id"))
                .append("accountId", event.get("accountId"))
                .append("type", event.get("type"))
                .append("occurredAt", Date.from(Instant.parse((String) event.get("occurredAt"))))
                .append("receivedAt", Date.from(receivedAt))
                .append("attributes", new Document(attributes))
                .append("schemaVersion", EngagementEventMessage.SCHEMA_VERSION);
    }

    private void apply(EngagementEventType type, Instant occurredAt, Map<String, Object> attributes) {
        Map<String, Object> day = days.computeIfAbsent(LocalDate.ofInstant(occurredAt, ZoneOffset.UTC), d -> emptyDay());
        switch (type) {
            case USAGE_LOGIN -> increment(day, "logins");
            case USAGE_FEATURE_USED -> {
                increment(day, "featureUses");
                String feature = text(attributes, "feature");
                if (feature != null) {
                    features(day).add(feature);
                    featureLastUsed.merge(feature, occurredAt, SeededAccount::later);
                }
            }
            case SUPPORT_TICKET_OPENED -> {
                increment(day, "ticketsOpened");
                String severity = text(attributes, "severity");
                if ("high".equals(severity) || "urgent".equals(severity)) {
                    increment(day, "highSeverityOpened");
                }
                String ticket = text(attributes, "ticketId");
                if (ticket != null && openTickets.size() < MAX_OPEN_TICKETS) {
                    openTickets.add(ticket);
                }
            }
            case SUPPORT_TICKET_CLOSED -> {
                increment(day, "ticketsClosed");
                String ticket = text(attributes, "ticketId");
                if (ticket != null) {
                    openTickets.remove(ticket);
                }
            }
            case SURVEY_NPS -> {
                if (attributes.get("score") instanceof Number score && (lastNpsAt == null || !occurredAt.isBefore(lastNpsAt))) {
                    lastNps = score.intValue();
                    lastNpsAt = occurredAt;
                }
            }
            default -> applyByCategory(type, occurredAt, attributes, day);
        }
    }

    private void applyByCategory(EngagementEventType type, Instant occurredAt, Map<String, Object> attributes,
            Map<String, Object> day) {
        EventCategory category = type.category();
        if (category == EventCategory.HUMAN_CONTACT) {
            if ("inbound".equals(text(attributes, "direction"))) {
                increment(day, "inboundContacts");
                inboundContacts++;
                lastInboundContactAt = later(lastInboundContactAt, occurredAt);
                lastEngagementAt = later(lastEngagementAt, occurredAt);
            } else {
                increment(day, "outboundContacts");
                outboundContacts++;
            }
            lastHumanContactAt = later(lastHumanContactAt, occurredAt);
        } else if (category == EventCategory.MARKETING) {
            increment(day, "marketingTouches");
            marketingTouches++;
            // An opened e-mail may be a mail client's preview: only a click or a webinar is the customer acting.
            if (type != EngagementEventType.MARKETING_EMAIL_OPEN) {
                lastEngagementAt = later(lastEngagementAt, occurredAt);
            }
        } else if (category == EventCategory.ADVOCACY) {
            increment(day, "advocacyActs");
            advocacyActs++;
            lastEngagementAt = later(lastEngagementAt, occurredAt);
        }
    }

    long eventsFolded() {
        return eventIds.size();
    }

    Map<String, Long> eventsFoldedByType() {
        return foldedByType;
    }

    List<Document> eventDocuments() {
        return eventDocuments;
    }

    /**
     * What the service's signal summary ({@code GET /accounts/{id}/engagement}) must show for this account, for the
     * figures that do not depend on the day (every seeded event lies within the 90-day contact window).
     */
    Map<String, Object> expectedSignals() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("openTickets", openTickets.size());
        expected.put("inboundContacts90", inboundContacts);
        expected.put("outboundContacts90", outboundContacts);
        expected.put("advocacyActs90", advocacyActs);
        expected.put("marketingTouches90", marketingTouches);
        expected.put("lastNpsAnswer", lastNps);
        return expected;
    }

    /**
     * The {@code account_state} document: what today's service reads ({@code recentEventIds} for deduplication) and
     * what the batch-consuming service reads ({@code pendingIds} empty: every folded event is in the event store;
     * {@code eventsFolded} and {@code eventsFoldedByType} matching the stored events). No score yet: the service
     * makes the first one itself when the account's next event arrives.
     */
    Document stateDocument() {
        Document stored = new Document();
        days.forEach((day, signals) -> stored.append(day.toString(),
                new Document(signals).append("features", new ArrayList<>(features(signals)))));
        List<Document> features = new ArrayList<>();
        featureLastUsed.forEach((feature, at) -> features.add(new Document("feature", feature).append("lastUsed", at.toString())));
        return new Document("_id", accountId)
                .append("revision", 1L)
                .append("days", stored)
                .append("featureLastUsed", features)
                .append("openTickets", new ArrayList<>(openTickets))
                .append("lastHumanContactAt", text(lastHumanContactAt))
                .append("lastInboundContactAt", text(lastInboundContactAt))
                .append("lastEngagementAt", text(lastEngagementAt))
                .append("lastNps", lastNps)
                .append("lastNpsAt", text(lastNpsAt))
                .append("plan", null)
                .append("recentEventIds", new ArrayList<>(eventIds))
                .append("pendingIds", List.of())
                .append("eventsFolded", eventsFolded())
                .append("eventsFoldedByType", new Document(new LinkedHashMap<String, Object>(foldedByType)))
                .append("current", null)
                .append("publishedVersion", 0L)
                .append("daily", new Document())
                .append("pending", null)
                .append("erasedAt", null)
                .append("erasedUsers", new Document());
    }

    private static Map<String, Object> emptyDay() {
        Map<String, Object> day = new LinkedHashMap<>();
        for (String count : List.of("logins", "featureUses")) {
            day.put(count, 0);
        }
        day.put("features", new TreeSet<String>());
        for (String count : List.of("ticketsOpened", "ticketsClosed", "highSeverityOpened", "inboundContacts",
                "outboundContacts", "marketingTouches", "advocacyActs")) {
            day.put(count, 0);
        }
        return day;
    }

    private static void increment(Map<String, Object> day, String count) {
        day.put(count, (int) day.get(count) + 1);
    }

    @SuppressWarnings("unchecked")
    private static Set<String> features(Map<String, Object> day) {
        return (Set<String>) day.get("features");
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private static String text(Map<String, Object> attributes, String name) {
        Object value = attributes.get(name);
        return value == null || value.toString().isBlank() ? null : value.toString();
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
