package io.retentionplatform.scoring.ingest;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.retentionplatform.contracts.EngagementEventType;

/**
 * Data minimisation at ingest (GDPR art. 5(1)(c)): of an event's attributes only those the scoring reads are kept,
 * plus {@code source}, the pseudonymous {@code userId} (so that one person's data can be erased) and a configured
 * allow-list. Everything else a sender attaches (Segment traits such as e-mail, name or phone, free CloudEvent
 * {@code data}) is dropped before the event reaches Kafka, and so never reaches MongoDB or the events API. Values
 * are kept only when they are scalars (text, number, boolean): no kept attribute needs structure, and a nested object
 * could carry anything.
 */
public final class AttributeAllowList {

    /** Kept on every event type: where the event came from, and whose it is (for a per-person erasure). */
    public static final Set<String> ALWAYS = Set.of("source", "userId");

    /**
     * What each event type's scoring reads ({@code AccountSignals}), validates ({@link EventValidator}) or forwards
     * ({@code ArrChangeForwarder}); the README's table lists the same.
     */
    static final Map<EngagementEventType, Set<String>> READ_BY_SCORING = readByScoring();

    private final Set<String> configured;

    public AttributeAllowList(Collection<String> configured) {
        this.configured = Set.copyOf(configured);
    }

    /** The attribute names an event of {@code type} keeps (its own, the always-kept ones and the configured ones). */
    public Set<String> keptFor(EngagementEventType type) {
        Set<String> kept = new TreeSet<>(ALWAYS);
        kept.addAll(READ_BY_SCORING.getOrDefault(type, Set.of()));
        kept.addAll(configured);
        return kept;
    }

    /**
     * The attributes to keep of an event of {@code type} (an unknown type keeps only the always-kept and configured
     * ones); scalars only. The input is not changed.
     */
    public Map<String, Object> filter(EngagementEventType type, Map<String, Object> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return Map.of();
        }
        Set<String> kept = type == null ? union(ALWAYS, configured) : keptFor(type);
        Map<String, Object> filtered = new LinkedHashMap<>();
        attributes.forEach((name, value) -> {
            if (kept.contains(name) && isScalar(value)) {
                filtered.put(name, value);
            }
        });
        return filtered;
    }

    private static boolean isScalar(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static Map<EngagementEventType, Set<String>> readByScoring() {
        Map<EngagementEventType, Set<String>> read = new EnumMap<>(EngagementEventType.class);
        read.put(EngagementEventType.USAGE_FEATURE_USED, Set.of("feature"));
        read.put(EngagementEventType.SUPPORT_TICKET_OPENED, Set.of("ticketId", "severity"));
        read.put(EngagementEventType.SUPPORT_TICKET_CLOSED, Set.of("ticketId", "csat"));
        for (EngagementEventType contact : List.of(EngagementEventType.CONTACT_CALL, EngagementEventType.CONTACT_MEETING,
                EngagementEventType.CONTACT_EMAIL_REPLY)) {
            read.put(contact, Set.of("direction"));
        }
        read.put(EngagementEventType.SURVEY_NPS, Set.of("score"));
        read.put(EngagementEventType.COMMERCIAL_ARR_CHANGE, Set.of("kind", "amount", "currency", "renewalDate"));
        read.put(EngagementEventType.COMMERCIAL_RENEWAL, Set.of("amount", "currency", "renewalDate"));
        return Map.copyOf(read);
    }
}
