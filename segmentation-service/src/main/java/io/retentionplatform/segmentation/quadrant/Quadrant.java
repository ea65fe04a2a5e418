package io.retentionplatform.segmentation.quadrant;

import java.util.Arrays;
import java.util.Optional;

/**
 * Seed 000, step 1 ("Segmentatie op Engagement"): accounts placed by product usage / feature adoption against
 * communication frequency / inbound contact.
 */
public enum Quadrant {
    /** High usage, high contact: the base for case studies, referrals and expansion plays. */
    ACTIVE_ADVOCATES("active_advocates", "Active Advocates", true, true),
    /** High usage, low contact: they use the product and pay, but never talk to you; the biggest hidden risk. */
    SILENT_SATISFIEDS("silent_satisfieds", "Silent Satisfieds", true, false),
    /** Low usage, high contact: many support tickets, not getting the product's value. */
    STRUGGLING_NEEDY("struggling_needy", "Struggling / Needy", false, true),
    /** Low usage, low contact: high chance of churn, needs a rescue now. */
    AT_RISK_DISENGAGED("at_risk_disengaged", "At-Risk / Disengaged", false, false);

    /** Prefix of the quadrants' segment ids in segment changes. */
    public static final String SEGMENT_PREFIX = "quadrant:";

    private final String id;
    private final String label;
    private final boolean highUsage;
    private final boolean highContact;

    Quadrant(String id, String label, boolean highUsage, boolean highContact) {
        this.id = id;
        this.label = label;
        this.highUsage = highUsage;
        this.highContact = highContact;
    }

    /** Lower-case id used on the wire and in rule segments: {@code active_advocates}, ... */
    public String id() {
        return id;
    }

    /** The segment id: {@code quadrant:} and the id. */
    public String segmentId() {
        return SEGMENT_PREFIX + id;
    }

    /** The seed's English name, for people. */
    public String label() {
        return label;
    }

    public boolean highUsage() {
        return highUsage;
    }

    public boolean highContact() {
        return highContact;
    }

    public static Quadrant of(boolean highUsage, boolean highContact) {
        if (highUsage) {
            return highContact ? ACTIVE_ADVOCATES : SILENT_SATISFIEDS;
        }
        return highContact ? STRUGGLING_NEEDY : AT_RISK_DISENGAGED;
    }

    /** The quadrant with this id (or, for convenience, this segment id), empty for null or an unknown one. */
    public static Optional<Quadrant> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String bare = id.startsWith(SEGMENT_PREFIX) ? id.substring(SEGMENT_PREFIX.length()) : id;
        return Arrays.stream(values()).filter(quadrant -> quadrant.id.equals(bare)).findFirst();
    }
}
